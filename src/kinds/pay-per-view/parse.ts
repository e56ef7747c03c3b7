import { decodeBody } from '../../lib/decode-body.js';
import { NotificationError } from '../../lib/errors.js';
import { explainMangledBody } from '../../lib/mangled-body.js';
import { MAX_TEXT_FIELD_LENGTH, invalid, isRecord, readText } from '../../lib/fields.js';
import type { PayPerViewPlayer, PayPerViewSync } from './types.js';

// The body limit bounds a sync from the network; these bound one a body parser made (no byte limit there).
const MAX_PLAYERS = 1_000_000;
// User agents run longer than names; a few kilobytes holds any real one.
// 8 x MAX_TEXT_FIELD_LENGTH, written out: a bundler keeps a top-level product even when nothing uses it.
const MAX_USER_AGENT_LENGTH = 8_192;
const MAX_USER_AGENTS = 100;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A field of a record: a plain property read when `trusted` (see isTrusted), else an own property only.
 * One small function both ways, so that V8 inlines it: passing a reader function measured slower.
 */
function field(trusted: boolean, record: object, name: string): unknown {
  const value = (record as Record<string, unknown>)[name];
  return value === undefined || trusted || hasOwn.call(record, name) ? value : undefined;
}

// Every field name the sync is read by: when Object.prototype has none of them (it has none unless some
// code polluted it), a plain read of a JSON.parse object can only find its own properties.
const FIELD_NAMES = ['ID', 'Puzzle', 'Signature', 'PayPerViewInfo', 'VHost', 'Application', 'Instance', 'Stream', 'Player', 'name', 'id', 'ip', 'sessionid', 'delta', 'bytes_sent', 'user_agents'];

/**
 * Whether the fields of a decoded value can be read by plain property reads: when this module's own
 * JSON.parse made it and Object.prototype is clean (own-property checks measured at a quarter of the
 * flattening's cost for 10,000 players). An object a body parser made can have any prototype: own
 * properties only.
 */
function isTrusted(parsedHere: boolean): boolean {
  if (!parsedHere) return false;
  for (const name of FIELD_NAMES) if (name in Object.prototype) return false;
  return true;
}

// Error messages name where a bad field is; built only when one is bad (a string per player measured at a
// tenth of the flattening's cost).
const at = (player: number): string => (player === 0 ? '' : ` of player ${player}`);

/** An optional string of at most `max` characters; null is taken for absent. */
function readOptionalText(trusted: boolean, record: object, name: string, player: number, max = MAX_TEXT_FIELD_LENGTH): string | undefined {
  const value = field(trusted, record, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`Field "${name}"${at(player)} must be a string`);
  if (value.length > max) throw invalid(`Field "${name}"${at(player)} is longer than ${max} characters`);
  return value;
}

/** An optional finite number, 0 or more (a time or a byte count); null is taken for absent. */
function readOptionalCount(trusted: boolean, record: object, name: string, player: number): number | undefined {
  const value = field(trusted, record, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(`Field "${name}"${at(player)} must be a number, 0 or more`);
  return value;
}

/**
 * A level of the tree: an array, or a single object (the Wowza agent writes a one-element list as the
 * element itself); absent or null is an empty level. Each item is checked by readItem as it is read.
 */
function readLevel(trusted: boolean, record: object, name: string): readonly unknown[] {
  const value = field(trusted, record, name);
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** An item of a level: an object. */
function readItem(item: unknown, name: string, parent: string): object {
  if (!isRecord(item)) throw invalid(`Field "${name}" of ${parent} must be an array of objects`);
  return item;
}

/** An item of a named level (VHost, Application, Instance, Stream) and its `name`. */
function readNamed(trusted: boolean, item: unknown, level: string, parent: string): [object, string] {
  const record = readItem(item, level, parent);
  return [record, nameOf(trusted, record, level)];
}

/** A non-empty string of at most MAX_TEXT_FIELD_LENGTH characters, or a whole number (kept as its digits). */
function readIdentifier(trusted: boolean, record: object, name: string, player: number, required: boolean): string | undefined {
  const value = field(trusted, record, name);
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT_FIELD_LENGTH) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (value === undefined || value === null) {
    if (required) throw invalid(`Field "${name}"${at(player)} is missing`);
    return undefined;
  }
  throw invalid(`Field "${name}"${at(player)} must be a non-empty string of at most ${MAX_TEXT_FIELD_LENGTH} characters, or a whole number`);
}

function readUserAgents(trusted: boolean, player: object, index: number): string[] | undefined {
  const value = field(trusted, player, 'user_agents');
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_USER_AGENTS) throw invalid(`Field "user_agents"${at(index)} must be an array of at most ${MAX_USER_AGENTS} strings`);
  for (const agent of value) {
    if (typeof agent !== 'string' || agent.length > MAX_USER_AGENT_LENGTH) {
      throw invalid(`Field "user_agents"${at(index)} must hold strings of at most ${MAX_USER_AGENT_LENGTH} characters`);
    }
  }
  // The array itself, not a copy: it belongs to the decoded body (copies measured at a tenth of the cost).
  return value as string[];
}

function readPlayer(trusted: boolean, player: object, vhost: string, app: string, instance: string, stream: string, index: number): PayPerViewPlayer {
  const read: PayPerViewPlayer = { id: readIdentifier(trusted, player, 'id', index, true)!, vhost, app, instance, stream };
  const ip = readOptionalText(trusted, player, 'ip', index);
  if (ip !== undefined) read.ip = ip;
  const sessionId = readIdentifier(trusted, player, 'sessionid', index, false);
  if (sessionId !== undefined) read.sessionId = sessionId;
  const delta = readOptionalCount(trusted, player, 'delta', index);
  if (delta !== undefined) read.delta = delta;
  const bytesSent = readOptionalCount(trusted, player, 'bytes_sent', index);
  if (bytesSent !== undefined) read.bytesSent = bytesSent;
  const userAgents = readUserAgents(trusted, player, index);
  if (userAgents !== undefined) read.userAgents = userAgents;
  return read;
}

/** The `name` of a level; a missing one (the schema allows it for streams) is read as empty. */
function nameOf(trusted: boolean, record: object, level: string): string {
  const value = field(trusted, record, 'name');
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length > MAX_TEXT_FIELD_LENGTH) {
    throw invalid(`Field "name" of a ${level} must be a string of at most ${MAX_TEXT_FIELD_LENGTH} characters`);
  }
  return value;
}

/** The top of a sync, without its players: `ID`, `Puzzle`, `Signature`, all its signature covers. */
function readHead(value: unknown, trusted: boolean): PayPerViewSync {
  if (!isRecord(value)) throw invalid('Body must be a JSON object');
  const sync: PayPerViewSync = { id: readText(value, 'ID'), players: [] };
  // Nimble sends "PayPerViewInfo":{} when nobody watches: a body without it is not a sync (a stream
  // notification, whose signature covers the same ID and Puzzle, must never be taken for one).
  if (field(trusted, value, 'PayPerViewInfo') === undefined) {
    throw invalid('Field "PayPerViewInfo" is missing: every pay-per-view sync has it ("PayPerViewInfo":{} when nobody watches); is this a stream notification?');
  }
  const puzzle = readOptionalText(trusted, value, 'Puzzle', 0);
  if (puzzle !== undefined) sync.puzzle = puzzle;
  const signature = readOptionalText(trusted, value, 'Signature', 0);
  if (signature !== undefined) sync.signature = signature;
  return sync;
}

/** Flattens the player tree of `value` into `sync.players`. */
function readPlayers(value: object, trusted: boolean, sync: PayPerViewSync): void {
  const info = field(trusted, value, 'PayPerViewInfo');
  if (info === undefined || info === null) return;
  if (!isRecord(info)) throw invalid('Field "PayPerViewInfo" must be an object');
  const { players } = sync;
  for (const vhostItem of readLevel(trusted, info, 'VHost')) {
    const [vhostRecord, vhost] = readNamed(trusted, vhostItem, 'VHost', '"PayPerViewInfo"');
    for (const appItem of readLevel(trusted, vhostRecord, 'Application')) {
      const [appRecord, app] = readNamed(trusted, appItem, 'Application', 'a VHost');
      for (const instanceItem of readLevel(trusted, appRecord, 'Instance')) {
        const [instanceRecord, instance] = readNamed(trusted, instanceItem, 'Instance', 'an Application');
        for (const streamItem of readLevel(trusted, instanceRecord, 'Stream')) {
          const [streamRecord, stream] = readNamed(trusted, streamItem, 'Stream', 'an Instance');
          for (const player of readLevel(trusted, streamRecord, 'Player')) {
            if (players.length === MAX_PLAYERS) throw invalid(`The sync lists more than ${MAX_PLAYERS} players`);
            players.push(readPlayer(trusted, readItem(player, 'Player', 'a Stream'), vhost, app, instance, stream, players.length + 1));
          }
        }
      }
    }
  }
}

/**
 * Reads a sync; `checkHead`, when given, runs on its `ID`, `Puzzle` and `Signature` before the player tree
 * is walked, so that a forged sync costs its decoding and no more (a 7.9 MiB forged sync measured at about
 * twice `JSON.parse` when it was flattened first).
 */
export function readPayPerViewSyncValue(value: unknown, parsedHere: boolean, checkHead?: (head: PayPerViewSync) => void): PayPerViewSync {
  try {
    const trusted = isTrusted(parsedHere);
    const sync = readHead(value, trusted);
    checkHead?.(sync);
    readPlayers(value as object, trusted, sync);
    return sync;
  } catch (error) {
    if (error instanceof NotificationError) throw explainMangledBody(value, error);
    // An already-parsed object can be anything: a Proxy or a getter that throws.
    throw invalid('Body could not be read as a pay-per-view sync', error);
  }
}

/**
 * Reads a pay-per-view sync of Nimble Streamer or the Wowza agent into a {@link PayPerViewSync}: the
 * `VHost > Application > Instance > Stream > Player` tree flattened to one entry per player, checking its
 * shape but not its signature (use `verifyPayPerViewSync`). JSON only: an XML sync (the panel's other
 * format) is refused with `XML_NOT_SUPPORTED`. Unknown fields are ignored; an empty
 * `PayPerViewInfo` (`{}` or `null`) is a sync without players; a body without `PayPerViewInfo` is not a
 * sync (`INVALID_NOTIFICATION`: a stream notification carries the same signed `ID` and `Puzzle`).
 *
 * @param body - the raw body as a string, `Uint8Array` or `ArrayBuffer` of UTF-8 JSON, or the object a
 *   body parser already made of it
 * @throws {@link NotificationError} `INVALID_JSON`, `XML_NOT_SUPPORTED` or `INVALID_NOTIFICATION` (no `ID`,
 *   a field mistyped, a player without an id); never anything else, whatever the input
 * @example
 * ```ts
 * import { parsePayPerViewSync } from 'wmspanel-notifications';
 *
 * const sync = parsePayPerViewSync(rawBody);
 * for (const player of sync.players) console.log(player.id, player.ip, player.delta, `${player.app}/${player.stream}`);
 * ```
 */
export function parsePayPerViewSync(body: unknown): PayPerViewSync {
  const value = decodeBody(body);
  return readPayPerViewSyncValue(value, value !== body);
}
