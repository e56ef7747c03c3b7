import { readOptionalField } from '../../lib/fields.js';
import { misuse } from '../../lib/misuse.js';
import { locateJsonError } from './json-text.js';
import { checkFields, createReport, readId, readList, readObject, readRules, readWhole, summarizeProblems } from './rules.js';
import type { AdvertizerProtocol, AdvertizerRule, AdvertizerRuleContentInput, AdvertizerTimeSync, Report } from './rules.js';

/**
 * A rule the session handler sends for the sessions it assigns it to: a rule of a scenario without `app`
 * or `stream`, of type `session` (the default, and the only type taken: the one seen in Softvelum's
 * example). Its contents are ids of the main scenario's `contents`, which this answer cannot check.
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionRuleInput } from 'wmspanel-notifications';
 *
 * const rule: AdvertizerSessionRuleInput = { id: 101, time_sync: 'stream', time_offset: 0, contents: [{ id: ['1', '2', '3', '4'] }] };
 * ```
 */
export interface AdvertizerSessionRuleInput {
  /** A non-empty string, or a whole number (written as a string), unique in the answer. */
  id: string | number;
  /** Only these protocols; all when absent. */
  protocols?: readonly AdvertizerProtocol[];
  /** Pay-per-view user ids (written as strings). */
  users?: readonly (string | number)[];
  /** `session` (the default): the only type a session handler's rule takes. */
  type?: 'session';
  /** What `time_offset` counts from: `stream`, `gmt` or `scte35`. */
  time_sync: AdvertizerTimeSync;
  /** For `gmt`, the date and time `YYYY-MM-DD HH:MM:SS`; else whole seconds (written as a number). */
  time_offset: number | string;
  /** Whole seconds between plays, 0 for once (written as a number). */
  time_interval?: number | string;
  /** What to play: content ids of the scenario, or adaptive sets of them. */
  contents: readonly AdvertizerRuleContentInput[];
}

/**
 * Which rules apply to one session, as given: the session number Nimble sent, rule ids, and optionally
 * when Nimble should ask again.
 *
 * @example
 * ```ts
 * import type { AdvertizerRuleAssignmentInput } from 'wmspanel-notifications';
 *
 * const assignment: AdvertizerRuleAssignmentInput = { session: 5, rules: [101], request_interval: 10 };
 * ```
 */
export interface AdvertizerRuleAssignmentInput {
  /** The session number from Nimble's `rules_request`: a whole number, or a string of digits (written as a number). */
  session: number | string;
  /** Rule ids (written as strings); an empty list assigns no rule. */
  rules: readonly (string | number)[];
  /** Seconds until Nimble asks again for this session (INFERRED): a positive whole number, or a string of digits (written as a number). */
  request_interval?: number | string;
}

/**
 * Which rules apply to one session, as this package writes it: `{ "rules", "session", "request_interval"? }`
 * (the order of Softvelum's example), rule ids as strings.
 *
 * @example
 * ```ts
 * import type { AdvertizerRuleAssignment } from 'wmspanel-notifications';
 *
 * const assignment: AdvertizerRuleAssignment = { rules: ['101'], session: 5, request_interval: 10 };
 * ```
 */
export interface AdvertizerRuleAssignment {
  /** The ids of its rules, as strings. */
  rules: string[];
  /** The session number Nimble sent. */
  session: number;
  /** Seconds until Nimble asks again for this session. */
  request_interval?: number;
}

/**
 * What a per-session handler decides: the rules it sends, and which rules apply to which session.
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionDecision } from 'wmspanel-notifications';
 *
 * const decision: AdvertizerSessionDecision = {
 *   rules: [{ id: 101, time_sync: 'stream', time_offset: 0, contents: [{ id: ['1', '2', '3', '4'] }] }],
 *   rules_response: [{ session: 5, rules: [101], request_interval: 10 }],
 * };
 * ```
 */
export interface AdvertizerSessionDecision {
  /** The session rules to send (`type` `session`); none when absent. */
  rules?: readonly AdvertizerSessionRuleInput[];
  /** Which rules apply to which session; none when absent. */
  rules_response?: readonly AdvertizerRuleAssignmentInput[];
}

/**
 * A session handler's rule as this package writes it: a rule of type `session` (no `app` or `stream`: it
 * applies to the sessions the answer assigns it to).
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionRule } from 'wmspanel-notifications';
 *
 * const rule: AdvertizerSessionRule = { id: '101', type: 'session', time_sync: 'stream', time_offset: 0, contents: [{ id: ['1', '2'] }] };
 * ```
 */
export interface AdvertizerSessionRule extends Omit<AdvertizerRule, 'type' | 'app' | 'stream'> {
  /** Always `session`: the one type a session handler's rule takes. */
  type: 'session';
}

/**
 * The per-session handler's answer as this package writes it: `{ "rules": [...], "rules_response": [...] }`,
 * both always present.
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionResponse } from 'wmspanel-notifications';
 *
 * const nothing: AdvertizerSessionResponse = { rules: [], rules_response: [] };
 * ```
 */
export interface AdvertizerSessionResponse {
  /** The session rules. */
  rules: AdvertizerSessionRule[];
  /** Which rules apply to which session. */
  rules_response: AdvertizerRuleAssignment[];
}

const RESPONSE_FIELDS = ['rules', 'rules_response'] as const;
const ASSIGNMENT_FIELDS = ['rules', 'session', 'request_interval'] as const;

/** One entry of `rules_response`. */
function readAssignment(report: Report, value: unknown, path: string): AdvertizerRuleAssignment | undefined {
  const record = readObject(report, value, path, 'an object { "session", "rules", "request_interval"? }');
  if (record === undefined) return undefined;
  checkFields(report, record, path, ASSIGNMENT_FIELDS);
  const session = readWhole(report, readOptionalField(record, 'session'), `${path}.session`, { unit: '', positive: false });
  const rules = readList(report, readOptionalField(record, 'rules'), `${path}.rules`, 'the ids of the rules for this session', (item, at) => readId(report, item, at));
  const rawInterval = readOptionalField(record, 'request_interval');
  const interval = rawInterval === undefined ? null : readWhole(report, rawInterval, `${path}.request_interval`, { unit: 'seconds', positive: true });
  if (session === undefined || rules === undefined || interval === undefined) return undefined;
  return { rules, session, ...(interval !== null && { request_interval: interval }) };
}

/** A whole answer: the normalized response when nothing is wrong. */
function readResponse(report: Report, value: unknown): AdvertizerSessionResponse | undefined {
  const record = readObject(report, value, '', 'an object { "rules"?, "rules_response"? }');
  if (record === undefined) return undefined;
  checkFields(report, record, '', RESPONSE_FIELDS);
  const rawRules = readOptionalField(record, 'rules');
  const rules = rawRules === undefined ? [] : readRules(report, rawRules, 'rules', { session: true });
  const rawAssignments = readOptionalField(record, 'rules_response');
  const assignments: AdvertizerRuleAssignment[] = [];
  if (rawAssignments !== undefined) {
    const list = readList(report, rawAssignments, 'rules_response', 'which rules apply to which session', (item, at) => readAssignment(report, item, at));
    // A session asked about twice in one call gets the same assignment twice from a callback that maps
    // the requests: written once. Two different assignments of one session are a contradiction.
    const answered = new Map<number, { path: string; same: string }>();
    list?.forEach((assignment, index) => {
      const same = JSON.stringify([assignment.rules, assignment.request_interval]);
      const first = answered.get(assignment.session);
      if (first === undefined) {
        answered.set(assignment.session, { path: `rules_response[${index}]`, same });
        assignments.push(assignment);
      } else if (first.same !== same) {
        report.problems.push({ path: `rules_response[${index}].session`, message: `session ${assignment.session} is answered twice, differently: ${first.path} has it too` });
      }
    });
  }
  if (report.problems.length > 0 || rules === undefined) return undefined;
  // Read with { session: true }, every rule is of type "session" (another was a problem above).
  return { rules: rules as AdvertizerSessionRule[], rules_response: assignments };
}

/**
 * The answer of a per-session handler to Nimble Advertizer: the session rules it sends and which rules
 * apply to which session, checked and written unambiguously (`JSON.stringify` it, or return it from the
 * callback). Rule and content ids are written as strings (Nimble reports rule ids as strings, `"101"`),
 * `session`, `time_offset`, `time_interval` and `request_interval` as numbers, `wait` as a string of
 * digits; a rule's `type` is `session` (the default; another is refused). Whether the contents a rule plays
 * exist cannot be checked here: they are in the main scenario.
 *
 * @throws TypeError naming every problem with its path (`rules[0].time_sync: missing: ...`)
 * @example
 * ```ts
 * import { createAdvertizerSessionResponse } from 'wmspanel-notifications';
 *
 * JSON.stringify(createAdvertizerSessionResponse({
 *   rules: [{ id: 101, time_sync: 'stream', time_offset: 0, contents: [{ id: ['1', '2', '3', '4'] }] }],
 *   rules_response: [{ session: 5, rules: [101], request_interval: 10 }],
 * }));
 * // {"rules":[{"id":"101","type":"session","time_sync":"stream","time_offset":0,"contents":[{"id":["1","2","3","4"]}]}],
 * //  "rules_response":[{"rules":["101"],"session":5,"request_interval":10}]}
 * ```
 */
export function createAdvertizerSessionResponse(decision: AdvertizerSessionDecision): AdvertizerSessionResponse {
  const report = createReport('problem');
  let response: AdvertizerSessionResponse | undefined;
  try {
    response = readResponse(report, decision);
  } catch {
    // A callback's value can be anything: a getter or a Proxy that throws is refused as what it is.
    throw misuse('the Advertizer session response could not be read: reading it threw (a getter or a Proxy?)');
  }
  if (response === undefined) throw misuse(summarizeProblems('the Advertizer session response', report.problems));
  return response;
}

/**
 * Reads a per-session handler's answer (this package's, or one written in PHP) the way Nimble would, into
 * the normalized form `createAdvertizerSessionResponse` writes: `{"id": 101}` reads as `"101"`. Fields
 * nobody documented are left out, not refused.
 *
 * @throws TypeError naming the path and the problem, or the line and column of a text that is not JSON
 * @example
 * ```ts
 * import { readAdvertizerSessionResponse } from 'wmspanel-notifications/testing';
 *
 * const answer = readAdvertizerSessionResponse(await (await fetch(handlerUrl, { method: 'POST', body })).text());
 * answer.rules_response; // [{ rules: ['101'], session: 5, request_interval: 10 }]
 * ```
 */
export function readAdvertizerSessionResponse(body: string): AdvertizerSessionResponse {
  if (typeof body !== 'string') throw misuse('readAdvertizerSessionResponse takes the body as a string');
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    const where = locateJsonError(body);
    const at = where === undefined ? '' : ` at line ${where.line}, column ${where.column}: ${where.hint}`;
    throw misuse(`the Advertizer session response is not valid JSON${at}`);
  }
  const report = createReport('ignore');
  const response = readResponse(report, value);
  if (response === undefined) throw misuse(summarizeProblems('the Advertizer session response', report.problems));
  return response;
}
