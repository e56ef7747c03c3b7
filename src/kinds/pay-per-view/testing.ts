import { misuse } from '../../lib/misuse.js';
import { randomId } from '../../lib/random-id.js';
import { sameText } from '../../lib/same-text.js';
import { postJson, type SendOptions } from '../../lib/send.js';
import { testSignature } from '../stream/testing.js';
import { parsePayPerViewSync } from './parse.js';
import { computeSolution } from './response.js';
import type { PayPerViewSync } from './types.js';

/**
 * A way to spoil a test pay-per-view sync, to check that a handler refuses it: `'wrong-token'` (signed with
 * another token), `'tampered-signature'` (one character changed) or `'unsigned'` (no `Signature` or
 * `Puzzle`, as from a panel with no token); each is answered 401 `INVALID_SIGNATURE`.
 *
 * @example
 * ```ts
 * import type { PayPerViewForgery } from 'wmspanel-notifications/testing';
 *
 * const cases: PayPerViewForgery[] = ['wrong-token', 'tampered-signature', 'unsigned'];
 * ```
 */
export type PayPerViewForgery = 'wrong-token' | 'tampered-signature' | 'unsigned';

/**
 * One player session of a test sync; every field but `id` has a default.
 *
 * @example
 * ```ts
 * import type { TestPayPerViewPlayer } from 'wmspanel-notifications/testing';
 *
 * const player: TestPayPerViewPlayer = { id: '17', stream: 'live/camera-2', delta: 30_000 };
 * ```
 */
export interface TestPayPerViewPlayer {
  /** The viewer's id. */
  id: string;
  /** `app/stream`; the stream part may contain more slashes. Default `'live/stream'`. */
  stream?: string;
  /** Default `'127.0.0.1'`. */
  ip?: string;
  /** Watched time since the previous sync. Default 30000. */
  delta?: number;
}

/**
 * Options of `createTestPayPerViewSync`.
 *
 * @example
 * ```ts
 * import type { TestPayPerViewSyncOptions } from 'wmspanel-notifications/testing';
 *
 * const options: TestPayPerViewSyncOptions = { token: 'test-token', players: [{ id: '1' }, { id: '2' }] };
 * ```
 */
export interface TestPayPerViewSyncOptions {
  /** The token to sign with, as the panel would. */
  token: string;
  /** Nimble Streamer's sync (with `sessionid`, `bytes_sent`, `user_agents`) or the Wowza agent's. Default `'nimble'`. */
  format?: 'nimble' | 'wowza';
  /** The player sessions. Default: one, of viewer `'1'`. An empty list sends `"PayPerViewInfo":{}`, as Nimble does. */
  players?: TestPayPerViewPlayer[];
  /** The request's `ID`. Default: a new random UUID. The verifiers take only UUIDs, as Nimble sends them. */
  id?: string;
  /** The request's `Puzzle`. Default: a new random UUID. The verifiers take only UUIDs, as Nimble sends them. */
  puzzle?: string;
  /** Spoil the sync in one of the ways a handler must refuse. Default: a genuine one. */
  forge?: PayPerViewForgery;
  /**
   * The `VHost` name: on Nimble the server's host name. Default `'edge.example.com'` (Nimble) or
   * `'_defaultVHost_'` (Wowza).
   */
  vhost?: string;
}

/**
 * A sync made by `createTestPayPerViewSync`.
 *
 * @example
 * ```ts
 * import { createTestPayPerViewSync, type TestPayPerViewSync } from 'wmspanel-notifications/testing';
 *
 * const { body, sync }: TestPayPerViewSync = createTestPayPerViewSync({ token: 't' });
 * ```
 */
export interface TestPayPerViewSync {
  /** The exact JSON body Nimble would POST. */
  body: string;
  /** Its parsed form. */
  sync: PayPerViewSync;
}

/**
 * Makes the pay-per-view sync Nimble Streamer (or the Wowza agent) would send, signed with the token, its
 * players grouped into the `VHost > Application > Instance > Stream` tree; `forge` spoils it on purpose.
 *
 * @throws TypeError for a token that is not a string, or a player stream that is not `app/stream`
 * @example
 * ```ts
 * import { createTestPayPerViewSync } from 'wmspanel-notifications/testing';
 * import { verifyPayPerViewSync } from 'wmspanel-notifications';
 *
 * const { body } = createTestPayPerViewSync({ token: 'test-token', players: [{ id: '17', stream: 'vod/movie.mp4' }] });
 * verifyPayPerViewSync(body, { token: 'test-token' }).players[0]?.id; // '17'
 * ```
 */
export function createTestPayPerViewSync(options: TestPayPerViewSyncOptions): TestPayPerViewSync {
  const { token, format = 'nimble', players = [{ id: '1' }], forge, vhost = format === 'nimble' ? 'edge.example.com' : '_defaultVHost_' } = options;
  if (typeof token !== 'string') throw misuse('createTestPayPerViewSync needs a token string');
  const id = options.id ?? randomId();
  const puzzle = options.puzzle ?? randomId();
  const signature = testSignature(id, puzzle, token, forge);
  // app -> stream -> players, in the order first seen.
  const apps = new Map<string, Map<string, object[]>>();
  let session = 1000;
  for (const player of players) {
    const path = player.stream ?? 'live/stream';
    const slash = path.indexOf('/');
    if (slash <= 0 || slash === path.length - 1) throw misuse(`A test player's stream must be app/stream, not ${path}`);
    const app = path.slice(0, slash);
    const stream = path.slice(slash + 1);
    const ip = player.ip ?? '127.0.0.1';
    const delta = player.delta ?? 30_000;
    const item =
      format === 'nimble'
        ? { id: player.id, ip, sessionid: String(++session), delta, bytes_sent: delta * 1000, user_agents: ['Mozilla/5.0 (wmspanel-notifications test)'] }
        : { id: player.id, ip, delta };
    let streams = apps.get(app);
    if (streams === undefined) apps.set(app, (streams = new Map<string, object[]>()));
    // Appended in place: a copy of the stream's list per player made 300,000 players take minutes.
    const list = streams.get(stream);
    if (list === undefined) streams.set(stream, [item]);
    else list.push(item);
  }
  const tree = [...apps].map(([app, streams]) => ({
    name: app,
    Instance: [{ name: '_definst_', Stream: [...streams].map(([name, list]) => ({ name, Player: list })) }],
  }));
  const info = players.length === 0 ? {} : { VHost: [{ name: vhost, Application: tree }] };
  const signed = forge === 'unsigned' ? {} : { Signature: signature, Puzzle: puzzle };
  const body = JSON.stringify({ ID: id, ...signed, PayPerViewInfo: info });
  return { body, sync: parsePayPerViewSync(body) };
}

/**
 * Options of `sendTestPayPerViewSync`: those of `createTestPayPerViewSync`, plus request details.
 *
 * @example
 * ```ts
 * import type { SendTestPayPerViewSyncOptions } from 'wmspanel-notifications/testing';
 *
 * const options: SendTestPayPerViewSyncOptions = { token: 'test-token', players: [{ id: '17' }], timeoutMs: 2000 };
 * ```
 */
export interface SendTestPayPerViewSyncOptions extends TestPayPerViewSyncOptions, SendOptions {}

/**
 * What `sendTestPayPerViewSync` resolves to.
 *
 * @example
 * ```ts
 * import { sendTestPayPerViewSync, type SentPayPerViewSync } from 'wmspanel-notifications/testing';
 *
 * const sent: SentPayPerViewSync = await sendTestPayPerViewSync(url, { token: 'test-token' });
 * ```
 */
export interface SentPayPerViewSync {
  /** The handler's answer. */
  response: Response;
  /** The sync sent: its `puzzle` is what the answer's `Solution` must be made of. */
  sync: PayPerViewSync;
}

/**
 * POSTs a test pay-per-view sync to a running handler, as Nimble Streamer would, and returns the `Response`
 * together with the sync sent (its `puzzle` checks the answer's `Solution`, see `readPayPerViewResponse`).
 *
 * @example
 * ```ts
 * import { readPayPerViewResponse, sendTestPayPerViewSync } from 'wmspanel-notifications/testing';
 *
 * const { response, sync } = await sendTestPayPerViewSync('http://127.0.0.1:3000/wmspanel', { token: 'test-token' });
 * const answer = readPayPerViewResponse(await response.text(), { puzzle: sync.puzzle!, token: 'test-token' });
 * answer.deny; // the ids the handler cut off
 * ```
 */
export async function sendTestPayPerViewSync(url: string | URL, options: SendTestPayPerViewSyncOptions): Promise<SentPayPerViewSync> {
  const { body, sync } = createTestPayPerViewSync(options);
  return { response: await postJson(url, body, options), sync };
}

/**
 * What `readPayPerViewResponse` found in a handler's answer.
 *
 * @example
 * ```ts
 * import type { PayPerViewAnswer } from 'wmspanel-notifications/testing';
 *
 * const ok = (answer: PayPerViewAnswer) => answer.solution === 'valid';
 * ```
 */
export interface PayPerViewAnswer {
  /** The ids of the `DenyList`, as strings (a number sent is kept as its digits). */
  deny: string[];
  /** Whether the `Solution` is there and right: without it, Nimble ignores the deny list under mutual authorization. */
  solution: 'valid' | 'wrong' | 'missing';
}

/**
 * Reads the answer a pay-per-view handler (this package's, or one in any language) gave to a sync, and
 * checks its `Solution` against the sync's puzzle and the token, as Nimble does under mutual authorization.
 *
 * @throws TypeError for an answer that is not JSON of the form `{"DenyList":{"ID":[...]},"Solution":"..."}`
 * @example
 * ```ts
 * import { readPayPerViewResponse } from 'wmspanel-notifications/testing';
 *
 * const answer = readPayPerViewResponse('{"DenyList":{"ID":["3"]},"Solution":"1zB7iuiiV+O/hoVa9dO3aQ=="}', { puzzle, token });
 * answer.deny; // ['3']
 * ```
 */
export function readPayPerViewResponse(body: string, options: { puzzle: string; token: string }): PayPerViewAnswer {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw misuse('The pay-per-view answer is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw misuse('The pay-per-view answer is not a JSON object');
  const { DenyList: denyList, Solution: solution } = value as { DenyList?: unknown; Solution?: unknown };
  let deny: string[] = [];
  if (denyList !== undefined) {
    const ids = typeof denyList === 'object' && denyList !== null ? (denyList as { ID?: unknown }).ID : undefined;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' || Number.isSafeInteger(id))) {
      throw misuse('The pay-per-view answer\'s DenyList is not {"ID":[...ids]}');
    }
    deny = ids.map(String);
  }
  const expected = computeSolution(options.puzzle, options.token);
  return { deny, solution: typeof solution !== 'string' ? 'missing' : sameText(solution, expected) ? 'valid' : 'wrong' };
}
