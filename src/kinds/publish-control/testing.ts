import { misuse } from '../../lib/misuse.js';
import { postJson, type SendOptions } from '../../lib/send.js';
import { parsePublishControlRequest } from './parse.js';
import type { PublishControlDecision, PublishControlRequest } from './types.js';

/**
 * One publisher of a test publish control request; every field has a default.
 *
 * @example
 * ```ts
 * import type { TestPublisher } from 'wmspanel-notifications/testing';
 *
 * const publisher: TestPublisher = { id: 'camera-7', stream: 'live/camera-7', seq: 12 };
 * ```
 */
export interface TestPublisher {
  /** Default: its position, as a string (`"1"`, `"2"`, ...), as Nimble sends it; a number to test handlers that must echo one. */
  seq?: string | number;
  /** Default `'publisher-<position>'`. */
  id?: string;
  /** Default `'127.0.0.1'`. */
  ip?: string;
  /** `app/name`. Default `'live/stream'`. */
  stream?: string;
}

/**
 * Options of `createTestPublishControlRequest`.
 *
 * @example
 * ```ts
 * import type { TestPublishControlRequestOptions } from 'wmspanel-notifications/testing';
 *
 * const options: TestPublishControlRequestOptions = { publishers: [{ id: 'a' }, { id: 'b', stream: 'live/b' }] };
 * ```
 */
export interface TestPublishControlRequestOptions {
  /** The publishers of the batch. Default: one. */
  publishers?: TestPublisher[];
}

/**
 * A request made by `createTestPublishControlRequest`.
 *
 * @example
 * ```ts
 * import { createTestPublishControlRequest, type TestPublishControlRequest } from 'wmspanel-notifications/testing';
 *
 * const { body, request }: TestPublishControlRequest = createTestPublishControlRequest();
 * ```
 */
export interface TestPublishControlRequest {
  /** The exact JSON body Nimble would POST. */
  body: string;
  /** Its parsed form. */
  request: PublishControlRequest;
}

/**
 * Makes the publish control request Nimble Streamer would send for a batch of publishers.
 *
 * @throws TypeError for a stream that is not `app/name`
 * @example
 * ```ts
 * import { createTestPublishControlRequest } from 'wmspanel-notifications/testing';
 *
 * const { body } = createTestPublishControlRequest({ publishers: [{ id: 'camera-7', stream: 'live/camera-7' }] });
 * ```
 */
export function createTestPublishControlRequest(options: TestPublishControlRequestOptions = {}): TestPublishControlRequest {
  const publishers = options.publishers ?? [{}];
  const items = publishers.map((publisher, index) => {
    const stream = publisher.stream ?? 'live/stream';
    if (!/^[^/]+\/.+$/.test(stream)) throw misuse(`A test publisher's stream must be app/name, not ${stream}`);
    return { seq: publisher.seq ?? String(index + 1), id: publisher.id ?? `publisher-${index + 1}`, ip: publisher.ip ?? '127.0.0.1', stream };
  });
  const body = JSON.stringify({ PublishAuthRequest: items });
  return { body, request: parsePublishControlRequest(body) };
}

/**
 * Options of `sendTestPublishControlRequest`: those of `createTestPublishControlRequest`, plus request details.
 *
 * @example
 * ```ts
 * import type { SendTestPublishControlRequestOptions } from 'wmspanel-notifications/testing';
 *
 * const options: SendTestPublishControlRequestOptions = { publishers: [{ id: 'a' }], timeoutMs: 2000 };
 * ```
 */
export interface SendTestPublishControlRequestOptions extends TestPublishControlRequestOptions, SendOptions {}

/**
 * What `sendTestPublishControlRequest` resolves to.
 *
 * @example
 * ```ts
 * import { sendTestPublishControlRequest, type SentPublishControlRequest } from 'wmspanel-notifications/testing';
 *
 * const sent: SentPublishControlRequest = await sendTestPublishControlRequest(url);
 * ```
 */
export interface SentPublishControlRequest {
  /** The handler's answer. */
  response: Response;
  /** The request sent: its items' `seq`s are what the answer must echo. */
  request: PublishControlRequest;
}

/**
 * POSTs a test publish control request to a running handler, as Nimble Streamer would; read the answer
 * with `readPublishControlResponse`.
 *
 * @example
 * ```ts
 * import { readPublishControlResponse, sendTestPublishControlRequest } from 'wmspanel-notifications/testing';
 *
 * const { response, request } = await sendTestPublishControlRequest('http://127.0.0.1:3000/publish', { publishers: [{ id: 'camera-7' }] });
 * readPublishControlResponse(await response.text(), request); // [{ seq: '1', allow: true }]
 * ```
 */
export async function sendTestPublishControlRequest(
  url: string | URL,
  options: SendTestPublishControlRequestOptions = {},
): Promise<SentPublishControlRequest> {
  const { body, request } = createTestPublishControlRequest(options);
  return { response: await postJson(url, body, options), request };
}

/**
 * Reads a publish control handler's answer (this package's, or one in any language) into a decision per
 * request item, as Nimble would: a publisher is allowed only when an entry with its `seq` (the same JSON
 * value: `"1"` is not `1`) says `"success"`.
 *
 * @throws TypeError for an answer that is not `{"PublishAuthResponse":[{"seq","status"}, ...]}`
 * @example
 * ```ts
 * import { readPublishControlResponse } from 'wmspanel-notifications/testing';
 *
 * readPublishControlResponse('{"PublishAuthResponse":[{"seq":"1","status":"success"}]}', request);
 * ```
 */
export function readPublishControlResponse(body: string, request: PublishControlRequest): PublishControlDecision[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw misuse('The publish control answer is not JSON');
  }
  const list = typeof value === 'object' && value !== null ? (value as { PublishAuthResponse?: unknown }).PublishAuthResponse : undefined;
  if (!Array.isArray(list)) throw misuse('The publish control answer has no "PublishAuthResponse" list');
  const allowed = new Set<string>();
  for (const entry of list as unknown[]) {
    const { seq, status } = (typeof entry === 'object' && entry !== null ? entry : {}) as { seq?: unknown; status?: unknown };
    if (status !== 'success' && status !== 'fail') throw misuse('Each publish control answer needs a "status" of "success" or "fail"');
    if (status === 'success') allowed.add(JSON.stringify(seq));
  }
  return request.requests.map((item) => ({ seq: item.seq, allow: allowed.has(JSON.stringify(item.seq)) }));
}
