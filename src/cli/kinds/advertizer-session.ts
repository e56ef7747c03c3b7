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

/** Judges an answer as Nimble reads it: a miss names what it cannot read. */
const readable = (answer: Answer) => (readAdvertizerSessionResponse(answer.text), undefined);

/**
 * Judges the answer to sessions that asked for rules: readable, and with a `rules_response` list (an answer
 * without one, `{"received":true}`, is no session handler's: the sessions that asked get no rules).
 */
function answersRules(answer: Answer): Verdict | undefined {
  readAdvertizerSessionResponse(answer.text);
  const { rules_response: assignments } = JSON.parse(answer.text) as { rules_response?: unknown };
  return Array.isArray(assignments) ? undefined : { kind: 'miss', text: 'no "rules_response": the sessions that asked get no rules, and play without ads' };
}

export const advertizerSessionEntry: CliKind<AdvertizerSessionRequest> = {
  name: 'advertizer-session',
  spec: advertizerSessionSpec,
  forgeries: [],
  timed: false,
  options: {
    viewer: { type: 'string', multiple: true, value: 'app/stream', description: 'a new session asking for ad rules (default one on live/stream)' },
  },
  make: (values) => ({ body: createTestAdvertizerSessionRequest({ ruleRequests: viewersOf(values) }).body, readAnswer: (text) => ({ lines: linesOf(text), ok: true }) }),
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
    check: 'advertizer-session: rules Nimble reads.',
    send: 'with advertizer-session, the rules\nassigned to each session',
    listen: 'advertizer sessions get no rules',
  },
};
