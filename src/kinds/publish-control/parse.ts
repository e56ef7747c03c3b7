import { decodeBody } from '../../lib/decode-body.js';
import { NotificationError } from '../../lib/errors.js';
import { explainMangledBody } from '../../lib/mangled-body.js';
import { MAX_TEXT_FIELD_LENGTH, invalid, isRecord, readOptionalField } from '../../lib/fields.js';
import type { PublishControlRequest, PublishControlRequestItem } from './types.js';

// Publishers connect one at a time; Nimble batches the pending ones. The bound keeps a hostile parsed body
// from costing much.
const MAX_ITEMS = 10_000;

/** A string field of an item: absent or null is empty; anything else but a short string is refused. */
function readItemText(item: object, name: string, index: number): string {
  const value = readOptionalField(item, name);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length > MAX_TEXT_FIELD_LENGTH) {
    throw invalid(`Field "${name}" of request ${index} must be a string of at most ${MAX_TEXT_FIELD_LENGTH} characters`);
  }
  return value;
}

function readItem(item: unknown, index: number): PublishControlRequestItem {
  if (!isRecord(item)) throw invalid(`Request ${index} of "PublishAuthRequest" must be an object`);
  const seq = readOptionalField(item, 'seq');
  const seqValid = (typeof seq === 'string' && seq.length <= MAX_TEXT_FIELD_LENGTH) || (typeof seq === 'number' && Number.isFinite(seq));
  if (!seqValid) throw invalid(`Field "seq" of request ${index} must be a string or a number: it is echoed back`);
  const stream = readItemText(item, 'stream', index);
  const slash = stream.indexOf('/');
  if (slash <= 0 || slash === stream.length - 1) throw invalid(`Field "stream" of request ${index} must be "app/name"`);
  return { seq, id: readItemText(item, 'id', index), ip: readItemText(item, 'ip', index), stream, app: stream.slice(0, slash), name: stream.slice(slash + 1) };
}

/**
 * Reads a publish control request of Nimble Streamer: `{"PublishAuthRequest":[{"seq","id","ip","stream"}, ...]}`,
 * a batch of publishers to allow or refuse. `seq` keeps its JSON type (it is echoed back); `stream` is split
 * into `app` and `name` at the first `/`; a missing `id` or `ip` is empty. The request carries no signature:
 * restrict who may send it with `allowedSenders` (see docs/publish-control.md).
 *
 * @param body - the raw body as a string, `Uint8Array` or `ArrayBuffer` of UTF-8 JSON, or the object a
 *   body parser already made of it
 * @throws {@link NotificationError} `INVALID_JSON`, `XML_NOT_SUPPORTED` or `INVALID_NOTIFICATION` (no
 *   `PublishAuthRequest` list, an item without `seq` or without an `app/name` stream); never anything else
 * @example
 * ```ts
 * import { parsePublishControlRequest } from 'wmspanel-notifications';
 *
 * const { requests } = parsePublishControlRequest('{"PublishAuthRequest":[{"seq":"1","id":"cam-1","ip":"192.0.2.7","stream":"live/cam-1"}]}');
 * requests[0]; // { seq: '1', id: 'cam-1', ip: '192.0.2.7', stream: 'live/cam-1', app: 'live', name: 'cam-1' }
 * ```
 */
export function parsePublishControlRequest(body: unknown): PublishControlRequest {
  return readPublishControlRequestValue(decodeBody(body));
}

/** Reads a decoded body (what the receive step decoded once) into the request. */
export function readPublishControlRequestValue(value: unknown): PublishControlRequest {
  try {
    if (!isRecord(value)) throw invalid('Body must be a JSON object');
    const list = readOptionalField(value, 'PublishAuthRequest');
    if (!Array.isArray(list)) throw invalid('Field "PublishAuthRequest" must be a list of requests');
    if (list.length > MAX_ITEMS) throw invalid(`Field "PublishAuthRequest" has more than ${MAX_ITEMS} requests`);
    return { requests: list.map((item: unknown, index) => readItem(item, index + 1)) };
  } catch (error) {
    if (error instanceof NotificationError) throw explainMangledBody(value, error);
    // An already-parsed object can be anything: a Proxy or a getter that throws.
    throw invalid('Body could not be read as a publish control request', error);
  }
}
