// "Send again": a request's exact body, with its content type, posted to listen once more, from this
// machine, as a sender would, so that the page shows how the receiver answers a repeat (a duplicate).
import { request as httpRequest } from 'node:http';
import type { History } from './history.js';
import type { Resend } from './server.js';

/** How long a re-sent request may take to be written: listen is on this machine. */
const WRITE_TIMEOUT_MS = 10_000;

/** The resend action of the inspector, for listen at `host`:`port`. */
export function createResend(history: History, listening: { host: string; port: number }): Resend {
  return (id) => {
    const kept = history.resendable(id);
    if (kept === undefined) return Promise.resolve({ status: 404, body: { error: { code: 'NOT_FOUND', message: `Request ${id} is no longer in the history` } } });
    if (kept === false) {
      return Promise.resolve({ status: 409, body: { error: { code: 'NOT_KEPT', message: `Request ${id}'s body was not kept whole (too large, or never read): it cannot be sent again` } } });
    }
    return new Promise((resolve) => {
      const headers: Record<string, string | number> = { 'content-length': kept.body.byteLength };
      if (kept.contentType !== null) headers['content-type'] = kept.contentType;
      const sent = httpRequest({ host: listening.host, port: listening.port, method: 'POST', path: kept.url, headers, timeout: WRITE_TIMEOUT_MS });
      // Sent once written: its verdict reaches the page through the history, as any request's does.
      sent.once('finish', () => resolve({ status: 202, body: { resent: id } }));
      sent.once('response', (answer) => answer.resume());
      sent.once('timeout', () => sent.destroy(new Error('listen did not take it in time')));
      sent.on('error', (error) => resolve({ status: 502, body: { error: { code: 'RESEND_FAILED', message: `Could not send it again: ${error.message}` } } }));
      sent.end(kept.body);
    });
  };
}
