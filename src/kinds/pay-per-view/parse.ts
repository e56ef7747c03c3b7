import { decodeBody } from '../../lib/decode-body.js';
import { NotificationError } from '../../lib/errors.js';
import { MAX_TEXT_FIELD_LENGTH, invalid, isRecord, readOptionalField, readText } from '../../lib/fields.js';
import type { PayPerViewPlayer, PayPerViewSync } from './types.js';

// The body limit bounds a sync from the network; these bound one a body parser made (no byte limit there).
const MAX_PLAYERS = 1_000_000;
// User agents run longer than names; a few kilobytes holds any real one.
const MAX_USER_AGENT_LENGTH = 8 * MAX_TEXT_FIELD_LENGTH;
const MAX_USER_AGENTS = 100;

/** An optional string of at most `max` characters; null is taken for absent. */
function readOptionalText(record: object, name: string, where: string, max = MAX_TEXT_FIELD_LENGTH): string | undefined {
  const value = readOptionalField(record, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`Field "${name}"${where} must be a string`);
  if (value.length > max) throw invalid(`Field "${name}"${where} is longer than ${max} characters`);
  return value;
}

/** An optional finite number, 0 or more (a time or a byte count); null is taken for absent. */
function readOptionalCount(record: object, name: string, where: string): number | undefined {
  const value = readOptionalField(record, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(`Field "${name}"${where} must be a number, 0 or more`);
  return value;
}

/**
 * A level of the tree: an array of objects, or a single object (the Wowza agent writes a one-element list
 * as the element itself); absent or null is an empty level.
 */
function readLevel(record: object, name: string, where: string): readonly object[] {
  const value = readOptionalField(record, name);
  if (value === undefined || value === null) return [];
  const list: readonly unknown[] = Array.isArray(value) ? value : isRecord(value) ? [value] : [undefined];
  for (const item of list) if (!isRecord(item)) throw invalid(`Field "${name}"${where} must be an array of objects`);
  return list as object[];
}

/** A viewer id: a non-empty string, or a whole number (kept as its digits). */
function readPlayerId(player: object, where: string): string {
  const value = readOptionalField(player, 'id');
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (value === undefined || value === null) throw invalid(`Field "id"${where} is missing`);
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT_FIELD_LENGTH) {
    throw invalid(`Field "id"${where} must be a non-empty string of at most ${MAX_TEXT_FIELD_LENGTH} characters, or a whole number`);
  }
  return value;
}

function readUserAgents(player: object, where: string): string[] | undefined {
  const value = readOptionalField(player, 'user_agents');
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_USER_AGENTS) throw invalid(`Field "user_agents"${where} must be an array of at most ${MAX_USER_AGENTS} strings`);
  for (const agent of value) {
    if (typeof agent !== 'string' || agent.length > MAX_USER_AGENT_LENGTH) {
      throw invalid(`Field "user_agents"${where} must hold strings of at most ${MAX_USER_AGENT_LENGTH} characters`);
    }
  }
  return value.slice() as string[];
}

function readPlayer(player: object, place: Pick<PayPerViewPlayer, 'vhost' | 'app' | 'instance' | 'stream'>, where: string): PayPerViewPlayer {
  const read: PayPerViewPlayer = { id: readPlayerId(player, where), ...place };
  const ip = readOptionalText(player, 'ip', where);
  if (ip !== undefined) read.ip = ip;
  const sessionId = readOptionalField(player, 'sessionid');
  if (typeof sessionId === 'number' && Number.isSafeInteger(sessionId)) read.sessionId = String(sessionId);
  else {
    const text = readOptionalText(player, 'sessionid', where);
    if (text !== undefined) read.sessionId = text;
  }
  const delta = readOptionalCount(player, 'delta', where);
  if (delta !== undefined) read.delta = delta;
  const bytesSent = readOptionalCount(player, 'bytes_sent', where);
  if (bytesSent !== undefined) read.bytesSent = bytesSent;
  const userAgents = readUserAgents(player, where);
  if (userAgents !== undefined) read.userAgents = userAgents;
  return read;
}

/** The `name` of a level; a missing one (the schema allows it for streams) is read as empty. */
const nameOf = (record: object, level: string): string => readOptionalText(record, 'name', ` of a ${level}`) ?? '';

function readPayPerViewSync(value: unknown): PayPerViewSync {
  if (!isRecord(value)) throw invalid('Body must be a JSON object');
  const sync: PayPerViewSync = { id: readText(value, 'ID'), players: [] };
  const puzzle = readOptionalText(value, 'Puzzle', '');
  if (puzzle !== undefined) sync.puzzle = puzzle;
  const signature = readOptionalText(value, 'Signature', '');
  if (signature !== undefined) sync.signature = signature;
  const info = readOptionalField(value, 'PayPerViewInfo');
  if (info === undefined || info === null) return sync;
  if (!isRecord(info)) throw invalid('Field "PayPerViewInfo" must be an object');
  const { players } = sync;
  for (const vhostItem of readLevel(info, 'VHost', ' of "PayPerViewInfo"')) {
    const vhost = nameOf(vhostItem, 'VHost');
    for (const appItem of readLevel(vhostItem, 'Application', ' of a VHost')) {
      const app = nameOf(appItem, 'Application');
      for (const instanceItem of readLevel(appItem, 'Instance', ' of an Application')) {
        const instance = nameOf(instanceItem, 'Instance');
        for (const streamItem of readLevel(instanceItem, 'Stream', ' of an Instance')) {
          const place = { vhost, app, instance, stream: nameOf(streamItem, 'Stream') };
          for (const player of readLevel(streamItem, 'Player', ' of a Stream')) {
            if (players.length === MAX_PLAYERS) throw invalid(`The sync lists more than ${MAX_PLAYERS} players`);
            players.push(readPlayer(player, place, ` of player ${players.length + 1}`));
          }
        }
      }
    }
  }
  return sync;
}

/** Whether a decoded body has the shape of a pay-per-view sync (for dispatching between kinds). */
export function looksLikePayPerViewSync(value: unknown): boolean {
  return isRecord(value) && readOptionalField(value, 'PayPerViewInfo') !== undefined;
}

/**
 * Reads a pay-per-view sync of Nimble Streamer or the Wowza agent into a {@link PayPerViewSync}: the
 * `VHost > Application > Instance > Stream > Player` tree flattened to one entry per player, checking its
 * shape but not its signature (use `verifyPayPerViewSync`). JSON only: an XML sync (the panel's other
 * format) is refused with `XML_NOT_SUPPORTED`. Unknown fields are ignored; a missing or empty
 * `PayPerViewInfo` is a sync without players.
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
  try {
    return readPayPerViewSync(value);
  } catch (error) {
    if (error instanceof NotificationError) throw error;
    // An already-parsed object can be anything: a Proxy or a getter that throws.
    throw invalid('Body could not be read as a pay-per-view sync', error);
  }
}
