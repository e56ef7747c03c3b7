// Every kind's kit through the one conformance suite (test/conformance/suite.ts).
import { describe } from 'vitest';
import { kits } from '../../kits.js';
import { conformance } from '../conformance/suite.js';

describe.each(kits)('$name ($tag)', conformance);
