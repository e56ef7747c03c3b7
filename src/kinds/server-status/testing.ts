import { misuse } from '../../lib/misuse.js';
import { postJson, type SendOptions } from '../../lib/send.js';
import { DEFAULT_MAX_AGE_SECONDS } from '../../lib/options.js';
import { computeDigest } from './digest.js';
import { parseNotification } from './parse.js';
import { formatNotificationTime } from './time.js';
import type { ServerStatus, ServerStatusNotification } from './types.js';

/**
 * A way to spoil a test notification, to check that a handler refuses it:
 * `'wrong-token'` (signed with another token: 401 `INVALID_DIGEST`), `'tampered-digest'` (one digit of the
 * digest changed: 401 `INVALID_DIGEST`) or `'stale'` (two hours old: 401 `STALE_NOTIFICATION`).
 *
 * @example
 * ```ts
 * import type { Forgery } from 'wmspanel-notifications/testing';
 *
 * const cases: Forgery[] = ['wrong-token', 'tampered-digest', 'stale'];
 * ```
 */
export type Forgery = 'wrong-token' | 'tampered-digest' | 'stale';

/**
 * Options of `createTestNotification`.
 *
 * @example
 * ```ts
 * import type { TestNotificationOptions } from 'wmspanel-notifications/testing';
 *
 * const options: TestNotificationOptions = { token: 'test-token', server: 'edge2.example.com' };
 * ```
 */
export interface TestNotificationOptions {
  /** The token to sign with, as WMSPanel would. */
  token: string;
  /** The server name. Default `'edge1.example.com'`. */
  server?: string;
  /** The status. Default `'offline'`. */
  status?: ServerStatus;
  /** The time: a `Date` or epoch milliseconds (formatted as WMSPanel does), or a string used as it is. Default now. */
  time?: Date | number | string;
  /** Spoil the notification in one of the ways a handler must refuse. Default: a genuine one. */
  forge?: Forgery;
}

/**
 * A notification made by `createTestNotification`.
 *
 * @example
 * ```ts
 * import { createTestNotification, type TestNotification } from 'wmspanel-notifications/testing';
 *
 * const { body, notification }: TestNotification = createTestNotification({ token: 't' });
 * ```
 */
export interface TestNotification {
  /** The exact JSON body WMSPanel would POST. */
  body: string;
  /** Its parsed form. */
  notification: ServerStatusNotification;
}

/**
 * Makes the notification WMSPanel would send: time in `YYYY-MM-DD HH:MM:SS UTC`, digest computed from it
 * and the token. The defaults make a genuine, fresh `offline` notification; `forge` spoils it on purpose.
 *
 * @throws TypeError for a token that is not a string
 * @example
 * ```ts
 * import { createTestNotification } from 'wmspanel-notifications/testing';
 * import { verifyNotification } from 'wmspanel-notifications';
 *
 * const { body } = createTestNotification({ token: 'test-token' });
 * verifyNotification(body, { token: 'test-token' }); // passes
 * ```
 */
export function createTestNotification(options: TestNotificationOptions): TestNotification {
  const { token, server = 'edge1.example.com', status = 'offline', forge } = options;
  if (typeof token !== 'string') throw misuse('createTestNotification needs a token string');
  let { time = Date.now() } = options;
  if (forge === 'stale') time = (typeof time === 'string' ? Date.now() : new Date(time).getTime()) - 2 * DEFAULT_MAX_AGE_SECONDS * 1000;
  const timeText = typeof time === 'string' ? time : formatNotificationTime(time);
  let digest = computeDigest(timeText, forge === 'wrong-token' ? `${token}-not-the-real-one` : token);
  if (forge === 'tampered-digest') digest = (digest[0] === '0' ? '1' : '0') + digest.slice(1);
  const body = JSON.stringify({ time: timeText, digest, server, status });
  return { body, notification: parseNotification(body) };
}

/**
 * Options of `sendTestNotification`: those of `createTestNotification`, plus request details.
 *
 * @example
 * ```ts
 * import type { SendTestNotificationOptions } from 'wmspanel-notifications/testing';
 *
 * const options: SendTestNotificationOptions = { token: 'test-token', forge: 'stale' };
 * ```
 */
export interface SendTestNotificationOptions extends TestNotificationOptions, SendOptions {}

/**
 * POSTs a test notification to a running handler, as WMSPanel would, and returns the `Response`.
 *
 * @example
 * ```ts
 * import { sendTestNotification } from 'wmspanel-notifications/testing';
 *
 * const ok = await sendTestNotification('http://127.0.0.1:3000/wmspanel', { token: 'test-token' });
 * ok.status; // 200
 * const forged = await sendTestNotification('http://127.0.0.1:3000/wmspanel', { token: 'test-token', forge: 'wrong-token' });
 * forged.status; // 401
 * ```
 */
export function sendTestNotification(url: string | URL, options: SendTestNotificationOptions): Promise<Response> {
  return postJson(url, createTestNotification(options).body, options);
}

export { formatNotificationTime } from './time.js';
