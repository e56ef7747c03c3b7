// What a case of `wmspanel-notifications check` is (a request, what it expects, what a miss lets others do,
// how its answer is judged), and the pieces the kinds' cases are made of: made-up names anyone recognises
// in a log or an alert, the cases every kind's list draws on (a GET, a body too large, forgeries), and the
// replays whose verdict only an answer that says so can prove. Each kind's cases are in its entry (kinds/).

/**
 * What a case's answer was found to be: as expected (`ok`), not (`miss`, which fails the check), not but
 * only a policy (`advice`), or nothing seen from outside can tell (`unknown`, which does not fail it either).
 */
export type Verdict = { kind: 'ok'; text?: string } | { kind: 'miss' | 'advice' | 'unknown'; text: string };

/** An answer, as a case's judge reads it. */
export interface Answer {
  status: number;
  /** The body, decoded as UTF-8 (a byte-order mark dropped, bytes that are not UTF-8 replaced). */
  text: string;
  /** The body as sent, for a judge that must read it as the library reads bytes. */
  bytes: Uint8Array;
  /** How long the answer took, from sending the request to its last byte, in milliseconds. */
  ms: number;
}

/** One request `check` sends, and what it expects. */
export interface Case {
  name: string;
  /** accept: 2xx; refuse: 4xx; either: 2xx or 4xx (a copy the handler may answer as a replay, or refuse). */
  expect: 'accept' | 'refuse' | 'either';
  method?: string;
  body?: string;
  /** What a miss lets an attacker or a retry do, or costs the sender: said with the miss. */
  risk: string;
  /** A miss is advice (a policy, not a protocol rule), and this its remedy, said after the risk. */
  advice?: string;
  /**
   * For a case expected refused whose 2xx could say `"duplicate":true`: then it is a miss, whatever
   * `advice` says, and this is what it costs (a different notification taken for a replay is dropped).
   */
  duplicateRisk?: string;
  /** What following a redirect would cost, said with the miss (default: genuine, signed requests handed to another host). */
  redirectRisk?: string;
  /** Judges a 2xx answer further: undefined when it is as expected; may throw when the sender could not read it. */
  judge?: (answer: Answer) => Verdict | undefined;
  /** Why a case expected to be accepted was not, when the answer (undefined: none, the connection closed) tells. */
  explainRefusal?: (answer: Answer | undefined) => string | undefined;
  /** The verdict once every case has run, when a later case proved more than this one could. */
  revise?: (verdict: Verdict) => Verdict;
}

// Names nobody mistakes for a real server, stream or viewer when the check reaches a log, a dashboard or
// an alert: `.invalid` is reserved by RFC 2606 and never resolves.
export const SERVER = 'wmspanel-check.invalid';
export const OTHER_SERVER = 'wmspanel-check-other.invalid';
export const STREAM = 'wmspanel-check/not-a-real-stream';
export const viewer = (n: number) => ({ id: `wmspanel-check-viewer-${n}`, stream: STREAM });

// Far more than any notification, far less than would strain anyone: what a handler should refuse.
export const OVERSIZED_BYTES = 2 * 1024 * 1024;
const oversized = (body: string): string => body.replace(/}$/, `,"padding":"${'x'.repeat(OVERSIZED_BYTES)}"}`);

const GET_RISK = 'a link anyone follows (a crawler, a chat preview) reaches your handler';
const STALE_RISK = 'a captured notification can be replayed for ever';
export const REPLAY_DONE: Verdict = { kind: 'ok', text: 'answered "duplicate":true: your handler did not run again' };
export const RETRY_REFUSED = "the sender's retry of a delivery it took for failed is refused";

/** What each forgery is called in the table. */
const FORGERY_NAMES: Record<string, string> = {
  'tampered-digest': 'a tampered digest',
  'tampered-signature': 'a tampered signature',
  'wrong-token': 'signed with another token',
  unsigned: 'unsigned',
  stale: 'a stale one (two hours old)',
};

/** A refused case for each forgery of the kind (its entry's list, the command's one list of them), made by the kind's kit. */
export function forgeryCases<F extends string>(forgeries: readonly F[], forged: string, make: (forge: F) => { body: string }): Case[] {
  return forgeries.map((forge) => ({ name: FORGERY_NAMES[forge] ?? forge, expect: 'refuse', body: make(forge).body, risk: forge === 'stale' ? STALE_RISK : forged }));
}

/** A GET: every handler should refuse it. */
export const GET_CASE: Case = { name: 'a GET', expect: 'refuse', method: 'GET', risk: GET_RISK };

/** A genuine body padded to 2 MiB: advice to refuse it. */
export const oversizedCase = (genuine: string): Case => ({
  name: 'a 2 MiB body',
  expect: 'refuse',
  body: oversized(genuine),
  risk: 'anyone can make it hold large bodies',
  advice: 'refuse bodies far larger than a notification (413)',
});

/** A body of another shape, which a handler that answers with a decision must refuse rather than decide on. */
export const unreadableCase = (name: string, body: string): Case => ({
  name,
  expect: 'refuse',
  body,
  risk: 'it decides on requests it cannot have read: whatever reaches it gets a decision',
});

/** The `code` of an error answer in this package's form, `{"error":{"code":"..."}}`, if it is one. */
export function errorCodeOf(answer: Answer | undefined): string | undefined {
  if (answer === undefined) return undefined;
  try {
    const code = (JSON.parse(answer.text) as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Why a handler with a server allowlist refused the made-up server, and what to do: a 403 says so. */
export function explainServerRefused(answer: Answer | undefined): string | undefined {
  if (answer?.status !== 403) return undefined;
  const allowlist = `your handler allows only your servers, as it should; add ${SERVER} to them on the deployment you check`;
  return errorCodeOf(answer) === 'UNKNOWN_SERVER' ? `refused for its made-up server (UNKNOWN_SERVER): ${allowlist}` : `a 403: if ${allowlist}`;
}

/** Whether an answer says it was a replay, as this package's receivers do: `{"received":true,"duplicate":true}`. */
export function saysDuplicate(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && (value as { duplicate?: unknown }).duplicate === true;
  } catch {
    return false;
  }
}

export const cannotTell = (what: string, why: string, risk: string): Verdict => ({
  kind: 'unknown',
  text: `cannot tell from outside whether ${what} ran your handler again (${why}): if it did, ${risk}`,
});

/** What the replay of a genuine notification was answered, for the copy after it. */
export interface ReplaySeen {
  duplicate: boolean;
}

/**
 * The replay of a genuine notification: a handler of this package answers it `"duplicate":true`, which
 * proves that it did not run again; a plain 2xx proves nothing either way.
 */
export function replayCase(name: string, body: string, risk: string, seen: ReplaySeen = { duplicate: false }): Case {
  return {
    name,
    expect: 'accept',
    body,
    risk: RETRY_REFUSED,
    judge: ({ text }) => (saysDuplicate(text) ? ((seen.duplicate = true), REPLAY_DONE) : cannotTell('the replay', 'a 2xx without "duplicate":true', risk)),
  };
}

/**
 * A copy of the genuine notification whose unsigned part is rewritten: a replay too. Taken as new after the
 * exact replay was a duplicate, the handler's replay key covers more than the signature does.
 */
export function copyCase(name: string, body: string, risk: string, replay: ReplaySeen): Case {
  return {
    name,
    expect: 'either',
    body,
    risk,
    judge: ({ text }) => {
      if (saysDuplicate(text)) return REPLAY_DONE;
      if (replay.duplicate) return { kind: 'miss', text: `taken as new, though the same again was a duplicate: ${risk}` };
      return cannotTell('the copy', 'a 2xx without "duplicate":true', risk);
    },
  };
}
