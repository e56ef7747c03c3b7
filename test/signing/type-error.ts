// For the signing tests: a refusal's TypeError, to read its message.
import { AssertionError } from 'node:assert';

/** The TypeError `run` throws; fails the test when `run` returns or throws anything else. */
export function typeErrorOf(run: () => unknown): TypeError {
  let returned: unknown;
  try {
    returned = run();
  } catch (error) {
    if (error instanceof TypeError) return error;
    throw new AssertionError({ message: `expected a TypeError, got ${String(error)}`, actual: error });
  }
  throw new AssertionError({ message: 'expected a TypeError, but it returned', actual: returned });
}
