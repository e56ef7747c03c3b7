// `--kind advertizer-session`: Nimble Advertizer's per-session handler, which Nimble POSTs the state of its
// viewer sessions and the new sessions asking for ad rules; unsigned, answered with rules and assignments.
import { advertizerSessionSpec, createAdvertizerSessionRequestVerifier } from '../../kinds/advertizer-session/kind.js';
import { readAdvertizerSessionResponse } from '../../kinds/advertizer-session/response.js';
import { createTestAdvertizerSessionRequest, type TestAdvertizerRuleRequest } from '../../kinds/advertizer-session/testing.js';
import type { AdvertizerSessionRequest } from '../../kinds/advertizer-session/types.js';
import { GET_CASE, STREAM, unreadableCase, type Answer, type Verdict } from '../check-case.js';
import { UsageError, type Values } from '../shared.js';
import type { CliKind } from './kind.js';

/** --viewer app/stream: a new session asking for rules on that stream (one on live/stream by default). */
function viewersOf(values: Values): TestAdvertizerRuleRequest[] {
  const list = values.viewer as string[] | undefined;
  if (list === undefined) return [{}];
  return list.map((text) => {
    const slash = text.indexOf('/');
    if (slash <= 0 || slash === text.length - 1 || /\s/.test(text)) throw new UsageError('--viewer takes app/stream');
    return { app: text.slice(0, slash), stream: text.slice(slash + 1) };
  });
}

/** The assignments of an answer as send prints them, one line a session; throws for an answer Nimble cannot read. */
function linesOf(text: string): string[] {
  const { rules_response: assignments } = readAdvertizerSessionResponse(text);
  if (assignments.length === 0) return ['no rules assigned'];
  return assignments.map(({ session, rules, request_interval: interval }) => `session ${session}: rules ${rules.join(', ')}${interval === undefined ? '' : `, asks again in ${interval} s`}`);
}

// What an answer without rules for the sessions that asked costs them.
const NO_RULES_RESPONSE = 'no "rules_response": the sessions that asked get no rules, and play without ads';

/** Whether an answer Nimble reads carries a `rules_response` list (`{"received":true}` is no session handler's). */
function hasRulesResponse(text: string): boolean {
  return Array.isArray((JSON.parse(text) as { rules_response?: unknown } | null)?.rules_response);
}

// Nimble waits the scenario's session_handler.timeout: "1000" (milliseconds) in Softvelum's example.
const EXAMPLE_TIMEOUT_MS = 1000;

/** An answer that came later than Softvelum's example lets Nimble wait: advice, as a scenario may give more. */
function slow({ ms }: Answer): Verdict | undefined {
  if (ms <= EXAMPLE_TIMEOUT_MS) return undefined;
  return {
    kind: 'advice',
    text: `answered in ${Math.round(ms)} ms: Nimble waits only the scenario's session_handler timeout (${EXAMPLE_TIMEOUT_MS} ms in Softvelum's example), then plays without ads; answer faster, or give it a longer timeout`,
  };
}

/**
 * Judges the answer to sessions that asked for rules: readable, with a `rules_response` list, and in time
 * for Nimble.
 */
function answersRules(answer: Answer): Verdict | undefined {
  readAdvertizerSessionResponse(answer.text);
  return hasRulesResponse(answer.text) ? slow(answer) : { kind: 'miss', text: NO_RULES_RESPONSE };
}

/** Judges an answer Nimble only needs to read (session stats), and in time. */
const readable = (answer: Answer): Verdict | undefined => (readAdvertizerSessionResponse(answer.text), slow(answer));

const BUSY_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 wmspanel-notifications check';

// A call as large as a busy server's: every session since the last call, each with a user agent (some
// 600 KB), more than the 100 kB an app-wide express.json() reads.
const LARGE_CALL_SESSIONS = 2000;

export const advertizerSessionEntry: CliKind<AdvertizerSessionRequest> = {
  name: 'advertizer-session',
  spec: advertizerSessionSpec,
  forgeries: [],
  timed: false,
  options: {
    viewer: { type: 'string', multiple: true, value: 'app/stream', description: 'a new session asking for ad rules (default one on live/stream)' },
  },
  make: (values) => ({
    body: createTestAdvertizerSessionRequest({ ruleRequests: viewersOf(values) }).body,
    // The made request always has sessions asking for rules: an answer without rules_response fails them.
    readAnswer: (text) => {
      // Read first: an answer that is not JSON is explained with its line and column.
      const lines = linesOf(text);
      return hasRulesResponse(text) ? { lines, ok: true } : { lines: [NO_RULES_RESPONSE], ok: false };
    },
  }),
  verifier: () => createAdvertizerSessionRequestVerifier(),
  // The request as read, without the raw body it was read from.
  json: ({ raw: _raw, ...request }) => request,
  listen: (out) => ({
    onAdvertizerSessions(request, info) {
      out(JSON.stringify({ kind: 'advertizer-session', sessions: request.sessions, ruleRequests: request.ruleRequests, receivedAt: info.receivedAt.toISOString() }));
      return undefined;
    },
  }),
  cases: () => {
    const [app, stream] = STREAM.split('/') as [string, string];
    const viewer = { app, stream, userAgent: 'wmspanel-notifications check' };
    return [
      {
        name: 'sessions and new sessions asking for rules (rules Nimble reads)',
        expect: 'accept',
        body: createTestAdvertizerSessionRequest({
          sessions: [{ ...viewer, views: [{ rule: '101', content: '2' }] }, { ...viewer, state: 'inactive' }],
          ruleRequests: [{ ...viewer, protocol: 'hls' }, { ...viewer, protocol: 'sldp', streamTime: 12 }],
        }).body,
        risk: 'Nimble gets no rules for its viewers, who play without ads',
        judge: answersRules,
      },
      {
        name: `a call of ${LARGE_CALL_SESSIONS} sessions with their user agents (as a busy server sends)`,
        expect: 'accept',
        body: createTestAdvertizerSessionRequest({
          sessions: Array.from({ length: LARGE_CALL_SESSIONS / 2 }, () => ({ ...viewer, userAgent: BUSY_AGENT, views: [{ rule: '101', content: '2' }] })),
          ruleRequests: Array.from({ length: LARGE_CALL_SESSIONS / 2 }, () => ({ ...viewer, userAgent: BUSY_AGENT, protocol: 'hls' })),
        }).body,
        risk: "a busy server's calls are refused: its viewers play without ads, and their views go uncounted",
        explainRefusal: (answer) =>
          answer === undefined || answer.status === 413 ? 'a body parser in front of the handler refused it: mount the receiver before express.json() or raise its limit: each call lists every session' : undefined,
        judge: answersRules,
      },
      {
        name: 'session stats only (no rules asked)',
        expect: 'accept',
        body: createTestAdvertizerSessionRequest({ sessions: [{ ...viewer, state: 'inactive' }], ruleRequests: [] }).body,
        risk: 'Nimble takes the stats call for failed',
        judge: readable,
      },
      unreadableCase('a body that is not an Advertizer request', '{"rules_request":"nope"}'),
      GET_CASE,
    ];
  },
  help: {
    about: 'advertizer-session\n(Nimble Advertizer per-session handler)',
    check: '\nadvertizer-session: rules Nimble reads, in time, for a call of 2,000 sessions too.',
    send: 'with advertizer-session, the rules\nassigned to each session',
    listen: 'advertizer sessions get no rules',
  },
};
