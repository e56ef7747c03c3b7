// `listen --forward-to`: each request relayed, byte for byte with its content type, to the user's own app,
// whose answer goes back to the sender. The app is trusted no more than any server the CLI talks to: no
// redirect followed (a 3xx is its answer, relayed), a timeout on the whole exchange, its answer's body
// included, and at most MAX_ANSWER_BYTES of that body read.
import { MAX_ANSWER_BYTES, createUntrustedFetch, readAnswerBytes } from '../http.js';
import { TooLargeError } from '../read.js';
import { failureOf, shownUrl } from '../shared.js';

/** What came of relaying a request to the app. */
export type Forwarded =
  | { outcome: 'answered'; status: number; headers: [string, string][]; body: Uint8Array; ms: number }
  | { outcome: 'timeout' | 'down'; ms: number; error: string };

/** What is relayed: the request's method, body and content type, and who sent it. */
export interface ForwardRequest {
  method: string;
  body: Uint8Array;
  contentType: string | null;
  sender: string;
}

/**
 * Headers of the app's answer that are not relayed: those about its own connection (hop-by-hop), and those
 * that describe bytes fetch has already decoded or that the relay writes itself.
 */
const NOT_RELAYED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'content-length', 'content-encoding']);

/** Methods that carry no body: fetch refuses one. */
const BODILESS = new Set(['GET', 'HEAD']);

/** A function that relays one request to `url`, waiting at most `timeoutSeconds` for the whole answer. */
export function createForwarder(url: string, timeoutSeconds: number): (request: ForwardRequest) => Promise<Forwarded> {
  const send = createUntrustedFetch(timeoutSeconds);
  const where = shownUrl(url);
  return async ({ method, body, contentType, sender }) => {
    const started = performance.now();
    const ms = (): number => Math.round(performance.now() - started);
    try {
      const headers: Record<string, string> = { 'x-forwarded-for': sender };
      if (contentType !== null) headers['content-type'] = contentType;
      const response = await send(url, { method, headers, ...(BODILESS.has(method.toUpperCase()) ? {} : { body: body as Uint8Array<ArrayBuffer> }) });
      const answer = await readAnswerBytes(response);
      const relayed: [string, string][] = [];
      response.headers.forEach((value, name) => {
        if (!NOT_RELAYED.has(name)) relayed.push([name, value]);
      });
      return { outcome: 'answered', status: response.status, headers: relayed, body: answer, ms: ms() };
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { outcome: 'timeout', ms: ms(), error: `${where} did not answer within ${timeoutSeconds} s` };
      if (error instanceof TooLargeError) return { outcome: 'down', ms: ms(), error: `${where} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB` };
      return { outcome: 'down', ms: ms(), error: `${where} could not be reached: ${failureOf(error)}` };
    }
  };
}
