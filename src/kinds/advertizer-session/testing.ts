import { postJson, type SendOptions } from '../../lib/send.js';
import { parseAdvertizerSessionRequest } from './parse.js';
import type { AdvertizerSessionRequest, AdvertizerView } from './types.js';

/**
 * One session of `session_info` in a test request; every field has a default.
 *
 * @example
 * ```ts
 * import type { TestAdvertizerSession } from 'wmspanel-notifications/testing';
 *
 * const ended: TestAdvertizerSession = { session: 6, state: 'inactive' };
 * ```
 */
export interface TestAdvertizerSession {
  /** Default: numbered from 1 in the order given, skipping the numbers given explicitly. */
  session?: number;
  /** Default `'live'`. */
  app?: string;
  /** Default `'stream'`. */
  stream?: string;
  /** Default `'127.0.0.1'`. */
  clientIp?: string;
  /** Default a browser's. */
  userAgent?: string;
  /** Default `'active'`. */
  state?: string;
  /** The ads it was shown. Default: none (no `views` field, as Nimble sends an inactive session). */
  views?: AdvertizerView[];
}

/**
 * One session of `rules_request` in a test request; every field has a default.
 *
 * @example
 * ```ts
 * import type { TestAdvertizerRuleRequest } from 'wmspanel-notifications/testing';
 *
 * const sldp: TestAdvertizerRuleRequest = { protocol: 'sldp', stream: 'match' };
 * ```
 */
export interface TestAdvertizerRuleRequest {
  /** Default: numbered on after the sessions of `sessions`, skipping the numbers given explicitly. */
  session?: number;
  /** Default `'hls'`. */
  protocol?: string;
  /** Default `'live'`. */
  app?: string;
  /** Default `'stream'`. */
  stream?: string;
  /** Default `'127.0.0.1'`. */
  clientIp?: string;
  /** Default `'curl/7.68.0'`, as in Softvelum's example. */
  userAgent?: string;
  /** Default `0`. */
  streamTime?: number;
}

/**
 * Options of `createTestAdvertizerSessionRequest`.
 *
 * @example
 * ```ts
 * import type { TestAdvertizerSessionRequestOptions } from 'wmspanel-notifications/testing';
 *
 * const options: TestAdvertizerSessionRequestOptions = { sessions: [], ruleRequests: [{ stream: 'match' }, { stream: 'match', protocol: 'sldp' }] };
 * ```
 */
export interface TestAdvertizerSessionRequestOptions {
  /** `session_info`. Default: one active session that was shown one ad (rule `"101"`, content `"2"`). */
  sessions?: TestAdvertizerSession[];
  /** `rules_request`. Default: one HLS session asking for rules. */
  ruleRequests?: TestAdvertizerRuleRequest[];
}

/**
 * A request made by `createTestAdvertizerSessionRequest`.
 *
 * @example
 * ```ts
 * import { createTestAdvertizerSessionRequest, type TestAdvertizerSessionRequest } from 'wmspanel-notifications/testing';
 *
 * const { body, request }: TestAdvertizerSessionRequest = createTestAdvertizerSessionRequest();
 * ```
 */
export interface TestAdvertizerSessionRequest {
  /** The JSON body Nimble Advertizer would POST to the session handler, its fields in Nimble's order. */
  body: string;
  /** Its parsed form. */
  request: AdvertizerSessionRequest;
}

const BROWSER = 'Mozilla/5.0 (wmspanel-notifications test)';

/**
 * Makes a per-session handler request as Nimble Advertizer sends one (the shape of Softvelum's published
 * example): `session_info` and `rules_request`.
 *
 * @example
 * ```ts
 * import { createTestAdvertizerSessionRequest } from 'wmspanel-notifications/testing';
 *
 * const { body } = createTestAdvertizerSessionRequest({ ruleRequests: [{ app: 'live', stream: 'match' }] });
 * ```
 */
export function createTestAdvertizerSessionRequest(options: TestAdvertizerSessionRequestOptions = {}): TestAdvertizerSessionRequest {
  const sessions = options.sessions ?? [{ views: [{ rule: '101', content: '2', uri: 'http://127.0.0.1:8085/ads/1_240p.mp4' }] }];
  const ruleRequests = options.ruleRequests ?? [{}];
  // Sessions without a number are numbered from 1, skipping the numbers given: two never share one.
  const given = new Set([...sessions, ...ruleRequests].flatMap(({ session }) => (session === undefined ? [] : [session])));
  let next = 0;
  const numbered = (session: number | undefined): number => {
    if (session !== undefined) return session;
    do next++;
    while (given.has(next));
    return next;
  };
  const body = JSON.stringify({
    session_info: sessions.map((session) => ({
      session: numbered(session.session),
      app: session.app ?? 'live',
      stream: session.stream ?? 'stream',
      client_ip: session.clientIp ?? '127.0.0.1',
      user_agent: session.userAgent ?? BROWSER,
      ...(session.views === undefined ? {} : { views: session.views }),
      state: session.state ?? 'active',
    })),
    rules_request: ruleRequests.map((request) => ({
      session: numbered(request.session),
      protocol: request.protocol ?? 'hls',
      app: request.app ?? 'live',
      stream: request.stream ?? 'stream',
      client_ip: request.clientIp ?? '127.0.0.1',
      user_agent: request.userAgent ?? 'curl/7.68.0',
      stream_time: request.streamTime ?? 0,
    })),
  });
  return { body, request: parseAdvertizerSessionRequest(body) };
}

/**
 * Options of `sendTestAdvertizerSessionRequest`: those of `createTestAdvertizerSessionRequest`, plus request details.
 *
 * @example
 * ```ts
 * import type { SendTestAdvertizerSessionRequestOptions } from 'wmspanel-notifications/testing';
 *
 * const options: SendTestAdvertizerSessionRequestOptions = { ruleRequests: [{ stream: 'match' }], timeoutMs: 1000 };
 * ```
 */
export interface SendTestAdvertizerSessionRequestOptions extends TestAdvertizerSessionRequestOptions, SendOptions {}

/**
 * POSTs a test per-session request to a running handler, as Nimble Advertizer would; read the answer with
 * `readAdvertizerSessionResponse`.
 *
 * @example
 * ```ts
 * import { readAdvertizerSessionResponse, sendTestAdvertizerSessionRequest } from 'wmspanel-notifications/testing';
 *
 * const response = await sendTestAdvertizerSessionRequest('http://127.0.0.1:3000/advertizer/sessions');
 * readAdvertizerSessionResponse(await response.text()).rules_response; // [{ session: 2, rules: ['pre-roll'], request_interval: 10 }]
 * ```
 */
export function sendTestAdvertizerSessionRequest(url: string | URL, options: SendTestAdvertizerSessionRequestOptions = {}): Promise<Response> {
  return postJson(url, createTestAdvertizerSessionRequest(options).body, options);
}
