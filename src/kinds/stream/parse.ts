import { decodeBody } from '../../lib/decode-body.js';
import { NotificationError } from '../../lib/errors.js';
import { explainMangledBody } from '../../lib/mangled-body.js';
import { invalid, isRecord, readOptionalField, readOptionalText, readText } from '../../lib/fields.js';
import type { StreamEvent, StreamNotification } from './types.js';

// A batch is a few events in practice; the bound keeps a hostile parsed body from costing much.
const MAX_EVENTS = 10_000;

/** An event of `app/name`, split at the first `/` only: stream names may contain more. */
function eventOf(action: StreamEvent['action'], stream: string): StreamEvent {
  const slash = stream.indexOf('/');
  if (slash <= 0 || slash === stream.length - 1) throw invalid('Field "stream" must be "app/name"');
  return { action, stream, app: stream.slice(0, slash), name: stream.slice(slash + 1) };
}

/** A list of events: an array, or (Wowza) a single object. */
function readList(record: object, name: string, singleAllowed: boolean): object[] | undefined {
  const value = readOptionalField(record, name);
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : singleAllowed && isRecord(value) ? [value] : undefined;
  if (list === undefined) throw invalid(`Field "${name}" must be ${singleAllowed ? 'an object or ' : ''}an array of objects`);
  if (list.length > MAX_EVENTS) throw invalid(`Field "${name}" has more than ${MAX_EVENTS} events`);
  for (const item of list) if (!isRecord(item)) throw invalid(`Field "${name}" must hold objects`);
  return list as object[];
}

function readNimbleEvent(item: object, action: StreamEvent['action']): StreamEvent {
  const event = eventOf(action, readText(item, 'stream'));
  const protocol = readOptionalText(item, 'protocol');
  if (protocol !== undefined) event.protocol = protocol;
  const time = readOptionalField(item, 'time');
  if (time !== undefined && time !== null) {
    const date = typeof time === 'number' && Number.isFinite(time) ? new Date(time) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) throw invalid('Field "time" must be a number of milliseconds since 1970');
    event.date = date;
  }
  const type = readOptionalText(item, 'type');
  if (type !== undefined) event.type = type;
  const remoteIp = readOptionalText(item, 'remote_ip');
  if (remoteIp !== undefined) event.remoteIp = remoteIp;
  return event;
}

function readWowzaEvent(item: object, action: StreamEvent['action']): StreamEvent {
  const app = readText(item, 'AppName');
  const name = readText(item, 'StreamName');
  const event: StreamEvent = { action, stream: `${app}/${name}`, app, name };
  const vhost = readOptionalText(item, 'VHostName');
  if (vhost !== undefined) event.vhost = vhost;
  const appInstance = readOptionalText(item, 'AppInstanceName');
  if (appInstance !== undefined) event.appInstance = appInstance;
  return event;
}

function readSigned(record: object, format: StreamNotification['format']): StreamNotification {
  const notification: StreamNotification = { format, id: readText(record, 'ID'), events: [] };
  const puzzle = readOptionalText(record, 'Puzzle');
  if (puzzle !== undefined) notification.puzzle = puzzle;
  const signature = readOptionalText(record, 'Signature');
  if (signature !== undefined) notification.signature = signature;
  return notification;
}

/** The formats' field names: Nimble's lowercase arrays, Wowza's capitalised objects or arrays. */
const FORMATS = {
  nimble: { publish: 'publish', unpublish: 'unpublish', singleAllowed: false, readEvent: readNimbleEvent },
  wowza: { publish: 'Publish', unpublish: 'Unpublish', singleAllowed: true, readEvent: readWowzaEvent },
} as const;

/** One request of either format: ID, Puzzle, Signature, then the publish and unpublish events in order. */
function readRequest(record: object, format: StreamNotification['format']): StreamNotification {
  const names = FORMATS[format];
  const notification = readSigned(record, format);
  const publish = readList(record, names.publish, names.singleAllowed);
  const unpublish = readList(record, names.unpublish, names.singleAllowed);
  if (publish === undefined && unpublish === undefined) throw invalid(`Field "${names.publish}" or "${names.unpublish}" is missing`);
  for (const item of publish ?? []) notification.events.push(names.readEvent(item, 'publish'));
  for (const item of unpublish ?? []) notification.events.push(names.readEvent(item, 'unpublish'));
  return notification;
}

function readStreamNotification(value: unknown): StreamNotification {
  if (!isRecord(value)) throw invalid('Body must be a JSON object');
  const wowza = readOptionalField(value, 'ApiSyncRequest');
  if (wowza === undefined) return readRequest(value, 'nimble');
  if (!isRecord(wowza)) throw invalid('Field "ApiSyncRequest" must be an object');
  return readRequest(wowza, 'wowza');
}

/**
 * Reads a stream publish/unpublish notification, in Nimble Streamer's format or the Wowza agent's, into a
 * {@link StreamNotification}, checking its shape but not its signature (use `verifyStreamNotification`).
 * Events come in batches; `stream` is split into `app` and `name` at the first `/` only (JSON may escape
 * it as `\/`); unknown fields are ignored and unknown protocols kept.
 *
 * @param body - the raw body as a string, `Uint8Array` or `ArrayBuffer` of UTF-8 JSON, or the object a
 *   body parser already made of it
 * @throws {@link NotificationError} `INVALID_JSON` (empty, not UTF-8, not JSON) or `INVALID_NOTIFICATION`
 *   (not a stream notification: no `ID`, no events, a field mistyped); never anything else, whatever the input
 * @example
 * ```ts
 * import { parseStreamNotification } from 'wmspanel-notifications';
 *
 * const notification = parseStreamNotification(
 *   '{"ID":"1","publish":[{"stream":"live\\/4k","protocol":"RTMP","time":1569999976249,"type":"push"}]}',
 * );
 * notification.events[0]; // { action: 'publish', stream: 'live/4k', app: 'live', name: '4k', ... }
 * ```
 */
export function parseStreamNotification(body: unknown): StreamNotification {
  return readStreamNotificationValue(decodeBody(body));
}

/** Reads a decoded body (what the receive step decoded once) into a stream notification. */
export function readStreamNotificationValue(value: unknown): StreamNotification {
  try {
    return readStreamNotification(value);
  } catch (error) {
    if (error instanceof NotificationError) throw explainMangledBody(value, error);
    // An already-parsed object can be anything: a Proxy or a getter that throws.
    throw invalid('Body could not be read as a stream notification', error);
  }
}
