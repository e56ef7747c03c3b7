// listen's request handler: each request received as the node adapter receives it, and, with a history, kept
// for the inspector page as it is handled; with a forwarder, relayed to the user's app, whose answer goes
// back to the sender while this package's own verdict is only shown.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeBodyReader, writeNodeResponse } from '../../adapters/node-body.js';
import { isNotificationError } from '../../lib/errors.js';
import type { Received } from '../../lib/kind.js';
import type { NotificationReceiverOf, ReceiveResultOf } from '../../lib/receive/result.js';
import type { InspectedVerdict } from './entry.js';
import type { Forwarded, ForwardRequest } from './forward.js';
import { pendingForward, type History, type InspectedRequest, type KeptAnswer } from './history.js';

export interface RelayOptions {
  receiver: NotificationReceiverOf<Received>;
  /** Where the inspector keeps requests; none without --inspect. */
  history?: History;
  /** Relays a request to the app (--forward-to). */
  forward?: (request: ForwardRequest) => Promise<Forwarded>;
  /** Writes a line on stderr. */
  err: (line: string) => void;
}

type Result = ReceiveResultOf<Received>;

const PENDING: InspectedVerdict = { outcome: 'pending', status: 0, code: null, message: null };

/** The header pairs of a request, as received (rawHeaders is a flat list: name, value, name, value...). */
function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

const verdictOf = (result: Result): InspectedVerdict => {
  const error = 'error' in result ? result.error : undefined;
  return {
    outcome: result.outcome,
    status: result.status,
    code: isNotificationError(error) ? error.code : error === undefined ? null : 'HANDLER_FAILED',
    message: error === undefined ? null : error.message,
  };
};

const answerOf = (status: number, contentType: string | null, body: Uint8Array): KeptAnswer => ({ status, contentType, body, bytes: body.byteLength });

/** The answer to the sender when the app could not give one: 504 when it was too slow, 502 otherwise. */
function relayFailure(forwarded: Extract<Forwarded, { error: string }>): { status: number; headers: Record<string, string>; body: string } {
  const status = forwarded.outcome === 'timeout' ? 504 : 502;
  const code = forwarded.outcome === 'timeout' ? 'FORWARD_TIMEOUT' : 'FORWARD_FAILED';
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: { code, message: `listen --forward-to: ${forwarded.error}` } }) };
}

/** Writes the app's answer to the sender as it came (its own connection's headers aside). */
function writeRelayed(method: string, response: ServerResponse, forwarded: Extract<Forwarded, { outcome: 'answered' }>): void {
  if (response.headersSent) return;
  for (const [name, value] of forwarded.headers) {
    if (name === 'set-cookie') response.appendHeader(name, value);
    else response.setHeader(name, value);
  }
  // A HEAD's answer has no body but says how long the GET's would be.
  response.setHeader('content-length', method === 'HEAD' && forwarded.length !== null ? forwarded.length : forwarded.body.byteLength);
  response.writeHead(forwarded.status);
  response.end(forwarded.body);
}

/** listen's request handler (see the module comment). Never rejects. */
export function createRelay({ receiver, history, forward, err }: RelayOptions): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const readBody = createNodeBodyReader(receiver.limits);
  const encoder = new TextEncoder();

  return async (request, response) => {
    const method = request.method ?? 'GET';
    const remoteAddress = request.socket.remoteAddress;
    const contentType = request.headers['content-type'] ?? null;
    // Without a history (no --inspect) nothing is kept: no record made, no answer encoded.
    const id = history?.add({
      receivedAt: new Date(),
      sender: remoteAddress ?? 'unknown',
      method,
      url: request.url ?? '/',
      headers: headerPairs(request.rawHeaders),
      contentType,
      body: null,
      kind: null,
      verdict: PENDING,
      answer: null,
      forward: forward === undefined ? null : pendingForward(),
      forwardAnswer: null,
      sentStatus: 0,
    });
    const note = (change: () => Partial<InspectedRequest>): void => {
      if (id !== undefined) history!.update(id, change());
    };
    try {
      // A POST's body is read here, once, within the receiver's limits, so that what the page shows and what
      // is relayed are the very bytes the receiver judged. With a forwarder, any request's body is.
      const body = method === 'POST' || forward !== undefined ? (readBody(request, () => undefined) as Promise<Uint8Array>) : undefined;
      const read = body?.then(
        (bytes) => {
          note(() => ({ body: bytes }));
          return bytes;
        },
        () => undefined,
      );
      const judged = receiver.receive({ method, remoteAddress, readBody: () => body! }).then((result) => {
        note(() => ({ kind: result.kind ?? null, verdict: verdictOf(result), answer: answerOf(result.status, result.headers['content-type'] ?? null, encoder.encode(result.body)), ...(forward === undefined ? { sentStatus: result.status } : {}) }));
        return result;
      });
      if (forward === undefined) {
        writeNodeResponse(request, response, await judged);
        return;
      }
      const bytes = await read;
      if (bytes === undefined) {
        // Not read (too large, too slow, cut off): nothing to relay; the sender gets this package's refusal.
        const result = await judged;
        note(() => ({ forward: { outcome: 'not-sent', status: null, ms: 0, error: `not sent: ${'error' in result ? result.error.message : 'the body could not be read'}` }, sentStatus: result.status }));
        writeNodeResponse(request, response, result);
        return;
      }
      const forwarded = await forward({ method, body: bytes, contentType, sender: remoteAddress ?? '', forwardedFor: request.headers['x-forwarded-for'] as string | undefined });
      if (forwarded.outcome === 'answered') {
        note(() => ({
          forward: { outcome: 'answered', status: forwarded.status, ms: forwarded.ms, error: null },
          forwardAnswer: answerOf(forwarded.status, forwarded.headers.find(([name]) => name === 'content-type')?.[1] ?? null, forwarded.body),
          sentStatus: forwarded.status,
        }));
        err(JSON.stringify({ forwarded: { status: forwarded.status, ms: forwarded.ms } }));
        writeRelayed(method, response, forwarded);
      } else {
        const failure = relayFailure(forwarded);
        note(() => ({ forward: { outcome: forwarded.outcome, status: null, ms: forwarded.ms, error: forwarded.error }, sentStatus: failure.status }));
        err(JSON.stringify({ forwardFailed: { outcome: forwarded.outcome, status: failure.status, message: forwarded.error } }));
        writeNodeResponse(request, response, failure);
      }
      // The verdict is shown, not sent; it settles on its own.
      await judged;
    } catch (error) {
      // Only this file's own bug lands here (the receiver never rejects): the sender still gets an answer.
      err(JSON.stringify({ failed: (error as Error | undefined)?.message ?? String(error) }));
      note(() => ({ sentStatus: 500 }));
      if (!response.headersSent) writeNodeResponse(request, response, { status: 500, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"error":{"code":"HANDLER_FAILED","message":"listen failed"}}' });
    }
  };
}
