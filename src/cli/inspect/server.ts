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
  /** Whether the inspector listens on a loopback address: then only a loopback Host is served (DNS rebinding). */
  loopback: boolean;
}

/** The header the page's POSTs carry: a cross-site form or a simple fetch cannot send it without a preflight, which is never answered. */
export const INSPECTOR_HEADER = 'x-wmspanel-inspector';
/** The most bytes a feed may have waiting to be written before it is dropped (the page reconnects and starts afresh). */
const MAX_FEED_BACKLOG_BYTES = 4 * 1024 * 1024;
/** The most feeds at once: each is a page open on the inspector. */
const MAX_FEEDS = 16;

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

/** A loopback Host (`127.0.0.1:9000`, `localhost:9000`, `[::1]:9000`): what a browser sends to a loopback server, and a rebound name never is. */
function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** The request handler of the inspector. */
export function createInspectorHandler({ history, hello, resend, loopback }: InspectorServerOptions): RequestListener & { closeFeeds(): void } {
  const feeds = new Set<ServerResponse>();

  function openFeed(request: IncomingMessage, response: ServerResponse): void {
    if (feeds.size >= MAX_FEEDS) return problem(response, 503, 'TOO_MANY_PAGES', `At most ${MAX_FEEDS} inspector pages can be open at once`);
    response.writeHead(200, { ...COMMON_HEADERS, 'content-security-policy': API_CSP, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    feeds.add(response);
    let stop = (): void => undefined;
    const drop = (): void => {
      stop();
      feeds.delete(response);
      response.destroy();
    };
    const write = (event: string, data: unknown): void => {
      if (response.destroyed) return;
      // A reader that stopped reading (a tab in the background, a stalled network) is dropped, not buffered.
      if (response.writableLength > MAX_FEED_BACKLOG_BYTES) return drop();
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    response.write('retry: 1000\n\n');
    write('hello', hello);
    for (const summary of history.summaries()) write('entry', summary);
    // Changes are written once per turn of the event loop, each request's latest only: a request decided
    // as soon as it arrived is one event, not two, and a burst costs the page half the work.
    let latest = new Map<number, InspectedSummary>();
    let before = 0;
    let flushing = false;
    const flush = (): void => {
      flushing = false;
      const entries = latest;
      latest = new Map();
      if (before > 0) write('evicted', { before });
      for (const [id, summary] of entries) if (id >= before) write('entry', summary);
      before = 0;
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

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    if (loopback && !isLoopbackHost(request.headers.host)) {
      return problem(response, 421, 'WRONG_HOST', 'The inspector answers only to a loopback address (127.0.0.1, localhost, [::1])');
    }
    const { pathname } = new URL(request.url ?? '/', 'http://inspector');
    const method = request.method ?? 'GET';
    if (pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      const { html, csp } = inspectorPage();
      response.writeHead(200, { ...COMMON_HEADERS, 'content-security-policy': csp, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      response.end(method === 'HEAD' ? undefined : html);
      return;
    }
    if (pathname === '/events' && method === 'GET') return openFeed(request, response);
    const match = /^\/api\/requests\/([1-9]\d{0,15})(\/resend)?$/.exec(pathname);
    if (match === null) return problem(response, 404, 'NOT_FOUND', 'No such page');
    const id = Number(match[1]);
    if (match[2] === undefined) {
      if (method !== 'GET') return problem(response, 405, 'METHOD_NOT_ALLOWED', 'GET only');
      const detail = history.detail(id);
      if (detail === undefined) return problem(response, 404, 'NOT_FOUND', `Request ${id} is no longer in the history`);
      return sendJson(response, 200, detail);
    }
    if (method !== 'POST') return problem(response, 405, 'METHOD_NOT_ALLOWED', 'POST only');
    // A cross-site page can POST here (a form, a no-cors fetch) but cannot add this header without a CORS
    // preflight, which is never answered; a browser also names the page's origin, which must be this one.
    const origin = request.headers.origin;
    if (request.headers[INSPECTOR_HEADER] !== '1' || (origin !== undefined && origin !== `http://${request.headers.host}`)) {
      return problem(response, 403, 'FORBIDDEN', 'Only the inspector page can send a request again');
    }
    // Nothing of the request body is read: discard it.
    request.resume();
    void answerResend(id, response);
  };
  return Object.assign(handler, {
    closeFeeds() {
      for (const feed of feeds) feed.destroy();
      feeds.clear();
    },
  });
}
