import { misuse } from '../../lib/misuse.js';
import { randomId } from '../../lib/random-id.js';
import { postJson, type SendOptions } from '../../lib/send.js';
import { DEFAULT_MAX_AGE_SECONDS } from '../../lib/options.js';
import { parseStreamNotification } from './parse.js';
import { computeSignature } from '../../lib/signed-pair.js';
import type { StreamNotification } from './types.js';

/**
 * A way to spoil a test stream notification, to check that a handler refuses it: `'wrong-token'` (signed
 * with another token: 401 `INVALID_SIGNATURE`), `'tampered-signature'` (one character changed: 401
 * `INVALID_SIGNATURE`), `'unsigned'` (no `Signature` or `Puzzle`, as from a panel with no token: 401
 * `INVALID_SIGNATURE`) or `'stale'` (events two hours old, Nimble only: 401 `STALE_NOTIFICATION`).
 *
 * @example
 * ```ts
 * import type { StreamForgery } from 'wmspanel-notifications/testing';
 *
 * const cases: StreamForgery[] = ['wrong-token', 'tampered-signature', 'unsigned', 'stale'];
 * ```
 */
export type StreamForgery = 'wrong-token' | 'tampered-signature' | 'unsigned' | 'stale';

/**
 * One event of a test stream notification; every field but `stream` has a default.
 *
 * @example
 * ```ts
 * import type { TestStreamEvent } from 'wmspanel-notifications/testing';
 *
 * const event: TestStreamEvent = { action: 'unpublish', stream: 'live/camera-2' };
 * ```
 */
export interface TestStreamEvent {
  /** Default `'publish'`. */
  action?: 'publish' | 'unpublish';
  /** `app/name`. */
  stream: string;
  /** Nimble only. Default `'RTMP'`. */
  protocol?: string;
  /** Nimble only. Default `'push'`. */
  type?: string;
  /** Nimble only. Default `'127.0.0.1'`. */
  remoteIp?: string;
}

/**
 * Options of `createTestStreamNotification`.
 *
 * @example
 * ```ts
 * import type { TestStreamNotificationOptions } from 'wmspanel-notifications/testing';
 *
 * const options: TestStreamNotificationOptions = { token: 'test-token', format: 'wowza' };
 * ```
 */
export interface TestStreamNotificationOptions {
  /** The token to sign with, as the panel would. */
  token: string;
  /** Nimble Streamer's format or the Wowza agent's. Default `'nimble'`. */
  format?: 'nimble' | 'wowza';
  /** The events. Default: one publish of `live/stream`. */
  events?: TestStreamEvent[];
  /** The request's `ID`. Default: a new random UUID. The verifiers take only UUIDs, as Nimble sends them. */
  id?: string;
  /** The request's `Puzzle`. Default: a new random UUID. The verifiers take only UUIDs, as Nimble sends them. */
  puzzle?: string;
  /** When the events happened (Nimble): a `Date` or epoch milliseconds. Default now. */
  time?: Date | number;
  /** Spoil the notification in one of the ways a handler must refuse. Default: a genuine one. */
  forge?: StreamForgery;
}

/**
 * A stream notification made by `createTestStreamNotification`.
 *
 * @example
 * ```ts
 * import { createTestStreamNotification, type TestStreamNotification } from 'wmspanel-notifications/testing';
 *
 * const { body, notification }: TestStreamNotification = createTestStreamNotification({ token: 't' });
 * ```
 */
export interface TestStreamNotification {
  /** The exact JSON body the panel would POST. */
  body: string;
  /** Its parsed form. */
  notification: StreamNotification;
}

/** The `Signature` of a test request (stream or pay-per-view), spoilt as `forge` says. */
export function testSignature(id: string, puzzle: string, token: string, forge: string | undefined): string {
  const signature = computeSignature(id, puzzle, forge === 'wrong-token' ? `${token}-not-the-real-one` : token);
  return forge === 'tampered-signature' ? (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1) : signature;
}

/**
 * Makes the stream publish/unpublish notification Nimble Streamer (or the Wowza agent) would send, signed
 * with the token; `forge` spoils it on purpose.
 *
 * @throws TypeError for a token that is not a string
 * @example
 * ```ts
 * import { createTestStreamNotification } from 'wmspanel-notifications/testing';
 * import { verifyStreamNotification } from 'wmspanel-notifications';
 *
 * const { body } = createTestStreamNotification({ token: 'test-token', events: [{ stream: 'live/4k' }] });
 * verifyStreamNotification(body, { token: 'test-token' }); // passes
 * ```
 */
export function createTestStreamNotification(options: TestStreamNotificationOptions): TestStreamNotification {
  const { token, format = 'nimble', events = [{ stream: 'live/stream' }], forge } = options;
  if (typeof token !== 'string') throw misuse('createTestStreamNotification needs a token string');
  const id = options.id ?? randomId();
  const puzzle = options.puzzle ?? randomId();
  let time = options.time === undefined ? Date.now() : new Date(options.time).getTime();
  if (forge === 'stale') time -= 2 * DEFAULT_MAX_AGE_SECONDS * 1000;
  const signature = testSignature(id, puzzle, token, forge);
  const signed = forge === 'unsigned' ? {} : format === 'nimble' ? { Puzzle: puzzle, Signature: signature } : { Signature: signature, Puzzle: puzzle };
  let payload: unknown;
  if (format === 'nimble') {
    const item = (event: TestStreamEvent) => ({
      stream: event.stream,
      protocol: event.protocol ?? 'RTMP',
      time,
      type: event.type ?? 'push',
      remote_ip: event.remoteIp ?? '127.0.0.1',
    });
    const publish = events.filter((event) => (event.action ?? 'publish') === 'publish').map(item);
    const unpublish = events.filter((event) => event.action === 'unpublish').map(item);
    payload = { ID: id, ...signed, ...(publish.length > 0 ? { publish } : {}), ...(unpublish.length > 0 || publish.length === 0 ? { unpublish } : {}) };
  } else {
    const item = (event: TestStreamEvent) => {
      const slash = event.stream.indexOf('/');
      return { VHostName: '_defaultVHost_', AppName: event.stream.slice(0, slash), AppInstanceName: '_definst_', StreamName: event.stream.slice(slash + 1) };
    };
    const publish = events.filter((event) => (event.action ?? 'publish') === 'publish').map(item);
    const unpublish = events.filter((event) => event.action === 'unpublish').map(item);
    const single = <T>(list: T[]): T | T[] => (list.length === 1 ? list[0]! : list);
    payload = {
      ApiSyncRequest: {
        ID: id,
        ...signed,
        ...(publish.length > 0 ? { Publish: single(publish) } : {}),
        ...(unpublish.length > 0 || publish.length === 0 ? { Unpublish: single(unpublish) } : {}),
      },
    };
  }
  const body = JSON.stringify(payload);
  return { body, notification: parseStreamNotification(body) };
}

/**
 * Options of `sendTestStreamNotification`: those of `createTestStreamNotification`, plus request details.
 *
 * @example
 * ```ts
 * import type { SendTestStreamNotificationOptions } from 'wmspanel-notifications/testing';
 *
 * const options: SendTestStreamNotificationOptions = { token: 'test-token', format: 'wowza' };
 * ```
 */
export interface SendTestStreamNotificationOptions extends TestStreamNotificationOptions, SendOptions {}

/**
 * POSTs a test stream notification to a running handler, as Nimble Streamer would, and returns the `Response`.
 *
 * @example
 * ```ts
 * import { sendTestStreamNotification } from 'wmspanel-notifications/testing';
 *
 * const ok = await sendTestStreamNotification('http://127.0.0.1:3000/wmspanel', { token: 'test-token' });
 * ok.status; // 200
 * ```
 */
export function sendTestStreamNotification(url: string | URL, options: SendTestStreamNotificationOptions): Promise<Response> {
  return postJson(url, createTestStreamNotification(options).body, options);
}
