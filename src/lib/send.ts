/**
 * How a test kit's `send...` function sends: extra headers, and the `fetch` to send with.
 *
 * @example
 * ```ts
 * import type { SendOptions } from 'wmspanel-notifications/testing';
 *
 * const options: SendOptions = { headers: { 'x-forwarded-for': '203.0.113.7' } };
 * ```
 */
export interface SendOptions {
  /** Extra request headers. The default content type is `application/json`. */
  headers?: Record<string, string>;
  /** The `fetch` to send with. Default: the global one. It is called with `redirect: 'manual'`: a redirect is answered as it is, never followed. */
  fetch?: typeof fetch;
}

/**
 * POSTs a JSON body as the panel would; what every kind's test kit sends with. A redirect is answered as it
 * is, never followed: following one would re-send a genuine, signed, fresh request to whatever host the
 * answer names, which could replay it (in a browser, `fetch` gives an opaque response of status 0 instead).
 */
export function postJson(url: string | URL, body: string, options: SendOptions): Promise<Response> {
  const send = options.fetch ?? fetch;
  return send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...options.headers }, body, redirect: 'manual' });
}
