// What the inspector remembers of the requests listen received: the last `limit` of them, and never more
// than MAX_KEPT_BYTES of bodies and answers between them, whatever arrives. Listeners (the page's live
// feeds) hear of each new request, each update, and each eviction.
import type { ForwardOutcome, InspectedDetail, InspectedForward, InspectedSummary, InspectedText, InspectedVerdict } from './entry.js';
import { redactHeader, redactText } from './redact.js';
import { inspectText } from './text.js';

/** The requests kept by default (`--history`). */
export const DEFAULT_HISTORY = 500;
/**
 * The most `--history` takes: a page that opens is sent every request kept at once (some 1.5 KB each at
 * most, its path cut to MAX_SHOWN_PATH), and 8 pages may be open.
 */
export const MAX_HISTORY = 10_000;
/** The most characters of a path a summary shows; the rest is cut (Node takes a request line of up to 16 KiB). */
const MAX_SHOWN_PATH = 1024;
/** The most bytes of bodies and answers kept between all the requests; the oldest go first beyond it. */
export const MAX_KEPT_BYTES = 64 * 1024 * 1024;
/** The largest body kept whole (so that it can be sent again); a larger one keeps only what the page shows. */
export const MAX_RESENDABLE_BYTES = 8 * 1024 * 1024;
/** What is kept of a body too large to keep whole, and of an answer: the page shows no more. */
const PREVIEW_BYTES = 256 * 1024;
/** What a request is counted as beyond its bodies, headers and path: its summary and the rest. */
const OVERHEAD_BYTES = 512;
/** The most header pairs kept of a request (Node takes up to 2,000): the rest are counted in one line. */
export const MAX_KEPT_HEADERS = 100;
/** What each kept header pair costs beyond its text: two strings and an array. */
const HEADER_OVERHEAD_BYTES = 64;

/** An answer, as kept: its status, its content type, and at most PREVIEW_BYTES of its body. */
export interface KeptAnswer {
  status: number;
  contentType: string | null;
  body: Uint8Array;
  /** The whole body's size. */
  bytes: number;
}

/** One request as listen saw it, filled in as it is handled. */
export interface InspectedRequest {
  receivedAt: Date;
  sender: string;
  method: string;
  /** The path and query, as received. */
  url: string;
  headers: [string, string][];
  contentType: string | null;
  /** The body as read (null until read, or when it was not). */
  body: Uint8Array | null;
  kind: string | null;
  verdict: InspectedVerdict;
  answer: KeptAnswer | null;
  forward: InspectedForward | null;
  forwardAnswer: KeptAnswer | null;
  sentStatus: number;
}

interface Kept {
  id: number;
  request: InspectedRequest;
  /** The body as the page shows it, worked out once. */
  shownBody?: InspectedText | null;
  /** The body kept: whole when resendable, else its first PREVIEW_BYTES. */
  body: Uint8Array | null;
  bodyBytes: number | null;
  resendable: boolean;
  answer: KeptAnswer | null;
  forwardAnswer: KeptAnswer | null;
  size: number;
}

/** What a live feed hears. */
export type HistoryEvent = { type: 'entry'; summary: InspectedSummary } | { type: 'evicted'; before: number };

/** The inspector's history. */
export interface History {
  readonly limit: number;
  /** Keeps a new request (its verdict pending): its id. */
  add(request: InspectedRequest): number;
  /** Records what changed in a request kept (gone already: nothing). */
  update(id: number, change: Partial<InspectedRequest>): void;
  /** The summaries kept, oldest first. */
  summaries(): InspectedSummary[];
  /** A request in full, as the page shows it; undefined once evicted. */
  detail(id: number): InspectedDetail | undefined;
  /** A request's whole body and content type, to send again; undefined once evicted, `false` when not kept whole. */
  resendable(id: number): { body: Uint8Array; contentType: string | null; url: string } | false | undefined;
  /** Calls `listener` for every change; returns the function that stops it. */
  subscribe(listener: (event: HistoryEvent) => void): () => void;
}

/**
 * The first `length` bytes of `bytes`, copied: bytes may be a view into a larger buffer (a socket's read, a
 * Buffer's pool, a 4 MiB answer of which 256 KiB are kept), which would otherwise be held whole, uncounted.
 */
const copyOf = (bytes: Uint8Array, length = bytes.byteLength): Uint8Array => new Uint8Array(bytes.subarray(0, length));

function keepAnswer(answer: KeptAnswer | null): KeptAnswer | null {
  if (answer === null) return null;
  return { ...answer, body: copyOf(answer.body, Math.min(answer.body.byteLength, PREVIEW_BYTES)) };
}

/** A request's headers as kept: at most MAX_KEPT_HEADERS pairs, then one line that counts the rest. */
function keepHeaders(headers: [string, string][]): [string, string][] {
  if (headers.length <= MAX_KEPT_HEADERS) return headers;
  return [...headers.slice(0, MAX_KEPT_HEADERS), ['…', `${headers.length - MAX_KEPT_HEADERS} more headers, not kept`]];
}

/** What a request kept costs: its bodies and answers, its headers and path (strings are 2 bytes a character at worst), and the rest. */
function sizeOf(kept: Pick<Kept, 'body' | 'answer' | 'forwardAnswer' | 'request'>): number {
  let size = OVERHEAD_BYTES + 2 * kept.request.url.length + (kept.body?.byteLength ?? 0) + (kept.answer?.body.byteLength ?? 0) + (kept.forwardAnswer?.body.byteLength ?? 0);
  for (const [name, value] of kept.request.headers) size += HEADER_OVERHEAD_BYTES + 2 * (name.length + value.length);
  return size;
}

/** The path as shown: its query's secrets redacted, at most MAX_SHOWN_PATH characters of it. */
function shownPath(url: string): string {
  const query = url.indexOf('?');
  const shown = query === -1 ? url : url.slice(0, query) + redactText(url.slice(query));
  return shown.length > MAX_SHOWN_PATH ? `${shown.slice(0, MAX_SHOWN_PATH)}…` : shown;
}

/** A history of the last `limit` requests (1 or more), within `maxBytes` of bodies and answers. */
export function createHistory(limit: number, maxBytes = MAX_KEPT_BYTES): History {
  const kept = new Map<number, Kept>();
  const listeners = new Set<(event: HistoryEvent) => void>();
  let nextId = 1;
  let total = 0;

  const emit = (event: HistoryEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A feed that failed drops itself (server.ts); the history and the other feeds go on.
      }
    }
  };

  const summaryOf = ({ id, request, bodyBytes, resendable }: Kept): InspectedSummary => ({
    id,
    receivedAt: request.receivedAt.toISOString(),
    sender: request.sender,
    method: request.method,
    path: shownPath(request.url),
    contentType: request.contentType,
    bodyBytes,
    kind: request.kind,
    verdict: { ...request.verdict },
    forward: request.forward === null ? null : { ...request.forward },
    sentStatus: request.sentStatus,
    resendable,
  });

  /** Drops the oldest requests until at most `limit` are kept within `maxBytes`; the newest always stays. */
  const evict = (): void => {
    let before = 0;
    for (const [id, entry] of kept) {
      if (kept.size <= limit && total <= maxBytes) break;
      if (kept.size === 1) break;
      kept.delete(id);
      total -= entry.size;
      before = id + 1;
    }
    if (before > 0) emit({ type: 'evicted', before });
  };

  /** Takes in a request's body and answers, and counts them. */
  const store = (entry: Kept): void => {
    const { request } = entry;
    total -= entry.size;
    request.headers = keepHeaders(request.headers);
    if (request.body !== null && entry.bodyBytes === null) {
      entry.bodyBytes = request.body.byteLength;
      // Only a POST is sent again: what listen receives; another method's body was read only to be relayed.
      entry.resendable = request.method === 'POST' && request.body.byteLength <= MAX_RESENDABLE_BYTES;
      entry.body = copyOf(request.body, entry.resendable ? request.body.byteLength : Math.min(request.body.byteLength, PREVIEW_BYTES));
    }
    // Only the kept copies are held: the request's own may be large.
    request.body = null;
    if (request.answer !== null) entry.answer = keepAnswer(request.answer);
    if (request.forwardAnswer !== null) entry.forwardAnswer = keepAnswer(request.forwardAnswer);
    request.answer = null;
    request.forwardAnswer = null;
    entry.size = sizeOf(entry);
    total += entry.size;
  };

  const shownAnswer = (answer: KeptAnswer | null): InspectedDetail['answer'] =>
    answer === null ? null : { status: answer.status, contentType: answer.contentType, body: inspectText(answer.body, answer.bytes) };

  return {
    limit,
    add(request) {
      const id = nextId++;
      const entry: Kept = { id, request: { ...request }, body: null, bodyBytes: null, resendable: false, answer: null, forwardAnswer: null, size: 0 };
      kept.set(id, entry);
      store(entry);
      evict();
      if (kept.has(id)) emit({ type: 'entry', summary: summaryOf(entry) });
      return id;
    },
    update(id, change) {
      const entry = kept.get(id);
      if (entry === undefined) return;
      Object.assign(entry.request, change);
      store(entry);
      evict();
      if (kept.has(id)) emit({ type: 'entry', summary: summaryOf(entry) });
    },
    summaries: () => [...kept.values()].map(summaryOf),
    detail(id) {
      const entry = kept.get(id);
      if (entry === undefined) return undefined;
      return {
        ...summaryOf(entry),
        headers: entry.request.headers.map(([name, value]): [string, string] => [name, redactHeader(name, value)]),
        body: (entry.shownBody ??= entry.body === null ? null : inspectText(entry.body, entry.bodyBytes ?? entry.body.byteLength)),
        answer: shownAnswer(entry.answer),
        forwardAnswer: shownAnswer(entry.forwardAnswer),
      };
    },
    resendable(id) {
      const entry = kept.get(id);
      if (entry === undefined) return undefined;
      if (!entry.resendable || entry.body === null) return false;
      return { body: entry.body, contentType: entry.request.contentType, url: entry.request.url };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** A forward outcome with nothing known yet. */
export const pendingForward = (): InspectedForward => ({ outcome: 'pending' satisfies ForwardOutcome, status: null, ms: null, error: null });
