// `listen --forward-to`: each request relayed, byte for byte with its content type, to the user's own app,
// whose answer goes back to the sender. The app is trusted no more than any server the CLI talks to: no
// redirect followed (a 3xx is its answer, relayed), a timeout on the whole exchange, its answer's body
// included, and at most MAX_ANSWER_BYTES of that body read.
import { MAX_ANSWER_BYTES, readAnswerBytes } from '../http.js';
import { TooLargeError } from '../read.js';
import { failureOf, shownUrl } from '../shared.js';

/** What came of relaying a request to the app. */
export type Forwarded =
  | {
      outcome: 'answered';
      status: number;
      headers: [string, string][];
      body: Uint8Array;
      /** The answer's Content-Length as the app sent it: a HEAD's is relayed as it is (its body is empty). */
      length: string | null;
      ms: number;
    }
  | { outcome: 'timeout' | 'down'; ms: number; error: string };

/** What is relayed: the request's method, body and content type, who sent it, and whom it came through. */
export interface ForwardRequest {
  method: string;
  body: Uint8Array;
  contentType: string | null;
  sender: string;
  /** The request's own X-Forwarded-For (a tunnel's), which the sender is added to. */
  forwardedFor?: string | undefined;
}

/** Relays requests to the app; `abort()` ends those in flight (listen stopping), which then count as down. */
export interface Forwarder {
  (request: ForwardRequest): Promise<Forwarded>;
  abort(): void;
}

/**
 * Headers of the app's answer that are not relayed: those about its own connection (hop-by-hop), and those
 * that describe bytes fetch has already decoded or that the relay writes itself.
 */
const NOT_RELAYED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'content-length', 'content-encoding']);

/** Methods that carry no body: fetch refuses one. */
const BODILESS = new Set(['GET', 'HEAD']);

/** Relays each request to `url`, waiting at most `timeoutSeconds` for the whole answer. */
export function createForwarder(url: string, timeoutSeconds: number): Forwarder {
  const where = shownUrl(url);
  const stopping = new AbortController();
  const forward = async ({ method, body, contentType, sender, forwardedFor }: ForwardRequest): Promise<Forwarded> => {
    const started = performance.now();
    const ms = (): number => Math.round(performance.now() - started);
    // One signal for the timeout and for listen stopping, made by hand: with AbortSignal.any of the two, on
    // Node 20, the test of an app that stalls its body after its headers hung past the timeout.
    const exchange = new AbortController();
    const timer = setTimeout(() => exchange.abort(new DOMException(`${where} did not answer within ${timeoutSeconds} s`, 'TimeoutError')), Math.max(1, timeoutSeconds * 1000));
    const stop = (): void => exchange.abort();
    stopping.signal.addEventListener('abort', stop, { once: true });
    try {
      const headers: Record<string, string> = { 'x-forwarded-for': forwardedFor === undefined ? sender : `${forwardedFor}, ${sender}` };
      if (contentType !== null) headers['content-type'] = contentType;
      // No redirect followed (a 3xx is the answer, relayed); the timeout covers the answer's body too.
      const response = await fetch(url, {
        method,
        headers,
        redirect: 'manual',
        signal: exchange.signal,
        ...(BODILESS.has(method.toUpperCase()) ? {} : { body: body as Uint8Array<ArrayBuffer> }),
      });
      const answer = await readAnswerBytes(response);
      const relayed: [string, string][] = [];
      response.headers.forEach((value, name) => {
        if (!NOT_RELAYED.has(name)) relayed.push([name, value]);
      });
      return { outcome: 'answered', status: response.status, headers: relayed, body: answer, length: response.headers.get('content-length'), ms: ms() };
    } catch (error) {
      if (stopping.signal.aborted) return { outcome: 'down', ms: ms(), error: 'listen stopped before the app answered' };
      if ((error as Error).name === 'TimeoutError') return { outcome: 'timeout', ms: ms(), error: `${where} did not answer within ${timeoutSeconds} s` };
      if (error instanceof TooLargeError) return { outcome: 'down', ms: ms(), error: `${where} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB` };
      return { outcome: 'down', ms: ms(), error: `${where} could not be reached: ${failureOf(error)}` };
    } finally {
      clearTimeout(timer);
      stopping.signal.removeEventListener('abort', stop);
    }
  };
  return Object.assign(forward, { abort: () => stopping.abort() });
}
