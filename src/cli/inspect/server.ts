// The inspector's own HTTP server: the page, its live feed (Server-Sent Events), a request in full, and
// "send again". It serves a page that shows what senders posted, so it takes care that nothing else can
// read it or act through it: another site's page in the same browser (a cross-site POST, DNS rebinding) is
// refused, and a feed whose reader stalls is dropped rather than buffered without bound.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { InspectedSummary, InspectorHello } from './entry.js';
import type { History, HistoryEvent } from './history.js';
import { inspectorPage } from './page.js';

/** What "send again" does with a request's id: the HTTP status and body to answer the page with. */
export type Resend = (id: number) => Promise<{ status: number; body: unknown }>;

export interface InspectorServerOptions {
  history: History;
  hello: InspectorHello;
  resend: Resend;
  /** Whether the inspector listens on a loopback address: then only a loopback Host is served (DNS rebinding). Read at each request (known once bound). */
  loopback: { readonly loopback: boolean };
}

/** The header the page's POSTs carry: a cross-site form or a simple fetch cannot send it without a preflight, which is never answered. */
export const INSPECTOR_HEADER = 'x-wmspanel-inspector';
/** The most bytes a feed may have waiting to be written before it is dropped (the page reconnects and starts afresh). */
const MAX_FEED_BACKLOG_BYTES = 4 * 1024 * 1024;
/** The most feeds at once: each is a page open on the inspector, sent every request kept when it opens. */
const MAX_FEEDS = 8;

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...COMMON_HEADERS, 'content-security-policy': API_CSP, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

const problem = (response: ServerResponse, status: number, code: string, message: string): void => sendJson(response, status, { error: { code, message } });

/** A loopback Host (`127.0.0.1:9000`, `localhost:9000`, `[::1]:9000`), whole: what a browser sends to a loopback server, and a rebound name never is. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * Whether a request for the feed or the API may come from where it says it comes from: the inspector's own
 * page (same-origin), or a URL typed in (none). Another site's page, one on another port of localhost
 * included (same-site), may not read the feed or take its places.
 */
function isOwnPage(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  return origin === undefined || origin === `http://${request.headers.host}`;
}

/** The request handler of the inspector. */
export function createInspectorHandler({ history, hello, resend, loopback }: InspectorServerOptions): RequestListener & { closeFeeds(): void } {
  const feeds = new Set<ServerResponse>();

  function openFeed(request: IncomingMessage, response: ServerResponse): void {
    if (feeds.size >= MAX_FEEDS) return problem(response, 503, 'TOO_MANY_PAGES', `At most ${MAX_FEEDS} inspector pages can be open at once`);
    response.writeHead(200, { ...COMMON_HEADERS, 'content-security-policy': API_CSP, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    feeds.add(response);
    let stop = (): void => undefined;
    /** How many bytes may wait unread: unbounded for the history as it stands (bounded by --history), then that plus MAX_FEED_BACKLOG_BYTES. */
    let allowance = Number.POSITIVE_INFINITY;
    const drop = (): void => {
      stop();
      feeds.delete(response);
      response.destroy();
    };
    /** Writes events in one chunk (15,000 events written one by one took a test 20 s to read). */
    const write = (events: string): void => {
      if (response.destroyed || events === '') return;
      response.write(events);
      // A reader that stopped reading (a tab in the background, a stalled network) is dropped, not buffered.
      if (response.writableLength > allowance) drop();
    };
    const event = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    write(`retry: 1000\n\n${event('hello', hello)}${history.summaries().map((summary) => event('entry', summary)).join('')}`);
    allowance = response.writableLength + MAX_FEED_BACKLOG_BYTES;
    // Changes are written once per turn of the event loop, each request's latest only: a request decided
    // as soon as it arrived is one event, not two, and a burst costs the page half the work.
    let latest = new Map<number, InspectedSummary>();
    let before = 0;
    let flushing = false;
    const flush = (): void => {
      flushing = false;
      const entries = latest;
      latest = new Map();
      let events = before > 0 ? event('evicted', { before }) : '';
      for (const [id, summary] of entries) if (id >= before) events += event('entry', summary);
      before = 0;
      write(events);
    };
    stop = history.subscribe((event: HistoryEvent) => {
      if (event.type === 'entry') latest.set(event.summary.id, event.summary);
      else before = Math.max(before, event.before);
      if (!flushing) {
        flushing = true;
        setImmediate(flush);
      }
    });
    request.once('close', drop);
    response.once('error', drop);
  }

  async function answerResend(id: number, response: ServerResponse): Promise<void> {
    let result: { status: number; body: unknown };
    try {
      result = await resend(id);
    } catch (error) {
      result = { status: 502, body: { error: { code: 'RESEND_FAILED', message: `Could not send it again: ${(error as Error | undefined)?.message ?? String(error)}` } } };
    }
    if (!response.destroyed) sendJson(response, result.status, result.body);
  }

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    if (loopback.loopback && !LOOPBACK_HOST.test(request.headers.host ?? '')) {
      return problem(response, 421, 'WRONG_HOST', 'The inspector answers only to a loopback address (127.0.0.1, localhost, [::1])');
    }
    // The path as sent, not parsed as a URL: `//` or an absolute form would make new URL() throw.
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    const method = request.method ?? 'GET';
    if (pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      const { html, csp } = inspectorPage();
      response.writeHead(200, { ...COMMON_HEADERS, 'content-security-policy': csp, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      response.end(method === 'HEAD' ? undefined : html);
      return;
    }
    const match = /^\/api\/requests\/([1-9]\d{0,15})(\/resend)?$/.exec(pathname);
    if (pathname !== '/events' && match === null) return problem(response, 404, 'NOT_FOUND', 'No such page');
    if (!isOwnPage(request)) return problem(response, 403, 'FORBIDDEN', 'Only the inspector page itself can read its requests or act on them');
    if (match === null) {
      if (method !== 'GET') return problem(response, 405, 'METHOD_NOT_ALLOWED', 'GET only');
      return openFeed(request, response);
    }
    const id = Number(match[1]);
    if (match[2] === undefined) {
      if (method !== 'GET') return problem(response, 405, 'METHOD_NOT_ALLOWED', 'GET only');
      const detail = history.detail(id);
      if (detail === undefined) return problem(response, 404, 'NOT_FOUND', `Request ${id} is no longer in the history`);
      return sendJson(response, 200, detail);
    }
    if (method !== 'POST') return problem(response, 405, 'METHOD_NOT_ALLOWED', 'POST only');
    // A cross-site page can POST here (a form, a no-cors fetch) but cannot add this header without a CORS
    // preflight, which is never answered.
    if (request.headers[INSPECTOR_HEADER] !== '1') return problem(response, 403, 'FORBIDDEN', 'Only the inspector page can send a request again');
    // Nothing of the request body is read: discard it.
    request.resume();
    void answerResend(id, response);
  };

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    try {
      route(request, response);
    } catch (error) {
      // Only this file's own bug lands here: an answer, never a process brought down by one request.
      if (!response.headersSent) problem(response, 500, 'INSPECTOR_FAILED', `The inspector failed: ${(error as Error | undefined)?.message ?? String(error)}`);
      else response.destroy();
    }
  };
  return Object.assign(handler, {
    closeFeeds() {
      for (const feed of feeds) feed.destroy();
      feeds.clear();
    },
  });
}
