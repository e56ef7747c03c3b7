import { decodeBody } from '../../lib/decode-body.js';
import { NotificationError } from '../../lib/errors.js';
import { explainMangledBody } from '../../lib/mangled-body.js';
import { MAX_TEXT_FIELD_LENGTH, invalid, isRecord, readOptionalField } from '../../lib/fields.js';
import type { AdvertizerRuleRequest, AdvertizerSessionInfo, AdvertizerSessionRequest, AdvertizerView } from './types.js';

// A call carries the sessions since the last one; the body limit bounds a raw body, this a parsed one.
const MAX_ITEMS = 100_000;
const MAX_VIEWS = 10_000;
// User agents and URIs run longer than names and ids: 8 x MAX_TEXT_FIELD_LENGTH, written out (a product at
// the top level is code a bundler keeps).
const MAX_LONG_TEXT = 8192;

/** An optional string field at `path`: absent or null is undefined. */
function readOptionalString(item: object, name: string, path: string, max = MAX_TEXT_FIELD_LENGTH): string | undefined {
  const value = readOptionalField(item, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`Field "${path}.${name}" must be a string`);
  if (value.length > max) throw invalid(`Field "${path}.${name}" is longer than ${max} characters`);
  return value;
}

function readString(item: object, name: string, path: string): string {
  const value = readOptionalString(item, name, path);
  if (value === undefined) throw invalid(`Field "${path}.${name}" is missing`);
  return value;
}

/** A session number: a non-negative integer Nimble can be answered with exactly, sent as a number or as digits. */
function readSession(item: object, path: string): number {
  const value = readOptionalField(item, 'session');
  const number = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    // A number past 2^53 was already rounded by JSON.parse: answering it would assign rules to another session.
    throw invalid(`Field "${path}.session" must be a non-negative integer of at most ${Number.MAX_SAFE_INTEGER} (a number or a string of digits)`);
  }
  return number;
}

/**
 * An id sent as a string or a number (`"101"` and `101` are the same rule), read as a string. A number must
 * be a whole number JSON.parse kept exactly: past 2^53 it was rounded, and would name another rule.
 */
function readId(item: object, name: string, path: string): string {
  const value = readOptionalField(item, name);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT_FIELD_LENGTH) return value;
  throw invalid(`Field "${path}.${name}" must be a whole number of at most ${Number.MAX_SAFE_INTEGER} or a non-empty string of at most ${MAX_TEXT_FIELD_LENGTH} characters`);
}

function readList(value: object, name: string, max: number, path = name): unknown[] {
  const list = readOptionalField(value, name);
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw invalid(`Field "${path}" must be a list`);
  if (list.length > max) throw invalid(`Field "${path}" has more than ${max} items`);
  return list;
}

function readView(view: unknown, path: string): AdvertizerView {
  if (!isRecord(view)) throw invalid(`Field "${path}" must be an object`);
  const read: AdvertizerView = { rule: readId(view, 'rule', path), content: readId(view, 'content', path) };
  const uri = readOptionalString(view, 'uri', path, MAX_LONG_TEXT);
  if (uri !== undefined) read.uri = uri;
  return read;
}

function readSessionInfo(item: unknown, path: string): AdvertizerSessionInfo {
  if (!isRecord(item)) throw invalid(`Field "${path}" must be an object`);
  const info: AdvertizerSessionInfo = {
    session: readSession(item, path),
    app: readString(item, 'app', path),
    stream: readString(item, 'stream', path),
    views: readList(item, 'views', MAX_VIEWS, `${path}.views`).map((view, index) => readView(view, `${path}.views[${index}]`)),
  };
  const clientIp = readOptionalString(item, 'client_ip', path);
  if (clientIp !== undefined) info.clientIp = clientIp;
  const userAgent = readOptionalString(item, 'user_agent', path, MAX_LONG_TEXT);
  if (userAgent !== undefined) info.userAgent = userAgent;
  const state = readOptionalString(item, 'state', path);
  if (state !== undefined) info.state = state;
  return info;
}

/** `stream_time`: seconds, a non-negative number or a decimal string of one. */
function readStreamTime(item: object, path: string): number | undefined {
  const value = readOptionalField(item, 'stream_time');
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^\d{1,15}(?:\.\d{1,9})?$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) throw invalid(`Field "${path}.stream_time" must be a non-negative number of seconds`);
  return number;
}

function readRuleRequest(item: unknown, path: string): AdvertizerRuleRequest {
  if (!isRecord(item)) throw invalid(`Field "${path}" must be an object`);
  const request: AdvertizerRuleRequest = { session: readSession(item, path), app: readString(item, 'app', path), stream: readString(item, 'stream', path) };
  const protocol = readOptionalString(item, 'protocol', path);
  if (protocol !== undefined) request.protocol = protocol;
  const clientIp = readOptionalString(item, 'client_ip', path);
  if (clientIp !== undefined) request.clientIp = clientIp;
  const userAgent = readOptionalString(item, 'user_agent', path, MAX_LONG_TEXT);
  if (userAgent !== undefined) request.userAgent = userAgent;
  const streamTime = readStreamTime(item, path);
  if (streamTime !== undefined) request.streamTime = streamTime;
  return request;
}

/**
 * Reads what Nimble Advertizer POSTs to a per-session handler: `session_info` (each session's state and the
 * ads it was shown) and `rules_request` (new sessions asking which rules apply), either list possibly
 * absent, not both. Session numbers are read as numbers (a string of digits too), rule and content ids as
 * strings (Nimble sends rule `101` back as `"101"`); every field sent is in `raw`. The request carries no
 * signature: restrict who may send it with `allowedSenders` (see docs/advertizer.md).
 *
 * @param body - the raw body as a string, `Uint8Array` or `ArrayBuffer` of UTF-8 JSON, or the object a
 *   body parser already made of it
 * @throws {@link NotificationError} `INVALID_JSON`, `XML_NOT_SUPPORTED` or `INVALID_NOTIFICATION` (neither
 *   list, a list that is not one, a session without a number, an app or a stream, a field of the wrong
 *   type); never anything else
 * @example
 * ```ts
 * import { parseAdvertizerSessionRequest } from 'wmspanel-notifications';
 *
 * const { ruleRequests } = parseAdvertizerSessionRequest(
 *   '{"rules_request":[{"session":1,"protocol":"hls","app":"live","stream":"match","client_ip":"192.0.2.7","stream_time":0}]}',
 * );
 * ruleRequests[0]; // { session: 1, app: 'live', stream: 'match', protocol: 'hls', clientIp: '192.0.2.7', streamTime: 0 }
 * ```
 */
export function parseAdvertizerSessionRequest(body: unknown): AdvertizerSessionRequest {
  return readAdvertizerSessionRequestValue(decodeBody(body));
}

/** Reads a decoded body (what the receive step decoded once) into the request. */
export function readAdvertizerSessionRequestValue(value: unknown): AdvertizerSessionRequest {
  try {
    if (!isRecord(value)) throw invalid('Body must be a JSON object');
    const absent = (name: string) => {
      const field = readOptionalField(value, name);
      return field === undefined || field === null;
    };
    if (absent('session_info') && absent('rules_request')) {
      throw invalid('Field "session_info" or "rules_request" is missing');
    }
    return {
      sessions: readList(value, 'session_info', MAX_ITEMS).map((item, index) => readSessionInfo(item, `session_info[${index}]`)),
      ruleRequests: readList(value, 'rules_request', MAX_ITEMS).map((item, index) => readRuleRequest(item, `rules_request[${index}]`)),
      raw: value,
    };
  } catch (error) {
    if (error instanceof NotificationError) throw explainMangledBody(value, error);
    // An already-parsed object can be anything: a Proxy or a getter that throws.
    throw invalid('Body could not be read as an Advertizer session request', error);
  }
}
