// A request as the inspector's history keeps it, for the tests that fill a history by hand.
import { request as httpRequest } from 'node:http';
import type { InspectedRequest } from '../../../src/cli/inspect/history.js';

/** A pending POST / from 127.0.0.1, with `change` applied. */
export const inspectedRequest = (change: Partial<InspectedRequest> = {}): InspectedRequest => ({
  receivedAt: new Date('2026-12-06T10:00:00.000Z'),
  sender: '127.0.0.1',
  method: 'POST',
  url: '/',
  headers: [],
  contentType: null,
  body: null,
  kind: null,
  verdict: { outcome: 'pending', status: 0, code: null, message: null },
  answer: null,
  forward: null,
  forwardAnswer: null,
  sentStatus: 0,
  ...change,
});

/** The status a server on 127.0.0.1:`port` answers a GET of `path` sent with this Host header (fetch would not send either as given). */
export const statusOf = (port: number | string, path: string, host: string): Promise<number> =>
  new Promise<number>((resolve, reject) =>
    httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (answer) => {
      answer.resume();
      resolve(answer.statusCode!);
    })
      .on('error', reject)
      .end(),
  );
