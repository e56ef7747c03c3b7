// What the inspector page is sent of each request `listen --inspect` received: the contract between the
// inspector's server (server.ts) and its page (page.ts). Everything in it is already redacted (redact.ts):
// the page shows it as text, never as markup.

/** What this package decided about a request. `pending` while it is still being handled. */
export type InspectedOutcome = 'pending' | 'accepted' | 'duplicate' | 'in-progress' | 'refused' | 'defaulted' | 'failed';

/** What the app behind `--forward-to` did with the request. */
export type ForwardOutcome =
  /** Still waiting for its answer. */
  | 'pending'
  /** It answered (any status). */
  | 'answered'
  /** It did not answer within `--forward-timeout`: the sender got 504. */
  | 'timeout'
  /** It could not be reached (connection refused, reset, no such host), or its answer was unreadable or too large: the sender got 502. */
  | 'down'
  /** Not sent to it: the body could not be read (too large, too slow, cut off): the sender got this package's refusal. */
  | 'not-sent';

/** This package's verdict. */
export interface InspectedVerdict {
  outcome: InspectedOutcome;
  /** The status this package answers (or answered) with; 0 while pending. */
  status: number;
  /** The NotificationError code of a refusal or failure (`INVALID_DIGEST`), else null. */
  code: string | null;
  /** What went wrong and how to fix it (the error's message), else null. Never holds a token. */
  message: string | null;
}

/** The app's side, in `--forward-to` mode. */
export interface InspectedForward {
  outcome: ForwardOutcome;
  /** The app's status; null unless it answered. */
  status: number | null;
  /** How long the app took (or was waited for), in ms; null while pending. */
  ms: number | null;
  /** Why there is no answer (for timeout, down, not-sent), else null. */
  error: string | null;
}

/** One request, as the list shows it: what the live feed sends. */
export interface InspectedSummary {
  /** 1, 2, 3...: increasing in arrival order; an update to a request has the same id. */
  id: number;
  /** When it arrived, ISO 8601. */
  receivedAt: string;
  /** The sender's address, as the socket saw it (`127.0.0.1`, `::ffff:10.0.0.5`). */
  sender: string;
  method: string;
  /** The path it was sent to, its query redacted. */
  path: string;
  /** The Content-Type header, or null. */
  contentType: string | null;
  /** The bytes of body received; null until read, or when it was not read (a GET, a refusal before reading). */
  bodyBytes: number | null;
  /** The kind recognised (`server-status`, `stream`, `pay-per-view`, `publish-control`, `playback-authorization`, `advertizer-session`), or null. */
  kind: string | null;
  verdict: InspectedVerdict;
  /** Only with `--forward-to`: the app's side. */
  forward: InspectedForward | null;
  /** The status the sender got (from this package, or from the app with `--forward-to`); 0 while pending. */
  sentStatus: number;
  /** Whether "send again" can re-post its exact body (it was kept whole). */
  resendable: boolean;
}

/** A body or an answer, as the page shows it. */
export interface InspectedText {
  /** The text to show: JSON pretty-printed (2 spaces) with secrets redacted; anything else as UTF-8 text (invalid bytes as U+FFFD), secrets redacted. */
  text: string;
  /** Whether it was JSON (and so pretty-printed). */
  json: boolean;
  /** Whether `text` is cut short (the page says so). */
  truncated: boolean;
  /** Its size in bytes, before any cut. */
  bytes: number;
}

/** One request in full: what the page shows when a request is selected. */
export interface InspectedDetail extends InspectedSummary {
  /** The request's headers in the order received, secrets redacted. */
  headers: [name: string, value: string][];
  /** The body; null when none was read. */
  body: InspectedText | null;
  /** This package's answer (with `--forward-to`: what it would have answered); null while pending. */
  answer: { status: number; contentType: string | null; body: InspectedText } | null;
  /** With `--forward-to`, the app's answer; null without an answer. */
  forwardAnswer: { status: number; contentType: string | null; body: InspectedText } | null;
}

/**
 * The live feed (`GET /events`, Server-Sent Events). On connecting: one `hello`, then one `entry` per
 * request kept, oldest first. Then, as requests arrive: `entry` for a new request or an update to one (same
 * id: replace it), `evicted` when the oldest are dropped from the history.
 */
export interface InspectorHello {
  /** The most requests kept (`--history`): the page keeps no more. */
  limit: number;
  /** Where listen receives, `http://127.0.0.1:8080/`. */
  listening: string;
  /** The `--forward-to` URL, its query removed, or null. */
  forwardTo: string | null;
  /** The kinds received (tags). */
  kinds: string[];
}

/** `evicted`: every request with an id below `before` is gone from the history. */
export interface InspectorEvicted {
  before: number;
}
