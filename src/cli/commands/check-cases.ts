// `wmspanel-notifications check <url>`: a conformance check of any deployed handler, whatever it is
// written in. Sends what the panel sends and what an attacker would, prints expected against answered,
// and says whether the handler passed.
import { FORGERIES, type Kind, type SignedKind } from '../kinds.js';
import { createUntrustedFetch, dropAnswer, readAnswer, redirectOf } from '../http.js';
import { TooLargeError } from '../read.js';
import { failureOf } from '../shared.js';
import {
  createTestNotification,
  createTestPayPerViewSync,
  createTestPlaybackAuthRequest,
  createTestPublishAuthRequest,
  createTestStreamNotification,
  readPayPerViewResponse,
  readPlaybackAuthResponse,
  readPublishAuthResponse,
} from '../../testing.js';

/** The kinds `check` knows. */
export type CheckKind = Kind;

/** What a case expects: accepted (2xx), refused (4xx), and whether a miss fails the check or only advises. */
interface Case {
  name: string;
  expect: 'accept' | 'refuse';
  /** A miss is printed as advice, and does not fail the check (a policy, not a protocol rule). */
  advice?: string;
  method?: string;
  body?: string;
  /** Checks the answer's body further; returns what is wrong, or undefined. */
  judge?: (text: string) => string | undefined;
}

// Far more than any notification, far less than would strain anyone: what a handler should refuse.
const OVERSIZED_BYTES = 2 * 1024 * 1024;
const oversized = (body: string): string => body.replace(/}$/, `,"padding":"${'x'.repeat(OVERSIZED_BYTES)}"}`);

/** What each forgery is called in the table. */
const FORGERY_NAMES: Record<string, string> = {
  'tampered-digest': 'a tampered digest',
  'tampered-signature': 'a tampered signature',
  'wrong-token': 'signed with another token',
  unsigned: 'unsigned',
  stale: 'a stale one (two hours old)',
};

/** A refused case for each forgery of the kind (the command's one list of them), made by the kind's kit. */
function forgeryCases<K extends SignedKind>(kind: K, make: (forge: (typeof FORGERIES)[K][number]) => { body: string }): Case[] {
  const forgeries: readonly (typeof FORGERIES)[K][number][] = FORGERIES[kind];
  return forgeries.map((forge) => ({ name: FORGERY_NAMES[forge] ?? forge, expect: 'refuse', body: make(forge).body }));
}

function casesOf(kind: CheckKind, token: string): Case[] {
  const common = (genuine: string): Case[] => [
    { name: 'a GET', expect: 'refuse', method: 'GET' },
    { name: 'a 2 MiB body', expect: 'refuse', body: oversized(genuine), advice: 'refuse bodies far larger than a notification (413)' },
  ];
  switch (kind) {
    case 'status': {
      const genuine = createTestNotification({ token });
      const relabelled = JSON.stringify({ ...(JSON.parse(genuine.body) as object), server: 'not-yours.example.net' });
      return [
        { name: 'a genuine notification', expect: 'accept', body: genuine.body },
        { name: 'the same again (a retry or a replay)', expect: 'accept', body: genuine.body },
        ...forgeryCases('status', (forge) => createTestNotification({ token, forge })),
        { name: 'the genuine one re-labelled for another server', expect: 'refuse', body: relabelled, advice: 'the digest covers only the time: allow only your servers' },
        ...common(genuine.body),
      ];
    }
    case 'stream': {
      const genuine = createTestStreamNotification({ token });
      return [
        { name: 'a genuine stream notification', expect: 'accept', body: genuine.body },
        { name: 'the same again', expect: 'accept', body: genuine.body },
        ...forgeryCases('stream', (forge) => createTestStreamNotification({ token, forge })),
        ...common(genuine.body),
      ];
    }
    case 'ppv': {
      const genuine = createTestPayPerViewSync({ token, players: [{ id: 'check-1' }, { id: 'check-2' }] });
      let first: string | undefined;
      const judge = (again: boolean) => (text: string) => {
        const answer = readPayPerViewResponse(text, { puzzle: genuine.sync.puzzle!, token });
        if (answer.solution !== 'valid') return `Solution ${answer.solution}: Nimble ignores the deny list under mutual authorization`;
        const deny = JSON.stringify(answer.deny);
        if (again && first !== undefined && deny !== first) return `the retry got another deny list (${deny}, first ${first})`;
        first = deny;
        return undefined;
      };
      return [
        { name: 'a genuine sync (deny list and Solution)', expect: 'accept', body: genuine.body, judge: judge(false) },
        { name: 'the same again (the same deny list)', expect: 'accept', body: genuine.body, judge: judge(true) },
        ...forgeryCases('ppv', (forge) => createTestPayPerViewSync({ token, forge })),
        { name: 'a GET', expect: 'refuse', method: 'GET' },
      ];
    }
    case 'publish': {
      const request = createTestPublishAuthRequest({ publishers: [{ seq: '1' }, { seq: 2, stream: 'live/other' }] });
      return [
        {
          name: 'a batch, seq as text and as a number (echoed unchanged)',
          expect: 'accept',
          body: request.body,
          judge: (text) => {
            const list = (JSON.parse(text) as { PublishAuthResponse?: { seq?: unknown }[] }).PublishAuthResponse;
            readPublishAuthResponse(text, request.request);
            const seqs = JSON.stringify((list ?? []).map((entry) => entry.seq));
            return seqs.includes('"1"') && seqs.includes('2') && !seqs.includes('"2"') ? undefined : `seq not echoed as sent: ${seqs}`;
          },
        },
        { name: 'a body that is not a publish request', expect: 'refuse', body: '{"PublishAuthRequest":"nope"}' },
        { name: 'a GET', expect: 'refuse', method: 'GET' },
      ];
    }
    case 'playback':
      return [
        { name: 'a new session (a decision)', expect: 'accept', body: createTestPlaybackAuthRequest().body, judge: (text) => (readPlaybackAuthResponse(text), undefined) },
        { name: 'a body that is not a playback request', expect: 'refuse', body: '{"host":"x"}' },
        { name: 'a GET', expect: 'refuse', method: 'GET' },
      ];
  }
}

/** What `check` needs from its caller. */
export interface CheckRun {
  url: string;
  kind: CheckKind;
  token: string;
  /** How long each case may take, its answer's body included. */
  seconds: number;
  out(line: string): void;
}

/** What is wrong with an answer to a case, or undefined; `always` when it fails even a case that only advises. */
async function problemOf(testCase: Case, response: Response, url: string): Promise<{ problem: string; always?: boolean } | undefined> {
  const redirect = redirectOf(response, url);
  if (redirect !== undefined) {
    await dropAnswer(response);
    return { problem: redirect, always: true };
  }
  let text = '';
  try {
    text = await readAnswer(response);
  } catch (error) {
    if (error instanceof TooLargeError) return { problem: `the answer is ${error.message}`, always: true };
    // An answer cut short (a reset, the timeout) is judged by its status alone.
  }
  const accepted = response.status >= 200 && response.status < 300;
  const refused = response.status >= 400 && response.status < 500;
  let problem = testCase.expect === 'accept' ? (accepted ? undefined : 'not accepted') : refused ? undefined : accepted ? 'accepted' : 'not a 4xx';
  if (problem === undefined && accepted && testCase.judge !== undefined) {
    try {
      problem = testCase.judge(text);
    } catch (error) {
      problem = `the answer is not what the sender reads: ${(error as Error).message.replace(/^wmspanel-notifications: /, '')}`;
    }
  }
  return problem === undefined ? undefined : { problem };
}

/** Runs the cases in order; resolves with the exit code: 0 passed, 1 a miss, 3 the handler could not be reached. */
export async function runCheck({ url, kind, token, seconds, out }: CheckRun): Promise<number> {
  const send = createUntrustedFetch(seconds);
  const rows: [string, string, string, string][] = [];
  let misses = 0;
  for (const testCase of casesOf(kind, token)) {
    const method = testCase.method ?? 'POST';
    let answered: string;
    let verdict: string;
    try {
      const init: RequestInit = { method };
      if (method !== 'GET' && testCase.body !== undefined) {
        init.body = testCase.body;
        init.headers = { 'content-type': 'application/json' };
      }
      const response = await send(url, init);
      answered = String(response.status);
      const found = await problemOf(testCase, response, url);
      if (found === undefined) verdict = 'ok';
      else if (testCase.advice !== undefined && found.always !== true) verdict = `advice: ${testCase.advice} (${found.problem})`;
      else {
        verdict = `MISS: ${found.problem}`;
        misses++;
      }
    } catch (error) {
      const name = (error as Error).name;
      // A large body a handler refuses early may reset the connection before its answer is read.
      if (testCase.body !== undefined && testCase.body.length >= OVERSIZED_BYTES && name !== 'TimeoutError') {
        answered = 'connection closed';
        verdict = 'ok (refused before the body was read)';
      } else if (rows.length === 0) {
        out(`could not reach ${url}: ${name === 'TimeoutError' ? `no answer within ${seconds} s` : failureOf(error)}`);
        return 3;
      } else {
        answered = name === 'TimeoutError' ? 'no answer' : 'connection failed';
        verdict = 'MISS: no answer';
        misses++;
      }
    }
    rows.push([testCase.name, testCase.expect === 'accept' ? '2xx' : '4xx', answered, verdict]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length), ['case', 'expected', 'answered'][column]!.length));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ');
  out(line(['case', 'expected', 'answered', 'verdict']));
  for (const row of rows) out(line(row));
  out(misses === 0 ? `passed: ${rows.length} cases (${kind})` : `FAILED: ${misses} of ${rows.length} cases (${kind})`);
  return misses === 0 ? 0 : 1;
}
