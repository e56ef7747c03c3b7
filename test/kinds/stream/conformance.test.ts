// The stream kind through the conformance suite (test/kinds/conformance/suite.ts), from its kits in test/kits.ts.
import { describe } from 'vitest';
import { kit } from '../../kits.js';
import { conformance } from '../conformance/suite.js';

describe('stream (Nimble)', () => conformance(kit('stream (Nimble)')));
describe('stream (Wowza)', () => conformance(kit('stream (Wowza)')));
