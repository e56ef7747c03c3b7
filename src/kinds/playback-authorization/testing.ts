import { misuse } from '../../lib/misuse.js';
import { postJson, type SendOptions } from '../../lib/send.js';
import { parsePlaybackAuthRequest } from './parse.js';
import type { PlaybackAuthDecision, PlaybackAuthRequest } from './types.js';

/**
 * Options of `createTestPlaybackAuthRequest`; every field has a default.
 *
 * @example
 * ```ts
 * import type { TestPlaybackAuthRequestOptions } from 'wmspanel-notifications/testing';
 *
 * const options: TestPlaybackAuthRequestOptions = { url: '/vod/movie.mp4/playlist.m3u8', referer: 'https://example.com/' };
 * ```
 */
export interface TestPlaybackAuthRequestOptions {
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
 * A request made by `createTestPlaybackAuthRequest`.
 *
 * @example
 * ```ts
 * import { createTestPlaybackAuthRequest, type TestPlaybackAuthRequest } from 'wmspanel-notifications/testing';
 *
 * const { body, request }: TestPlaybackAuthRequest = createTestPlaybackAuthRequest();
 * ```
 */
export interface TestPlaybackAuthRequest {
  /** The JSON body Nimble would POST (with the fields Softvelum's sample handler reads). */
  body: string;
  /** Its parsed form. */
  request: PlaybackAuthRequest;
}

/**
 * Makes a playback session authorization request as Nimble Streamer sends one (its documented fields).
 *
 * @example
 * ```ts
 * import { createTestPlaybackAuthRequest } from 'wmspanel-notifications/testing';
 *
 * const { body } = createTestPlaybackAuthRequest({ url: '/live/match/playlist.m3u8?token=abc' });
 * ```
 */
export function createTestPlaybackAuthRequest(options: TestPlaybackAuthRequestOptions = {}): TestPlaybackAuthRequest {
  const fields: Record<string, unknown> = {
    ...options.extra,
    url: options.url ?? '/live/stream/playlist.m3u8',
    host: options.host ?? '127.0.0.1:8081',
    user_agent: options.userAgent ?? 'Mozilla/5.0 (wmspanel-notifications test)',
  };
  if (options.referer !== undefined) fields.referer = options.referer;
  const body = JSON.stringify(fields);
  return { body, request: parsePlaybackAuthRequest(body) };
}

/**
 * Options of `sendTestPlaybackAuthRequest`: those of `createTestPlaybackAuthRequest`, plus request details.
 *
 * @example
 * ```ts
 * import type { SendTestPlaybackAuthRequestOptions } from 'wmspanel-notifications/testing';
 *
 * const options: SendTestPlaybackAuthRequestOptions = { url: '/live/a/playlist.m3u8', timeoutMs: 2000 };
 * ```
 */
export interface SendTestPlaybackAuthRequestOptions extends TestPlaybackAuthRequestOptions, SendOptions {}

/**
 * POSTs a test playback authorization request to a running handler, as Nimble Streamer would; read the
 * answer with `readPlaybackAuthResponse`.
 *
 * @example
 * ```ts
 * import { readPlaybackAuthResponse, sendTestPlaybackAuthRequest } from 'wmspanel-notifications/testing';
 *
 * const response = await sendTestPlaybackAuthRequest('http://127.0.0.1:3000/playback');
 * readPlaybackAuthResponse(await response.text()); // { allow: true }
 * ```
 */
export function sendTestPlaybackAuthRequest(url: string | URL, options: SendTestPlaybackAuthRequestOptions = {}): Promise<Response> {
  return postJson(url, createTestPlaybackAuthRequest(options).body, options);
}

/**
 * Reads a playback authorization handler's answer (this package's, or one in any language) into the
 * decision Nimble would take from it: `{"return_code":200}`, `403`, or `302` with `redirect_location`.
 *
 * @throws TypeError for any other answer
 * @example
 * ```ts
 * import { readPlaybackAuthResponse } from 'wmspanel-notifications/testing';
 *
 * readPlaybackAuthResponse('{"return_code":403}'); // { allow: false }
 * ```
 */
export function readPlaybackAuthResponse(body: string): PlaybackAuthDecision {
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
