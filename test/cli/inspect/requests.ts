// A request as the inspector's history keeps it, for the tests that fill a history by hand.
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
