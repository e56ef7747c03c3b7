import { AssertionError } from 'node:assert';
import { onTestFinished } from 'vitest';
import { NotificationError, computeDigest, formatNotificationTime, isNotificationError, type NotificationErrorCode } from '../src/index.js';
import { isThenable } from '../src/lib/receive/replay.js';

export const TOKEN = 'test-token-3f9a';
export const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);
export const TIME = formatNotificationTime(NOW);

/** A genuine notification body as WMSPanel sends it, for a fixed clock at {@link NOW}. */
export function genuine(
  overrides: Partial<Record<'time' | 'digest' | 'server' | 'status', string>> = {},
  token = TOKEN,
): Record<string, string> {
  const time = overrides.time ?? TIME;
  return {
    time,
    digest: computeDigest(time, token),
    server: 'edge1.example.com',
    status: 'offline',
    ...overrides,
  };
}

/**
 * The code of the NotificationError `run` throws, or 'passed'; anything else thrown is rethrown. For tables
 * and properties that compare codes; a test that expects one code uses {@link expectCode}.
 */
export function codeOf(run: () => unknown): NotificationErrorCode | 'passed' {
  try {
    run();
    return 'passed';
  } catch (error) {
    if (isNotificationError(error)) return error.code;
    throw error;
  }
}

function hasCode(error: unknown, code: NotificationErrorCode): NotificationError {
  if (!isNotificationError(error)) {
    throw new AssertionError({ message: `expected a NotificationError ${code}, got ${String(error)}`, actual: error, expected: code });
  }
  if (error.code !== code) {
    throw new AssertionError({ message: `expected a NotificationError ${code}, got ${error.code}: ${error.message}`, actual: error.code, expected: code });
  }
  return error;
}

/**
 * Asserts that `run` throws a NotificationError of `code` and returns it (to check its message or cause);
 * when `run` returns a promise, the returned promise resolves to the error the promise rejects with. It fails
 * when `run` returns, the promise resolves, or anything else is thrown. An async check that is never awaited
 * fails its test too (it is checked when the test finishes), so a forgotten `await` cannot pass.
 *
 * @example
 * expectCode(() => parseNotification('{'), 'INVALID_JSON');
 * const error = await expectCode(() => handler(request), 'BODY_TOO_LARGE');
 */
// `() => never` first: a function that only throws would otherwise match the promise form.
export function expectCode(run: () => never, code: NotificationErrorCode): NotificationError;
export function expectCode(run: () => PromiseLike<unknown>, code: NotificationErrorCode): Promise<NotificationError>;
// eslint-disable-next-line @typescript-eslint/unified-signatures -- the order of the overloads is the point
export function expectCode(run: () => unknown, code: NotificationErrorCode): NotificationError;
export function expectCode(run: () => unknown, code: NotificationErrorCode): NotificationError | Promise<NotificationError> {
  let value: unknown;
  try {
    value = run();
  } catch (error) {
    return hasCode(error, code);
  }
  if (!isThenable(value)) throw new AssertionError({ message: `expected a NotificationError ${code}, but it returned`, actual: value, expected: code });
  let awaited = false;
  const checked = Promise.resolve(value).then(
    (resolved) => {
      throw new AssertionError({ message: `expected a NotificationError ${code}, but the promise resolved`, actual: resolved, expected: code });
    },
    (error: unknown) => hasCode(error, code),
  );
  onTestFinished(() => {
    if (!awaited) throw new Error(`expectCode(..., '${code}') returned a promise that the test never awaited: it checked nothing`);
  });
  return {
    then(onFulfilled, onRejected) {
      awaited = true;
      return checked.then(onFulfilled, onRejected);
    },
    catch(onRejected) {
      awaited = true;
      return checked.catch(onRejected);
    },
    finally(onFinally) {
      awaited = true;
      return checked.finally(onFinally);
    },
    [Symbol.toStringTag]: 'Promise',
  } as Promise<NotificationError>;
}

/**
 * For fast-check and tables: runs `parse` on an input, and lets only NotificationErrors pass (anything else
 * thrown fails). The one way the suite says "refuses only with its own errors".
 */
export const throwsOnlyNotificationErrors =
  (parse: (input: unknown) => unknown) =>
  (input: unknown): void => {
    try {
      parse(input);
    } catch (error) {
      // instanceof, not isNotificationError (which also takes a look-alike from another copy of the package).
      if (!(error instanceof NotificationError)) throw error;
    }
  };

/** The clock of the kits' receivers and verifiers: two seconds after {@link NOW}, when the kits' bodies are fresh. */
export const testClock = (): number => NOW + 2000;

/**
 * A value whose every read throws (a Proxy over `target`: its properties, keys, prototype and `in`), as a
 * callback or a body parser may hand one over; what the package must survive without throwing. Its `then`
 * reads as undefined, so that awaiting it does not throw before the code under test sees it.
 */
export function hostileProxy<T extends object>(target: T): T {
  const boom = (): never => {
    throw new Error('a hostile read');
  };
  return new Proxy(target, {
    get: (_target, key) => (key === 'then' ? undefined : boom()),
    getOwnPropertyDescriptor: boom,
    ownKeys: boom,
    has: boom,
    getPrototypeOf: boom,
  });
}
