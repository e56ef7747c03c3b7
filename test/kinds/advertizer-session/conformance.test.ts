// The advertizer-session kind through the conformance suite (test/kinds/conformance/suite.ts), from its kit in test/kits.ts.
import { describe } from 'vitest';
import { kit } from '../../kits.js';
import { conformance } from '../conformance/suite.js';

describe('advertizer session', () => conformance(kit('advertizer session')));
