import { misuse } from '../../lib/misuse.js';
import { postJson, type SendOptions } from '../../lib/send.js';
import { parsePlaybackAuthorizationRequest } from './parse.js';
import type { PlaybackAuthorizationDecision, PlaybackAuthorizationRequest } from './types.js';

/**
 * Options of `createTestPlaybackAuthorizationRequest`; every field has a default.
 *
 * @example
 * ```ts
 * import type { TestPlaybackAuthorizationRequestOptions } from 'wmspanel-notifications/testing';
 *
 * const options: TestPlaybackAuthorizationRequestOptions = { url: '/vod/movie.mp4/playlist.m3u8', referer: 'https://example.com/' };
 * ```
 */
export interface TestPlaybackAuthorizationRequestOptions {
  /** The path asked for. Default `'/live/stream/playlist.m3u8'`. */
  url?: string;
  /** Default `'127.0.0.1:8081'`. */
  host?: string;
  /** Default a browser's. */
  userAgent?: string;
  /** Default: none. */
  referer?: string;
  /** More fields, as Nimble may send them (their names are not documented). */
  extra?: Record<string, unknown>;
}

/**
 * A request made by `createTestPlaybackAuthorizationRequest`.
 *
 * @example
 * ```ts
 * import { createTestPlaybackAuthorizationRequest, type TestPlaybackAuthorizationRequest } from 'wmspanel-notifications/testing';
 *
 * const { body, request }: TestPlaybackAuthorizationRequest = createTestPlaybackAuthorizationRequest();
 * ```
 */
export interface TestPlaybackAuthorizationRequest {
  /** The JSON body Nimble would POST (with the fields Softvelum's sample handler reads). */
  body: string;
  /** Its parsed form. */
  request: PlaybackAuthorizationRequest;
}

/**
 * Makes a playback session authorization request as Nimble Streamer sends one (its documented fields).
 *
 * @example
 * ```ts
 * import { createTestPlaybackAuthorizationRequest } from 'wmspanel-notifications/testing';
 *
 * const { body } = createTestPlaybackAuthorizationRequest({ url: '/live/match/playlist.m3u8?token=abc' });
 * ```
 */
export function createTestPlaybackAuthorizationRequest(options: TestPlaybackAuthorizationRequestOptions = {}): TestPlaybackAuthorizationRequest {
  const fields: Record<string, unknown> = {
    ...options.extra,
    url: options.url ?? '/live/stream/playlist.m3u8',
    host: options.host ?? '127.0.0.1:8081',
    user_agent: options.userAgent ?? 'Mozilla/5.0 (wmspanel-notifications test)',
  };
  if (options.referer !== undefined) fields.referer = options.referer;
  const body = JSON.stringify(fields);
  return { body, request: parsePlaybackAuthorizationRequest(body) };
}

/**
 * Options of `sendTestPlaybackAuthorizationRequest`: those of `createTestPlaybackAuthorizationRequest`, plus request details.
 *
 * @example
 * ```ts
 * import type { SendTestPlaybackAuthorizationRequestOptions } from 'wmspanel-notifications/testing';
 *
 * const options: SendTestPlaybackAuthorizationRequestOptions = { url: '/live/a/playlist.m3u8', timeoutMs: 2000 };
 * ```
 */
export interface SendTestPlaybackAuthorizationRequestOptions extends TestPlaybackAuthorizationRequestOptions, SendOptions {}

/**
 * POSTs a test playback authorization request to a running handler, as Nimble Streamer would; read the
 * answer with `readPlaybackAuthorizationResponse`.
 *
 * @example
 * ```ts
 * import { readPlaybackAuthorizationResponse, sendTestPlaybackAuthorizationRequest } from 'wmspanel-notifications/testing';
 *
 * const response = await sendTestPlaybackAuthorizationRequest('http://127.0.0.1:3000/playback');
 * readPlaybackAuthorizationResponse(await response.text()); // { allow: true }
 * ```
 */
export function sendTestPlaybackAuthorizationRequest(url: string | URL, options: SendTestPlaybackAuthorizationRequestOptions = {}): Promise<Response> {
  return postJson(url, createTestPlaybackAuthorizationRequest(options).body, options);
}

/**
 * Reads a playback authorization handler's answer (this package's, or one in any language) into the
 * decision Nimble would take from it: `{"return_code":200}`, `403`, or `302` with `redirect_location`.
 *
 * @throws TypeError for any other answer
 * @example
 * ```ts
 * import { readPlaybackAuthorizationResponse } from 'wmspanel-notifications/testing';
 *
 * readPlaybackAuthorizationResponse('{"return_code":403}'); // { allow: false }
 * ```
 */
export function readPlaybackAuthorizationResponse(body: string): PlaybackAuthorizationDecision {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw misuse('The playback authorization answer is not JSON');
  }
  const { return_code: code, redirect_location: location } = (typeof value === 'object' && value !== null ? value : {}) as {
    return_code?: unknown;
    redirect_location?: unknown;
  };
  if (code === 200) return { allow: true };
  if (code === 403) return { allow: false };
  if (code === 302 && typeof location === 'string') return { redirect: location };
  throw misuse('The playback authorization answer is not {"return_code":200|403} or {"return_code":302,"redirect_location":url}');
}
