// Runs `check`'s cases against a handler it does not trust (no redirect followed, answers read up to a
// bound), judges each answer, prints expected against answered, and sums up: passed, passed with rows it
// cannot tell or only advises on, or failed.
import { OVERSIZED_BYTES, saysDuplicate, type Case, type Verdict } from '../check-case.js';
import { createUntrustedFetch, dropAnswer, readAnswerBytes, redirectOf } from '../http.js';
import type { CheckTarget } from '../kinds/index.js';
import { TooLargeError } from '../read.js';
import { failureOf, shownUrl } from '../shared.js';

/** What `check` needs from its caller. */
export interface CheckRun {
  url: string;
  /** What is checked (a kind, a scenario): its cases, and its name for the last line. */
  target: CheckTarget;
  token: string;
  /** How long each case may take, its answer's body included. */
  seconds: number;
  out(line: string): void;
}

const OK: Verdict = { kind: 'ok' };
const NO_ANSWER_RISK = 'the sender takes that for a failure and sends it again';

/** The verdict on an answer to a case. A redirect, or an answer too large to read, is a miss whatever the case. */
async function verdictOf(testCase: Case, response: Response, url: string, started: number): Promise<Verdict> {
  const redirect = redirectOf(response, url);
  if (redirect !== undefined) {
    await dropAnswer(response);
    const risk = testCase.redirectRisk ?? 'a sender that followed it would hand genuine, signed requests to that host';
    return { kind: 'miss', text: `${redirect}: ${risk}; give check (and the panel) the URL that answers itself` };
  }
  let bytes: Uint8Array = new Uint8Array(0);
  try {
    bytes = await readAnswerBytes(response);
  } catch (error) {
    if (error instanceof TooLargeError) return { kind: 'miss', text: `the answer is ${error.message}: the sender cannot read it, and takes the delivery for failed` };
    // An answer cut short (a reset, the timeout) is judged by its status alone.
  }
  const ms = performance.now() - started;
  const text = new TextDecoder().decode(bytes);
  const { status } = response;
  const accepted = status >= 200 && status < 300;
  const refused = status >= 400 && status < 500;
  const { expect, risk, advice } = testCase;
  if (accepted && expect === 'refuse' && testCase.duplicateRisk !== undefined && saysDuplicate(text)) {
    return { kind: 'miss', text: `answered as a duplicate: ${testCase.duplicateRisk}` };
  }
  if (accepted && expect === 'refuse') return advice === undefined ? { kind: 'miss', text: `accepted: ${risk}` } : { kind: 'advice', text: `accepted: ${risk}; ${advice}` };
  if (accepted) {
    try {
      return testCase.judge?.({ status, text, bytes, ms }) ?? OK;
    } catch (error) {
      return { kind: 'miss', text: `the answer is not what the sender reads: ${(error as Error).message.replace(/^wmspanel-notifications: /, '')}` };
    }
  }
  if (refused && expect === 'refuse') return OK;
  if (refused && expect === 'either') return { kind: 'ok', text: 'refused: your handler did not take it' };
  if (expect === 'accept') return { kind: 'miss', text: `not accepted: ${testCase.explainRefusal?.({ status, text, bytes, ms }) ?? risk}` };
  // A 5xx (or a 1xx) where a 4xx was expected: the sender would come back with what it should drop.
  const text5xx = `not a 4xx: a ${status} tells the sender to send it again`;
  return advice === undefined ? { kind: 'miss', text: text5xx } : { kind: 'advice', text: `${text5xx}; ${advice}` };
}

const verdictText = (verdict: Verdict): string => {
  switch (verdict.kind) {
    case 'ok':
      return verdict.text === undefined ? 'ok' : `ok (${verdict.text})`;
    case 'miss':
      return `MISS: ${verdict.text}`;
    case 'advice':
      return `advice: ${verdict.text}`;
    case 'unknown':
      return verdict.text;
  }
};

/** The last line: passed, passed but with rows to read, or failed; with what could not be told and what is advice. */
function summaryOf(verdicts: Verdict[], kind: string): string {
  const count = (wanted: Verdict['kind']) => verdicts.filter((verdict) => verdict.kind === wanted).length;
  const [misses, unknown, advice] = [count('miss'), count('unknown'), count('advice')];
  const notes = [
    ...(unknown === 0 ? [] : [`${unknown} cannot be told from outside`]),
    ...(advice === 0 ? [] : [`${advice} ${advice === 1 ? 'is' : 'are'} advice`]),
  ].join(' and ');
  if (misses > 0) return `FAILED: ${misses} of ${verdicts.length} cases (${kind})${notes === '' ? '' : `; ${notes}`}`;
  if (notes === '') return `passed: ${verdicts.length} cases (${kind})`;
  return `passed: ${verdicts.length} cases (${kind}), but ${notes}: read ${unknown + advice === 1 ? 'that row' : 'those rows'}`;
}

/** Runs the cases in order; resolves with the exit code: 0 no miss, 1 a miss, 3 the handler could not be reached. */
export async function runCheck({ url, target, token, seconds, out }: CheckRun): Promise<number> {
  const send = createUntrustedFetch(seconds);
  const cases = target.cases(token);
  const rows: { answered: string; verdict: Verdict }[] = [];
  for (const testCase of cases) {
    const method = testCase.method ?? 'POST';
    try {
      const init: RequestInit = { method };
      if (method !== 'GET' && testCase.body !== undefined) {
        init.body = testCase.body;
        init.headers = { 'content-type': 'application/json' };
      }
      const started = performance.now();
      const response = await send(url, init);
      rows.push({ answered: String(response.status), verdict: await verdictOf(testCase, response, url, started) });
    } catch (error) {
      const name = (error as Error).name;
      if (testCase.body !== undefined && testCase.body.length >= OVERSIZED_BYTES && name !== 'TimeoutError') {
        // A large body a handler refuses early may reset the connection before its answer is read.
        rows.push({ answered: 'connection closed', verdict: { kind: 'ok', text: 'refused before the body was read' } });
      } else if (rows.length === 0) {
        out(`could not reach ${shownUrl(url)}: ${name === 'TimeoutError' ? `no answer within ${seconds} s` : failureOf(error)}`);
        return 3;
      } else {
        const closed = testCase.expect === 'accept' ? testCase.explainRefusal?.(undefined) : undefined;
        rows.push({
          answered: name === 'TimeoutError' ? 'no answer' : 'connection failed',
          verdict: { kind: 'miss', text: closed === undefined ? `no answer: ${NO_ANSWER_RISK}` : `no answer: ${closed}` },
        });
      }
    }
  }
  // What a later case proved (a copy answered as a replay) can settle what an earlier one could not.
  const verdicts = rows.map((row, i) => cases[i]!.revise?.(row.verdict) ?? row.verdict);
  const table = cases.map((testCase, i) => [testCase.name, { accept: '2xx', refuse: '4xx', either: '2xx/4xx' }[testCase.expect], rows[i]!.answered, verdictText(verdicts[i]!)]);
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]!.length), ['case', 'expected', 'answered'][column]!.length));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ');
  out(line(['case', 'expected', 'answered', 'verdict']));
  for (const row of table) out(line(row));
  out(summaryOf(verdicts, target.name));
  return verdicts.some((verdict) => verdict.kind === 'miss') ? 1 : 0;
}
