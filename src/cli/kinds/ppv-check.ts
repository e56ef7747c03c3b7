// `check --kind ppv`'s cases: a sync, its replay, a copy with other viewers, a sync as large as a busy
// server sends, forgeries and a GET. A sync's answer carries no "duplicate": whether the handler ran again
// shows in the deny list the copy gets.
import { createTestPayPerViewSync, readPayPerViewResponse, type PayPerViewForgery } from '../../kinds/pay-per-view/testing.js';
import {
  GET_CASE,
  REPLAY_DONE,
  RETRY_REFUSED,
  SERVER,
  cannotTell,
  errorCodeOf,
  forgeryCases,
  saysDuplicate,
  viewer,
  type Answer,
  type Case,
  type Verdict,
} from '../check-case.js';

// As many viewers as one busy Nimble server reports in a sync, each with a user agent: 336 KB, more
// than the 100 kB an app-wide express.json() reads.
const LARGE_SYNC_VIEWERS = 2000;

/**
 * A pay-per-view sync's replay must get the first deny list; a copy with other viewers (the signature covers
 * only ID and Puzzle) too. A copy whose answer denies one of its own viewers, or differs from the first,
 * ran the handler again; one that names the first viewers did not, and so neither did the replay.
 */
export function payPerViewCases(token: string, forgeries: readonly PayPerViewForgery[]): Case[] {
  const genuine = createTestPayPerViewSync({ token, vhost: SERVER, players: [viewer(1), viewer(2)] });
  const { id, puzzle } = genuine.sync;
  const copyViewers = [viewer(3), viewer(4)];
  const copy = createTestPayPerViewSync({ token, vhost: SERVER, id, puzzle: puzzle!, players: copyViewers });
  const large = createTestPayPerViewSync({ token, vhost: SERVER, players: Array.from({ length: LARGE_SYNC_VIEWERS }, (_, i) => viewer(1001 + i)) });
  const read = (text: string, sync: { puzzle?: string | undefined }) => readPayPerViewResponse(text, { puzzle: sync.puzzle!, token });
  const solutionMiss = (solution: string): Verdict | undefined =>
    solution === 'valid' ? undefined : { kind: 'miss', text: `Solution ${solution}: Nimble ignores the deny list under mutual authorization, so viewers you deny keep watching` };
  let first: string | undefined;
  let copyProved = false;
  const copyRisk = 'your handler ran again, so anyone who captured one sync can re-send it with other viewers and watched time (the signature covers only ID and Puzzle)';
  const tooLarge = (answer: Answer | undefined): string => {
    // This package's Express errorHandler answers a parser's refusal BODY_TOO_LARGE too, saying so.
    const byParser = answer !== undefined && /body parser/i.test(answer.text);
    if (errorCodeOf(answer) === 'BODY_TOO_LARGE' && !byParser) return 'the receiver refused it as too large (BODY_TOO_LARGE): raise its maxBodyBytes: pay-per-view syncs list every viewer';
    if (answer === undefined || answer.status === 413) {
      return `a body parser in front of the handler refused it: mount the receiver before express.json() or raise its limit: pay-per-view syncs list every viewer`;
    }
    return "a busy server's syncs are refused: their viewers go uncounted, and Nimble gets no deny list";
  };
  return [
    {
      name: 'a genuine sync (deny list and Solution)',
      expect: 'accept',
      body: genuine.body,
      risk: 'Nimble gets no deny list: viewers you deny keep watching',
      judge: ({ text }) => {
        const answer = read(text, genuine.sync);
        first = JSON.stringify(answer.deny);
        return solutionMiss(answer.solution);
      },
    },
    {
      name: 'the same again (the same deny list)',
      expect: 'accept',
      body: genuine.body,
      risk: RETRY_REFUSED,
      judge: ({ text }) => {
        const answer = read(text, genuine.sync);
        const deny = JSON.stringify(answer.deny);
        if (first !== undefined && deny !== first) return { kind: 'miss', text: `the retry got another deny list (${deny}, first ${first}): a retried sync changes who is cut off` };
        return solutionMiss(answer.solution) ?? (saysDuplicate(text) ? REPLAY_DONE : cannotTell('the replay', 'the same deny list, which a handler run again would also give', "a retried sync counts its viewers' watched time twice"));
      },
      revise: (verdict) =>
        verdict.kind === 'unknown' && copyProved ? { kind: 'ok', text: 'the same deny list; the copy below got it too: your handler did not run again' } : verdict,
    },
    {
      name: 'a copy with other viewers (same ID and Puzzle)',
      expect: 'either',
      body: copy.body,
      risk: copyRisk,
      judge: ({ text }) => {
        const answer = read(text, copy.sync);
        const deny = JSON.stringify(answer.deny);
        const missing = solutionMiss(answer.solution);
        if (missing !== undefined) return missing;
        if (saysDuplicate(text)) return REPLAY_DONE;
        if (answer.deny.some((denied) => copyViewers.some((player) => player.id === denied))) return { kind: 'miss', text: `it denied a viewer only the copy lists: ${copyRisk}` };
        if (first !== undefined && deny !== first) return { kind: 'miss', text: `another deny list than the first (${deny}, first ${first}): ${copyRisk}` };
        if (first === undefined || first === '[]') {
          return cannotTell('the copy', 'it denies nobody, as the first did', 'anyone who captured one sync can re-send it with other viewers and watched time');
        }
        copyProved = true;
        return { kind: 'ok', text: 'the first deny list, which names none of its viewers: your handler did not run again' };
      },
    },
    {
      name: `a sync of ${LARGE_SYNC_VIEWERS.toLocaleString('en')} viewers (${Math.round(large.body.length / 1000)} KB)`,
      expect: 'accept',
      body: large.body,
      risk: "a busy server's syncs are refused: their viewers go uncounted, and Nimble gets no deny list",
      judge: ({ text }) => solutionMiss(read(text, large.sync).solution),
      explainRefusal: tooLarge,
    },
    ...forgeryCases(forgeries, 'anyone can forge a sync: viewers and watched time that never were', (forge) => createTestPayPerViewSync({ token, vhost: SERVER, players: [viewer(1)], forge })),
    GET_CASE,
  ];
}
