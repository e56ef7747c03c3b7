import { NotificationError } from './errors.js';
import { misuse } from './misuse.js';

/**
 * How old a notification may be by default, in seconds: generous, since WMSPanel does not document its delay.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_AGE_SECONDS, verifyNotification } from 'wmspanel-notifications';
 *
 * verifyNotification(body, { token, maxAgeSeconds: DEFAULT_MAX_AGE_SECONDS / 2 });
 * ```
 */
export const DEFAULT_MAX_AGE_SECONDS = 3600;
/**
 * How far in the future a notification's time may be by default, in seconds, for clocks that disagree.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_FUTURE_SECONDS } from 'wmspanel-notifications';
 *
 * console.log(`sender clocks may run up to ${DEFAULT_MAX_FUTURE_SECONDS} s ahead`);
 * ```
 */
export const DEFAULT_MAX_FUTURE_SECONDS = 300;

/**
 * The options every signed kind's verification takes: the token(s), the freshness window and the clock.
 *
 * @example
 * ```ts
 * import type { CommonVerifyOptions } from 'wmspanel-notifications';
 *
 * const options: CommonVerifyOptions = { token: [process.env.WMSPANEL_TOKEN!, process.env.WMSPANEL_OLD_TOKEN!], maxAgeSeconds: 600 };
 * ```
 */
export interface CommonVerifyOptions {
  /** The token from the panel's API setup page, or every token accepted while rotating. Required. */
  token: string | readonly string[];
  /** How old a request's signed or sent time may be, in seconds. Default {@link DEFAULT_MAX_AGE_SECONDS}; `Infinity` turns the check off. */
  maxAgeSeconds?: number;
  /** How far in the future a request's time may be, in seconds. Default {@link DEFAULT_MAX_FUTURE_SECONDS}. */
  maxFutureSeconds?: number;
  /** The clock, in milliseconds since the epoch, like `Date.now` (the default). For tests. */
  now?: () => number;
}

/**
 * The common options, checked once (a misconfiguration is a `TypeError` at once) and made ready: the one
 * shared verifier step every kind's verification gets, whether from a receiver or from its own
 * `verify...` function.
 */
export interface VerifySettings {
  /** Every accepted token (empty for an endpoint of unsigned kinds only); never in an error or a response. */
  readonly tokens: readonly string[];
  /** How old a time may be, in milliseconds (`maxAgeSeconds`). */
  readonly maxAgeMs: number;
  /** How far ahead a time may be, in milliseconds (`maxFutureSeconds`). */
  readonly maxFutureMs: number;
  /** The clock, in milliseconds (`now`, else `Date.now`). */
  readonly now: () => number;
}

function isUsableToken(token: unknown): token is string {
  return typeof token === 'string' && token.trim() !== '';
}

/**
 * What an unusable token option was, for its TypeError: its type, or what is wrong with a string, never
 * a string's value (it may be a token with one character wrong). An environment variable that is not set
 * is the usual cause of `undefined`, so the message asks about it.
 */
export function describeTokenGiven(token: unknown): string {
  if (token === undefined) return 'got undefined: is the environment variable it is read from (WMSPANEL_TOKEN?) set?';
  if (token === null) return 'got null';
  if (typeof token === 'string') return token === '' ? 'got an empty string: is the environment variable it is read from set to nothing?' : 'got a string of white space only';
  if (Array.isArray(token)) return token.length === 0 ? 'got an empty array' : 'got an array';
  return `got ${typeof token === 'object' ? 'an object' : `a ${typeof token}`}`;
}

/** The TypeError for a token option that is not a usable token (or list of them). */
function unusableToken(token: unknown): TypeError {
  if (Array.isArray(token) && token.length > 0) {
    const index = token.findIndex((entry) => !isUsableToken(entry));
    return misuse(`options.token[${index}] must be a non-empty string; ${describeTokenGiven(token[index])}`);
  }
  return misuse(`options.token must be a non-empty string, or a non-empty array of non-empty strings; ${describeTokenGiven(token)}`);
}

/** Reads a number of seconds option into milliseconds. */
function readMilliseconds(value: unknown, name: string, defaultSeconds: number): number {
  const seconds = value ?? defaultSeconds;
  if (typeof seconds !== 'number' || Number.isNaN(seconds) || seconds < 0) {
    throw misuse(`options.${name} must be a number of seconds, 0 or more`);
  }
  return seconds * 1000;
}

/**
 * Reads the common options. `tokenRequired` is false for an endpoint that receives only unsigned kinds:
 * no token is then an empty list (a token given is still checked).
 */
export function readVerifySettings(options: CommonVerifyOptions, tokenRequired = true): VerifySettings {
  if (typeof options !== 'object' || options === null) throw misuse('options with a token are required');
  const { token } = options as { token?: unknown };
  let tokens: readonly string[];
  if (!tokenRequired && token === undefined) {
    tokens = [];
  } else if (isUsableToken(token)) {
    tokens = [token];
  } else if (Array.isArray(token) && token.length > 0 && token.every(isUsableToken)) {
    tokens = [...(token as string[])];
  } else {
    throw unusableToken(token);
  }
  // A token read from a file or an environment file often ends in a newline: every notification would
  // then fail as INVALID_DIGEST with no hint. Say so here (without quoting the token).
  for (const candidate of tokens) {
    if (candidate.trim() !== candidate) {
      throw misuse('options.token has white space at its start or end (a newline from a secrets file?): trim it');
    }
  }
  const maxAgeMs = readMilliseconds(options.maxAgeSeconds, 'maxAgeSeconds', DEFAULT_MAX_AGE_SECONDS);
  const maxFutureMs = readMilliseconds(options.maxFutureSeconds, 'maxFutureSeconds', DEFAULT_MAX_FUTURE_SECONDS);
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw misuse('options.now must be a function returning milliseconds');
  return { tokens, maxAgeMs, maxFutureMs, now };
}

/** Calls the clock; a clock that returns something else than a finite number is a TypeError (a bug). */
export function readClock(now: () => number): number {
  const current = now();
  if (typeof current !== 'number' || !Number.isFinite(current)) {
    throw misuse('options.now must return a finite number of milliseconds');
  }
  return current;
}

/**
 * Refuses a request whose time is older than `maxAgeSeconds` or further ahead than `maxFutureSeconds`, by
 * the clock read once per request (`current`): `STALE_NOTIFICATION`, naming `what` ("Notification", "An
 * event") and its time (`whatTime`: "Notification time", "An event's time").
 */
export function assertFresh(timeMs: number, current: number, settings: VerifySettings, what: string, whatTime: string): void {
  const age = current - timeMs;
  if (age > settings.maxAgeMs) {
    throw new NotificationError('STALE_NOTIFICATION', `${what} is ${Math.round(age / 1000)} s old; at most ${settings.maxAgeMs / 1000} s is accepted`);
  }
  if (-age > settings.maxFutureMs) {
    throw new NotificationError('STALE_NOTIFICATION', `${whatTime} is ${Math.round(-age / 1000)} s in the future; at most ${settings.maxFutureMs / 1000} s is accepted`);
  }
}
