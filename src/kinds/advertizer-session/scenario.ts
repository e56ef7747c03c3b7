import { readOptionalField } from '../../lib/fields.js';
import { isBytes } from '../../lib/decode-body.js';
import { locateJsonError } from './json-text.js';
import {
  checkFields,
  createReport,
  readChoice,
  readContents,
  readList,
  readName,
  readObject,
  readRules,
  readUrl,
  readWhole,
  summarizeProblems,
} from './rules.js';
import type {
  AdvertizerContent,
  AdvertizerContentInput,
  AdvertizerOnError,
  AdvertizerRule,
  AdvertizerRuleInput,
  AdvertizerScenarioProblem,
  Report,
} from './rules.js';

/**
 * The per-session handler as given to `createAdvertizerScenario`: the URL Nimble POSTs each new session
 * to, how long it waits for the answer, what it does without one, and for which applications.
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionHandlerInput } from 'wmspanel-notifications';
 *
 * const handler: AdvertizerSessionHandlerInput = { apps: ['live'], url: 'https://ads.example.com/session', timeout: 1000, onerror: 'skip' };
 * ```
 */
export interface AdvertizerSessionHandlerInput {
  /** Only sessions of these applications; all when absent. */
  apps?: readonly string[];
  /** An absolute `http:` or `https:` URL; written as given. */
  url: string;
  /** Milliseconds (INFERRED: the example's `"1000"` only makes sense as milliseconds for a call a viewer waits for): a positive whole number, or a string of digits (written as a string). */
  timeout: number | string;
  /** Without an answer in time: play on without ads (`skip`) or stop (`stop`). */
  onerror: AdvertizerOnError;
}

/**
 * The per-session handler as this package writes it: `{ "apps"?, "url", "timeout", "onerror" }`, the
 * timeout a string of digits (the form in Softvelum's example, `"timeout":"1000"`).
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionHandler } from 'wmspanel-notifications';
 *
 * const handler: AdvertizerSessionHandler = { url: 'http://127.0.0.1:8085/session-handler', timeout: '1000', onerror: 'skip' };
 * ```
 */
export interface AdvertizerSessionHandler {
  /** Only sessions of these applications; all when absent. */
  apps?: string[];
  /** Where Nimble POSTs the session requests. */
  url: string;
  /** How long Nimble waits for the answer, in milliseconds, as a string of digits. */
  timeout: string;
  /** Without an answer in time: `skip` (play on without ads) or `stop`. */
  onerror: AdvertizerOnError;
}

/**
 * An Advertizer scenario as given to `createAdvertizerScenario`: the ads (`contents`), when and where
 * they play (`rules`), and optionally a per-session handler. Field names are Nimble's as in
 * Softvelum's spec; numbers may be given as numbers or strings of digits.
 *
 * @example
 * ```ts
 * import type { AdvertizerScenarioInput } from 'wmspanel-notifications';
 *
 * const input: AdvertizerScenarioInput = {
 *   contents: [{ id: 'pre-roll', uri: 'https://cdn.example.com/ads/pre-roll.mp4' }],
 *   rules: [{ id: 1, type: 'global', time_sync: 'stream', time_offset: 0, contents: [{ id: 'pre-roll', wait: 10 }] }],
 * };
 * ```
 */
export interface AdvertizerScenarioInput {
  /** The per-session handler Nimble asks which rules each new session gets. */
  session_handler?: AdvertizerSessionHandlerInput;
  /** The ads: ids and where to download them. */
  contents: readonly AdvertizerContentInput[];
  /** Which ads play where and when; may be empty. */
  rules: readonly AdvertizerRuleInput[];
}

/**
 * An Advertizer scenario as this package writes it, ready for `JSON.stringify` or `Response.json`: what
 * Nimble's main handler (a URL or a static file) answers with.
 *
 * @example
 * ```ts
 * import { createAdvertizerScenario, type AdvertizerScenario } from 'wmspanel-notifications';
 *
 * const scenario: AdvertizerScenario = createAdvertizerScenario({ contents: [], rules: [] });
 * ```
 */
export interface AdvertizerScenario {
  /** The per-session handler, when given. */
  session_handler?: AdvertizerSessionHandler;
  /** The ads. */
  contents: AdvertizerContent[];
  /** The rules. */
  rules: AdvertizerRule[];
}

/**
 * What `validateAdvertizerScenario` found: the normalized scenario, or every problem; warnings (fields
 * nobody documented, which Nimble may accept) either way.
 *
 * @example
 * ```ts
 * import { validateAdvertizerScenario, type AdvertizerScenarioValidation } from 'wmspanel-notifications';
 *
 * const result: AdvertizerScenarioValidation = validateAdvertizerScenario('{"contents":[],"rules":[]}');
 * if (result.valid) console.log(JSON.stringify(result.scenario));
 * ```
 */
export type AdvertizerScenarioValidation =
  | {
      /** Nimble can use it. */
      valid: true;
      /** The scenario as `createAdvertizerScenario` writes it. */
      scenario: AdvertizerScenario;
      /** Fields nobody documented, which Nimble may ignore. */
      warnings: AdvertizerScenarioProblem[];
    }
  | {
      /** Nimble cannot use it. */
      valid: false;
      /** Every problem, each with its path (and, for text that is not JSON, its line and column). */
      problems: AdvertizerScenarioProblem[];
      /** Fields nobody documented, which Nimble may ignore. */
      warnings: AdvertizerScenarioProblem[];
    };

/**
 * The error `createAdvertizerScenario` throws: a `TypeError` that lists every problem, each with its
 * path, in `problems`.
 *
 * @example
 * ```ts
 * import { AdvertizerScenarioError, createAdvertizerScenario } from 'wmspanel-notifications';
 *
 * try {
 *   createAdvertizerScenario(input);
 * } catch (error) {
 *   if (error instanceof AdvertizerScenarioError) for (const p of error.problems) console.error(`${p.path}: ${p.message}`);
 *   else throw error;
 * }
 * ```
 */
export class AdvertizerScenarioError extends TypeError {
  /** Every problem found, in the order of the scenario. */
  readonly problems: AdvertizerScenarioProblem[];

  /** @param problems - at least one */
  constructor(problems: AdvertizerScenarioProblem[]) {
    super(`wmspanel-notifications: ${summarizeProblems('the Advertizer scenario', problems)}`);
    this.name = 'AdvertizerScenarioError';
    this.problems = problems;
  }
}

const SCENARIO_FIELDS = ['session_handler', 'contents', 'rules'] as const;
const SESSION_HANDLER_FIELDS = ['apps', 'url', 'timeout', 'onerror'] as const;
const SESSION_HANDLER_ON_ERRORS: readonly AdvertizerOnError[] = ['skip', 'stop'];

/** A `session_handler`: url, timeout and onerror required (all three in the one published example), apps optional. */
function readSessionHandler(report: Report, value: unknown, path: string): AdvertizerSessionHandler | undefined {
  const record = readObject(report, value, path, 'an object { "url", "timeout", "onerror", "apps"? }');
  if (record === undefined) return undefined;
  checkFields(report, record, path, SESSION_HANDLER_FIELDS);
  const rawApps = readOptionalField(record, 'apps');
  const apps = rawApps === undefined ? null : readList(report, rawApps, `${path}.apps`, 'application names', (item, at) => readName(report, item, at, 'an application name'));
  const url = readUrl(report, readOptionalField(record, 'url'), `${path}.url`, ['http:', 'https:']);
  const timeout = readWhole(report, readOptionalField(record, 'timeout'), `${path}.timeout`, { unit: 'milliseconds', positive: true });
  const onerror = readChoice(report, readOptionalField(record, 'onerror'), `${path}.onerror`, SESSION_HANDLER_ON_ERRORS, 'an onerror');
  if (apps === undefined || url === undefined || timeout === undefined || onerror === undefined) return undefined;
  return { ...(apps !== null && { apps }), url, timeout: String(timeout), onerror };
}

/**
 * A whole scenario, read into `report`: the normalized scenario when nothing is wrong. An object whose
 * reads throw (a getter, a Proxy) is one problem, not an exception: the validator never throws.
 */
function readScenario(report: Report, value: unknown): AdvertizerScenario | undefined {
  try {
    return readScenarioFields(report, value);
  } catch {
    report.problems.push({ path: '', message: 'the scenario could not be read: reading it threw (a getter or a Proxy?)' });
    return undefined;
  }
}

function readScenarioFields(report: Report, value: unknown): AdvertizerScenario | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : value === undefined ? 'undefined' : `a ${typeof value}`;
    report.problems.push({ path: '', message: `the scenario must be a JSON object with "contents" and "rules", not ${what}` });
    return undefined;
  }
  const record = value as Record<string, unknown>;
  checkFields(report, record, '', SCENARIO_FIELDS);
  const rawHandler = readOptionalField(record, 'session_handler');
  const handler = rawHandler === undefined ? null : readSessionHandler(report, rawHandler, 'session_handler');
  const contents = readContents(report, readOptionalField(record, 'contents'), 'contents');
  const rules = readRules(report, readOptionalField(record, 'rules'), 'rules', { session: false, contents: contents?.table });
  if (report.problems.length > 0 || handler === undefined || contents?.contents === undefined || rules === undefined) return undefined;
  return { ...(handler !== null && { session_handler: handler }), contents: contents.contents, rules };
}

/**
 * Checks an Advertizer scenario and returns it as Nimble should get it (give it to `JSON.stringify` or
 * `Response.json`), so that a mistake is an exception here rather than a file Nimble silently ignores.
 *
 * Every problem is collected: ids (non-empty strings or whole numbers, unique among contents and among
 * rules, `1` and `"1"` being the same id), URLs (`http:`, `https:`, `file:` for contents; `http:` or
 * `https:` for the session handler), each rule's `type`, `app`/`stream` for the types that take them,
 * `protocols`, `time_sync`, `time_offset` (a real date `YYYY-MM-DD HH:MM:SS` for `gmt`, whole seconds
 * otherwise), every content a rule plays existing (an adaptive set: each with a distinct `height`), and no
 * unknown field (a typo such as `rule` for `rules` would otherwise be dropped).
 *
 * Accept what Nimble accepts, write what is unambiguous: numbers may be given as numbers or strings of
 * plain decimal digits; what is written has ids as strings (Nimble reports rule ids as strings:
 * `"rule":"101"`), `time_offset` as a number (or the date string for `gmt`), `time_interval` and `height`
 * as numbers, `wait` and `session_handler.timeout` as strings of digits (the only form in Softvelum's
 * examples), keys in the order of those examples, and absent optional fields absent.
 *
 * @throws AdvertizerScenarioError (a `TypeError`) listing every problem with its path
 * @example
 * ```ts
 * import { createAdvertizerScenario } from 'wmspanel-notifications';
 *
 * const scenario = createAdvertizerScenario({
 *   contents: [{ id: 'pre-roll', uri: 'https://cdn.example.com/ads/pre-roll.mp4' }],
 *   rules: [{ id: 1, type: 'app', app: 'live', time_sync: 'stream', time_offset: 0, time_interval: 0, contents: [{ id: 'pre-roll', onerror: 'skip', wait: 10 }] }],
 * });
 * JSON.stringify(scenario);
 * // {"contents":[{"id":"pre-roll","uri":"https://cdn.example.com/ads/pre-roll.mp4"}],"rules":[{"id":"1","type":"app","app":"live",
 * //  "time_sync":"stream","time_offset":0,"time_interval":0,"contents":[{"id":"pre-roll","onerror":"skip","wait":"10"}]}]}
 * ```
 */
export function createAdvertizerScenario(input: AdvertizerScenarioInput): AdvertizerScenario {
  const report = createReport('problem');
  const scenario = readScenario(report, input);
  if (scenario === undefined) throw new AdvertizerScenarioError(report.problems);
  return scenario;
}

// Created on first use: only byte input needs it.
let utf8: TextDecoder | undefined;

/**
 * Checks an existing scenario (a file, or a main handler's body) the way `createAdvertizerScenario`
 * checks one it builds, without throwing: `{ valid: true, scenario, warnings }` with the scenario
 * normalized as `createAdvertizerScenario` writes it, or `{ valid: false, problems, warnings }`.
 *
 * Takes JSON text (a string, or UTF-8 bytes as a `Uint8Array` or `ArrayBuffer`) or an already-parsed
 * value. A text that is not JSON, which Nimble would ignore, has one problem at path `''` with the line,
 * column and likely cause of the first error (`locateJsonError`): prose or a comment before the object, a
 * raw line break inside a string, a byte-order mark... An unknown field is a warning, not a problem
 * (Nimble may take fields nobody documented), and is left out of the normalized scenario.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { validateAdvertizerScenario } from 'wmspanel-notifications';
 *
 * const result = validateAdvertizerScenario(await readFile('radio-ads.json'));
 * if (!result.valid) console.error(result.problems[0]!.message);
 * // not valid JSON at line 1, column 1: text ("The") where the value should start: prose before the object? ...
 * ```
 */
export function validateAdvertizerScenario(jsonOrText: unknown): AdvertizerScenarioValidation {
  let value = jsonOrText;
  if (isBytes(value)) {
    try {
      // ignoreBOM: a byte-order mark stays in the text, to be reported: JSON.parse refuses one.
      utf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      value = utf8.decode(value);
    } catch {
      return { valid: false, problems: [{ path: '', message: 'not valid UTF-8: save the file as UTF-8' }], warnings: [] };
    }
  }
  if (typeof value === 'string') {
    const text = value;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      // locateJsonError finds an error exactly where JSON.parse throws (property-tested against it); the
      // fallback is for an engine that refuses what the standard allows.
      const { line, column, hint } = locateJsonError(text) ?? { line: 1, column: 1, hint: 'JSON.parse refused it' };
      return { valid: false, problems: [{ path: '', message: `not valid JSON at line ${line}, column ${column}: ${hint}`, line, column, hint }], warnings: [] };
    }
  }
  const report = createReport('warning');
  const scenario = readScenario(report, value);
  if (scenario === undefined) return { valid: false, problems: report.problems, warnings: report.warnings };
  return { valid: true, scenario, warnings: report.warnings };
}
