// The checks that Advertizer's main scenario (scenario.ts) and the session handler's answer (response.ts)
// share: ids, numbers, the contents and the rules. Each reader reports every problem it finds, with its
// path, and returns what it read in the one form this package writes, or `undefined`.
import { controlCharacterIndex } from '../../lib/control-character.js';
import { editDistance } from '../../lib/edit-distance.js';
import { isRecord, readOptionalField } from '../../lib/fields.js';
import { parseUrl } from '../../lib/parse-url.js';

/**
 * One problem of an Advertizer scenario: where (`path`, such as `rules[2].contents[0].id`) and what
 * (`message`), so that `${path}: ${message}` reads `rules[2].contents[0].id: no content "pre-roll"`. A text
 * that is not JSON has one problem at path `''` with the `line`, `column` and `hint` of the first error.
 *
 * @example
 * ```ts
 * import { validateAdvertizerScenario } from 'wmspanel-notifications';
 *
 * const result = validateAdvertizerScenario(text);
 * if (!result.valid) for (const { path, message } of result.problems) console.error(path ? `${path}: ${message}` : message);
 * ```
 */
export interface AdvertizerScenarioProblem {
  /** Where: `''` for the whole text, else a path such as `rules[2].contents[0].id` or `session_handler.url`. */
  path: string;
  /** What, e.g. `no content "pre-roll"` or `not valid JSON at line 1, column 1: ...`. */
  message: string;
  /** For a text that is not JSON: the line of the first error, from 1. */
  line?: number;
  /** For a text that is not JSON: the column of the first error, from 1, in characters (code points). */
  column?: number;
  /** For a text that is not JSON: the likely cause and the fix, e.g. `a raw line break inside a string: escape it as \n`. */
  hint?: string;
}

/**
 * Where a rule applies: to every stream of the server (`global`), to one application (`app`), to one
 * stream (`stream`), or to the sessions a session handler assigns it to (`session`).
 *
 * @example
 * ```ts
 * import type { AdvertizerRuleType } from 'wmspanel-notifications';
 *
 * const type: AdvertizerRuleType = 'app';
 * ```
 */
export type AdvertizerRuleType = 'global' | 'app' | 'stream' | 'session';

/**
 * A delivery protocol a rule can be limited to, in lower case as Nimble writes it.
 *
 * @example
 * ```ts
 * import type { AdvertizerProtocol } from 'wmspanel-notifications';
 *
 * const protocols: AdvertizerProtocol[] = ['hls', 'sldp'];
 * ```
 */
export type AdvertizerProtocol = 'icecast' | 'sldp' | 'rtmp' | 'hls';

/**
 * What a rule's `time_offset` counts from: the start of the viewer's stream (`stream`), a date and time
 * in GMT (`gmt`), or the stream's SCTE-35 markers (`scte35`).
 *
 * @example
 * ```ts
 * import type { AdvertizerTimeSync } from 'wmspanel-notifications';
 *
 * const sync: AdvertizerTimeSync = 'gmt';
 * ```
 */
export type AdvertizerTimeSync = 'stream' | 'gmt' | 'scte35';

/**
 * What Nimble does when an ad cannot be played: stop the stream (`stop`) or play on without it (`skip`).
 *
 * @example
 * ```ts
 * import type { AdvertizerOnError } from 'wmspanel-notifications';
 *
 * const onerror: AdvertizerOnError = 'skip';
 * ```
 */
export type AdvertizerOnError = 'stop' | 'skip';

/**
 * An ad file as given to `createAdvertizerScenario`: an id, where Nimble downloads it from and, in an
 * adaptive set, its height in pixels.
 *
 * @example
 * ```ts
 * import type { AdvertizerContentInput } from 'wmspanel-notifications';
 *
 * const content: AdvertizerContentInput = { id: 'pre-roll', uri: 'file:///var/nimble/adv/pre-roll.mp4' };
 * ```
 */
export interface AdvertizerContentInput {
  /** A non-empty string, or a whole number (written as a string). */
  id: string | number;
  /** An absolute `http:`, `https:` or `file:` URL; written as given. */
  uri: string;
  /** Pixels: a positive whole number, or a string of digits (written as a number). */
  height?: number | string;
}

/**
 * An ad file as this package writes it: `{ "id", "uri", "height"? }`, the id a string, the height a number.
 *
 * @example
 * ```ts
 * import type { AdvertizerContent } from 'wmspanel-notifications';
 *
 * const content: AdvertizerContent = { id: '1', uri: 'http://127.0.0.1:8085/ads/1_180p.mp4', height: 180 };
 * ```
 */
export interface AdvertizerContent {
  /** Its id, as a string. */
  id: string;
  /** Where Nimble downloads it, as given. */
  uri: string;
  /** Its height in pixels, for adaptive sets. */
  height?: number;
}

/**
 * One entry of a rule's `contents` as given: the content to play (or an adaptive set of contents, which
 * Nimble picks from by `height`), what to do if it fails, and how long to wait for its download.
 *
 * @example
 * ```ts
 * import type { AdvertizerRuleContentInput } from 'wmspanel-notifications';
 *
 * const play: AdvertizerRuleContentInput = { id: 'pre-roll', onerror: 'stop', wait: 10 };
 * const adaptive: AdvertizerRuleContentInput = { id: ['1', '2', '3', '4'] };
 * ```
 */
export interface AdvertizerRuleContentInput {
  /** A content id, or a non-empty array of them (an adaptive set: each content needs a distinct `height`). */
  id: string | number | readonly (string | number)[];
  /** When it cannot be played: `stop` or `skip`. */
  onerror?: AdvertizerOnError;
  /** Seconds to wait for the download: a whole number, or a string of digits (written as a string). */
  wait?: number | string;
}

/**
 * One entry of a rule's `contents` as this package writes it: ids as strings, `wait` a string of digits
 * (the only form in Softvelum's examples: `"wait":"10"`).
 *
 * @example
 * ```ts
 * import type { AdvertizerRuleContent } from 'wmspanel-notifications';
 *
 * const play: AdvertizerRuleContent = { id: 'pre-roll', onerror: 'stop', wait: '10' };
 * ```
 */
export interface AdvertizerRuleContent {
  /** The content id, or the ids of an adaptive set, as strings. */
  id: string | string[];
  /** When it cannot be played: `stop` or `skip`. */
  onerror?: AdvertizerOnError;
  /** Seconds to wait for the download, as a string of digits. */
  wait?: string;
}

/**
 * A rule as given to `createAdvertizerScenario`: which streams it applies to, when it plays, and what.
 * Field names are Nimble's own (snake_case), as in Softvelum's spec.
 *
 * @example
 * ```ts
 * import type { AdvertizerRuleInput } from 'wmspanel-notifications';
 *
 * const rule: AdvertizerRuleInput = {
 *   id: 'preroll', type: 'app', app: 'live', time_sync: 'stream', time_offset: 0, time_interval: 0,
 *   contents: [{ id: 'pre-roll', onerror: 'skip', wait: 10 }],
 * };
 * ```
 */
export interface AdvertizerRuleInput {
  /** A non-empty string, or a whole number (written as a string), unique among the rules. */
  id: string | number;
  /** Only these protocols (lower case); all when absent. */
  protocols?: readonly AdvertizerProtocol[];
  /** Pay-per-view user ids (written as strings). */
  users?: readonly (string | number)[];
  /** Where it applies: `global`, `app`, `stream` or `session`. */
  type: AdvertizerRuleType;
  /** The application: required for `type` `app` and `stream`, refused for the others. */
  app?: string;
  /** The stream: required for `type` `stream`, refused for the others. */
  stream?: string;
  /** What `time_offset` counts from: `stream` (the session's start), `gmt` (a date and time), `scte35` (the stream's markers). */
  time_sync: AdvertizerTimeSync;
  /** For `gmt`, the date and time `YYYY-MM-DD HH:MM:SS`; else whole seconds (a number or a string of digits, written as a number). */
  time_offset: number | string;
  /** Whole seconds between plays, 0 for once (a number or a string of digits, written as a number). */
  time_interval?: number | string;
  /** What to play, in order: at least one. */
  contents: readonly AdvertizerRuleContentInput[];
}

/**
 * A rule as this package writes it: the id a string, `time_offset` a number (or the date string for
 * `gmt`), `time_interval` a number, keys in the order of Softvelum's examples.
 *
 * @example
 * ```ts
 * import type { AdvertizerRule } from 'wmspanel-notifications';
 *
 * const rule: AdvertizerRule = {
 *   id: '1', type: 'global', time_sync: 'gmt', time_offset: '2018-01-01 00:00:00', time_interval: 3600,
 *   contents: [{ id: '1', onerror: 'skip', wait: '2' }],
 * };
 * ```
 */
export interface AdvertizerRule {
  /** Its id, as a string. */
  id: string;
  /** Only these protocols; all when absent. */
  protocols?: AdvertizerProtocol[];
  /** Pay-per-view user ids, as strings. */
  users?: string[];
  /** Where it applies. */
  type: AdvertizerRuleType;
  /** The application, for `app` and `stream` rules. */
  app?: string;
  /** The stream, for `stream` rules. */
  stream?: string;
  /** What `time_offset` counts from. */
  time_sync: AdvertizerTimeSync;
  /** Seconds, or for `gmt` the date and time `YYYY-MM-DD HH:MM:SS`. */
  time_offset: number | string;
  /** Seconds between plays; 0 plays once. */
  time_interval?: number;
  /** What to play, in order. */
  contents: AdvertizerRuleContent[];
}

/** Where problems go while a value is read, and what an unknown field is. */
export interface Report {
  problems: AdvertizerScenarioProblem[];
  warnings: AdvertizerScenarioProblem[];
  /** A problem (the builders: a typo would be dropped silently), a warning (the validator), or nothing (reading a handler's answer as Nimble would). */
  unknownFields: 'problem' | 'warning' | 'ignore';
}

/** A new, empty report. */
export function createReport(unknownFields: Report['unknownFields']): Report {
  return { problems: [], warnings: [], unknownFields };
}

/** Adds a problem; `undefined`, for `return problem(...)` in a reader. */
function problem(report: Report, path: string, message: string): undefined {
  report.problems.push({ path, message });
  return undefined;
}

/** `${path}: ${message}`, or the message alone for the whole value. */
export function describeProblem({ path, message }: AdvertizerScenarioProblem): string {
  return path === '' ? message : `${path}: ${message}`;
}

/** One line for an error message (without the package's name): how many problems, and the first three. */
export function summarizeProblems(subject: string, problems: readonly AdvertizerScenarioProblem[]): string {
  const count = problems.length;
  const shown = problems.slice(0, 3).map(describeProblem).join('; ');
  const more = count > 3 ? `; and ${count - 3} more` : '';
  return `${subject} has ${count} problem${count === 1 ? '' : 's'}: ${shown}${more}`;
}

/** `path.key`, or `path["key"]` for a key that is not a plain name. */
export function fieldPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${quote(key)}]`;
}

/** A string as a JSON literal, cut at 40 characters. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

/** What a value is, for `not ...` in a message. */
function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A JSON object: not null, not an array. */
export function readObject(report: Report, value: unknown, path: string, what: string): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  return problem(report, path, `must be ${what}, not ${describeType(value)}`);
}

/** An array; `undefined` (with a problem) for anything else. `what` says what it holds, for a missing one. */
export function readArray(report: Report, value: unknown, path: string, what: string): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  return problem(report, path, value === undefined ? `missing: ${what}` : `must be an array, not ${describeType(value)}`);
}

/** Reports the fields of `record` that are not in `known` (what they are depends on the report). */
export function checkFields(report: Report, record: Record<string, unknown>, path: string, known: readonly string[]): void {
  if (report.unknownFields === 'ignore') return;
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    const near = key.length <= 40 ? known.find((name) => name.toLowerCase() === key.toLowerCase() || editDistance(name, key.toLowerCase()) <= 2) : undefined;
    const entry = { path: fieldPath(path, key), message: near === undefined ? 'unknown field' : `unknown field (a typo of "${near}"?)` };
    (report.unknownFields === 'problem' ? report.problems : report.warnings).push(entry);
  }
}

/** A field that its rule's type does not use: a problem or a warning as unknown fields are, and dropped. */
function unusedField(report: Report, path: string, message: string): void {
  if (report.unknownFields === 'ignore') return;
  (report.unknownFields === 'problem' ? report.problems : report.warnings).push({ path, message });
}

/**
 * An id: a non-empty string, or a non-negative safe integer written as a string (Nimble reports rule ids
 * as strings, `"rule":"101"`, even for a rule whose id it was given as the number 101).
 */
export function readId(report: Report, value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value === '' ? problem(report, path, 'must not be empty') : value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (value === undefined) return problem(report, path, 'missing: a non-empty string or a whole number');
  return problem(report, path, `must be a non-empty string or a whole number (0 or more), not ${typeof value === 'number' ? String(value) : describeType(value)}`);
}

/** A non-empty string. */
export function readName(report: Report, value: unknown, path: string, missing: string): string | undefined {
  if (typeof value === 'string') return value === '' ? problem(report, path, 'must not be empty') : value;
  if (value === undefined) return problem(report, path, `missing: ${missing}`);
  return problem(report, path, `must be a string, not ${describeType(value)}`);
}

/** What a whole number counts, for messages. */
export interface Quantity {
  /** `seconds`, `milliseconds`, `pixels` or `` (a session number). */
  unit: string;
  /** Whether 0 is refused. */
  positive: boolean;
}

/**
 * A whole number: a number, or a string of plain decimal digits without leading zeros (no sign, space,
 * fraction, exponent or hex: Softvelum's examples have `"3600"`, `"10"`, `"1000"`, and a value that another
 * parser could read differently, `"010"` or `"1e3"`, is refused rather than guessed); a safe integer, 0 or
 * more, or 1 or more when `positive`. Every value in Softvelum's examples is whole; a fraction, which Nimble
 * might cut or refuse, is refused.
 */
export function readWhole(report: Report, value: unknown, path: string, { unit, positive }: Quantity): number | undefined {
  const whole = unit === '' ? 'a whole number' : `a whole number of ${unit}`;
  let number: number;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return problem(report, path, 'must be a number, not NaN');
    if (!Number.isFinite(value)) return problem(report, path, 'must be a finite number');
    if (value < 0) return problem(report, path, 'must not be negative');
    if (!Number.isInteger(value)) return problem(report, path, `must be ${whole}, not ${value}`);
    number = value;
  } else if (typeof value === 'string') {
    if (!/^(0|[1-9][0-9]*)$/.test(value)) {
      if (/^0[0-9]+$/.test(value)) return problem(report, path, `${quote(value)}: write decimal digits without leading zeros`);
      return problem(report, path, `${quote(value)} is not ${whole}: write plain decimal digits (no sign, space, fraction, exponent or hex)`);
    }
    number = Number(value);
  } else if (value === undefined) {
    return problem(report, path, `missing: ${whole}`);
  } else {
    return problem(report, path, `must be ${whole} (a number or a string of digits), not ${describeType(value)}`);
  }
  if (!Number.isSafeInteger(number)) return problem(report, path, `must be at most ${Number.MAX_SAFE_INTEGER}`);
  if (positive && number === 0) return problem(report, path, 'must be more than 0');
  return number;
}

/** One of `allowed`; a known value in another case is refused with "lower case". */
export function readChoice<T extends string>(report: Report, value: unknown, path: string, allowed: readonly T[], what: string): T | undefined {
  const list = allowed.map((name) => `"${name}"`).join(', ');
  if (typeof value === 'string') {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const lower = value.toLowerCase();
    if ((allowed as readonly string[]).includes(lower)) return problem(report, path, `${quote(value)}: write it in lower case ("${lower}")`);
    return problem(report, path, `${quote(value)} is not ${what}: one of ${list}`);
  }
  if (value === undefined) return problem(report, path, `missing: ${what}, one of ${list}`);
  return problem(report, path, `must be ${what}, one of ${list}, not ${describeType(value)}`);
}

/**
 * An absolute URL of one of `schemes`, written as given (not normalised: Nimble reads it, and a
 * percent-encoded file path might not name the same file). The messages never quote the URL, which may
 * carry a secret in its query; at most its scheme.
 */
export function readUrl(report: Report, value: unknown, path: string, schemes: readonly string[]): string | undefined {
  const names = schemes.length === 2 ? `${schemes[0]} or ${schemes[1]}` : `${schemes.slice(0, -1).join(', ')} or ${schemes[schemes.length - 1]}`;
  if (value === undefined) return problem(report, path, `missing: an absolute ${names} URL`);
  if (typeof value !== 'string') return problem(report, path, `must be an absolute ${names} URL, not ${describeType(value)}`);
  // The URL parser drops tabs and line breaks anywhere and spaces at either end: what it accepts is then
  // not what Nimble gets.
  if (controlCharacterIndex(value) >= 0 || value.trim() !== value) {
    return problem(report, path, 'must not contain control characters, or start or end with a space');
  }
  const url = parseUrl(value);
  if (url === undefined) return problem(report, path, `must be an absolute URL (${names}), not a relative one`);
  const scheme = url.protocol;
  if (!schemes.includes(scheme)) return problem(report, path, `must be an ${names} URL, not ${scheme.slice(0, 32)}`);
  return value;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The days of a month of the Gregorian calendar (a year divisible by 100 is leap only if divisible by 400). */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Why `YYYY-MM-DD HH:MM:SS` (already in that shape) is not a real date and time, or `undefined`. */
function dateProblem(text: string): string | undefined {
  const [year, month, day, hour, minute, second] = text.split(/[- :]/).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) {
    const swapped = `${text.slice(0, 5)}${text.slice(8, 10)}-${text.slice(5, 7)}${text.slice(10)}`;
    const hint = day >= 1 && day <= 12 && dateProblem(swapped) === undefined ? `: are day and month swapped? ${quote(swapped)}` : '';
    return `month ${month} does not exist (the format is YYYY-MM-DD HH:MM:SS${hint})`;
  }
  const days = daysIn(year, month);
  if (day < 1 || day > days) {
    const leap = month === 2 && day === 29 ? `: ${year} is not a leap year` : '';
    return `day ${day} does not exist in ${MONTHS[month - 1]} ${year} (${days} days${leap})`;
  }
  if (hour > 23) return `hour ${hour} does not exist (00 to 23)`;
  if (minute > 59) return `minute ${minute} does not exist (00 to 59)`;
  if (second > 59) return `second ${second} does not exist (00 to 59)`;
  return undefined;
}

/** A `gmt` rule's `time_offset`: a real date and time `YYYY-MM-DD HH:MM:SS`, written as given. */
function readDate(report: Report, value: unknown, path: string): string | undefined {
  const format = 'with time_sync "gmt", time_offset is a date and time "YYYY-MM-DD HH:MM:SS" (GMT), like "2018-01-01 00:00:00"';
  if (value === undefined) return problem(report, path, 'missing: a date and time "YYYY-MM-DD HH:MM:SS" (GMT)');
  if (typeof value !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/.test(value)) {
    return problem(report, path, typeof value === 'string' ? `${quote(value)}: ${format}` : `${format}, not ${describeType(value)}`);
  }
  const wrong = dateProblem(value);
  return wrong === undefined ? value : problem(report, path, wrong);
}

/** A rule's `time_offset`: the date for `gmt`, whole seconds for the others, either when the sync is unknown. */
function readTimeOffset(report: Report, value: unknown, path: string, sync: AdvertizerTimeSync | undefined): number | string | undefined {
  const isDate = typeof value === 'string' && /^[0-9]{4}-/.test(value);
  if (sync === 'gmt' || (sync === undefined && isDate)) return readDate(report, value, path);
  if (isDate && sync !== undefined) return problem(report, path, `a date is for time_sync "gmt"; with time_sync "${sync}", time_offset is a whole number of seconds`);
  return readWhole(report, value, path, { unit: 'seconds', positive: false });
}

/** The contents of a scenario, by id: whether each has a height (`null`: none; `undefined`: a bad one). */
export type ContentTable = Map<string, number | null | undefined>;

/** The fields of a content, in the order written. */
const CONTENT_FIELDS = ['id', 'uri', 'height'] as const;

/**
 * A scenario's `contents`: each checked, ids unique (compared as strings). The table lists every id read,
 * even of a content with another problem, so that the rules that play it are not refused for it too;
 * `contents` is `undefined` when one is wrong.
 */
export function readContents(report: Report, value: unknown, path: string): { contents: AdvertizerContent[] | undefined; table: ContentTable } | undefined {
  const list = readArray(report, value, path, 'the ads, each { "id", "uri" }');
  if (list === undefined) return undefined;
  const contents: AdvertizerContent[] = [];
  const table: ContentTable = new Map();
  const where = new Map<string, { path: string; id: unknown }>();
  let complete = true;
  list.forEach((item, index) => {
    const at = `${path}[${index}]`;
    const record = readObject(report, item, at, 'an object { "id", "uri" }');
    if (record === undefined) {
      complete = false;
      return;
    }
    checkFields(report, record, at, CONTENT_FIELDS);
    const rawId = readOptionalField(record, 'id');
    const id = readId(report, rawId, `${at}.id`);
    const first = id === undefined ? undefined : where.get(id);
    if (id !== undefined && first !== undefined) {
      problem(report, `${at}.id`, `duplicate id ${quote(id)}: ${first.path} has it too${sameIdNote(first.id, rawId, id)}`);
    }
    const uri = readUrl(report, readOptionalField(record, 'uri'), `${at}.uri`, ['http:', 'https:', 'file:']);
    const rawHeight = readOptionalField(record, 'height');
    const height = rawHeight === undefined ? null : readWhole(report, rawHeight, `${at}.height`, { unit: 'pixels', positive: true });
    if (id !== undefined && first === undefined) {
      where.set(id, { path: at, id: rawId });
      table.set(id, height);
    }
    if (id === undefined || uri === undefined || height === undefined) {
      complete = false;
      return;
    }
    contents.push(height === null ? { id, uri } : { id, uri, height });
  });
  return { contents: complete ? contents : undefined, table };
}

/** The fields of a rule, in the order written. */
const RULE_FIELDS = ['id', 'protocols', 'users', 'type', 'app', 'stream', 'time_sync', 'time_offset', 'time_interval', 'contents'] as const;
/** The fields of a session handler's rule: no app or stream (its sessions are assigned to it). */
const SESSION_RULE_FIELDS = ['id', 'protocols', 'users', 'type', 'time_sync', 'time_offset', 'time_interval', 'contents'] as const;
const RULE_CONTENT_FIELDS = ['id', 'onerror', 'wait'] as const;
const RULE_TYPES: readonly AdvertizerRuleType[] = ['global', 'app', 'stream', 'session'];
const PROTOCOLS: readonly AdvertizerProtocol[] = ['icecast', 'sldp', 'rtmp', 'hls'];
const TIME_SYNCS: readonly AdvertizerTimeSync[] = ['stream', 'gmt', 'scte35'];
const ON_ERRORS: readonly AdvertizerOnError[] = ['stop', 'skip'];

/** Where a rule is read: in the main scenario (its contents known), or in a session handler's answer. */
export type RuleSetting = { session: false; contents: ContentTable | undefined } | { session: true };

/** A list of distinct values, each read by `read`. */
export function readList<T>(report: Report, value: unknown, path: string, what: string, read: (item: unknown, at: string) => T | undefined): T[] | undefined {
  const list = readArray(report, value, path, what);
  if (list === undefined) return undefined;
  const result: T[] = [];
  // A Set, not result.includes: a list of pay-per-view users may be long.
  const seen = new Set<T>();
  let complete = true;
  list.forEach((item, index) => {
    const at = `${path}[${index}]`;
    const one = read(item, at);
    if (one === undefined) complete = false;
    else if (seen.has(one)) problem(report, at, `${typeof one === 'string' ? quote(one) : String(one)} is listed twice`);
    else {
      seen.add(one);
      result.push(one);
    }
  });
  return complete ? result : undefined;
}

/** A rule's `contents[i].id`: one id, or an adaptive set of them (each with a distinct height). */
function readRuleContentId(report: Report, value: unknown, path: string, setting: RuleSetting): string | string[] | undefined {
  const table = setting.session ? undefined : setting.contents;
  if (!Array.isArray(value)) {
    const id = readId(report, value, path);
    if (id !== undefined && table !== undefined && !table.has(id)) return problem(report, path, `no content ${quote(id)}`);
    return id;
  }
  if (value.length === 0) return problem(report, path, 'an adaptive set must list at least one content id');
  const heights = new Map<number, string>();
  return readList(report, value, path, 'content ids', (item, at) => {
    const id = readId(report, item, at);
    if (id === undefined || table === undefined) return id;
    if (!table.has(id)) return problem(report, at, `no content ${quote(id)}`);
    const height = table.get(id);
    if (height === null) return problem(report, at, `content ${quote(id)} has no height: every content of an adaptive set needs one`);
    if (height !== undefined) {
      const other = heights.get(height);
      if (other !== undefined && other !== id) return problem(report, at, `content ${quote(id)} has height ${height}, like content ${quote(other)}: heights within a set must differ`);
      heights.set(height, id);
    }
    return id;
  });
}

/** One entry of a rule's `contents`. */
function readRuleContent(report: Report, value: unknown, path: string, setting: RuleSetting): AdvertizerRuleContent | undefined {
  const record = readObject(report, value, path, 'an object { "id", "onerror"?, "wait"? }');
  if (record === undefined) return undefined;
  checkFields(report, record, path, RULE_CONTENT_FIELDS);
  const id = readRuleContentId(report, readOptionalField(record, 'id'), `${path}.id`, setting);
  const rawOnerror = readOptionalField(record, 'onerror');
  const onerror = rawOnerror === undefined ? null : readChoice(report, rawOnerror, `${path}.onerror`, ON_ERRORS, 'an onerror');
  const rawWait = readOptionalField(record, 'wait');
  const wait = rawWait === undefined ? null : readWhole(report, rawWait, `${path}.wait`, { unit: 'seconds', positive: false });
  if (id === undefined || onerror === undefined || wait === undefined) return undefined;
  return { id, ...(onerror !== null && { onerror }), ...(wait !== null && { wait: String(wait) }) };
}

/** One rule: its own fields, and for a main scenario whether the contents it plays exist. */
export function readRule(report: Report, value: unknown, path: string, setting: RuleSetting): AdvertizerRule | undefined {
  const record = readObject(report, value, path, 'an object (a rule)');
  if (record === undefined) return undefined;
  checkFields(report, record, path, setting.session ? SESSION_RULE_FIELDS : RULE_FIELDS);
  let complete = true;
  /** An optional field: `null` when absent, `undefined` (the rule incomplete) when wrong. */
  const optional = <T>(key: string, read: (raw: unknown, at: string) => T | undefined): T | null | undefined => {
    const raw = readOptionalField(record, key);
    if (raw === undefined) return null;
    const result = read(raw, fieldPath(path, key));
    if (result === undefined) complete = false;
    return result;
  };

  const id = readId(report, readOptionalField(record, 'id'), `${path}.id`);
  const protocols = optional('protocols', (raw, at) =>
    readList(report, raw, at, 'protocols', (item, itemAt) => readChoice(report, item, itemAt, PROTOCOLS, 'a protocol')),
  );
  const users = optional('users', (raw, at) => readList(report, raw, at, 'user ids', (item, itemAt) => readId(report, item, itemAt)));

  let type: AdvertizerRuleType | undefined;
  const rawType = readOptionalField(record, 'type');
  if (!setting.session) type = readChoice(report, rawType, `${path}.type`, RULE_TYPES, 'a rule type');
  // A session handler's rules apply to the sessions its answer assigns them to: "session" is the one type
  // seen there, and another would say something such an answer cannot mean.
  else if (rawType === undefined || rawType === 'session') type = 'session';
  else problem(report, `${path}.type`, `a session handler's rule is of type "session"${typeof rawType === 'string' ? `, not ${quote(rawType)}` : ''}`);

  let app: string | null | undefined = null;
  let stream: string | null | undefined = null;
  if (!setting.session && type !== undefined) {
    const rawApp = readOptionalField(record, 'app');
    const rawStream = readOptionalField(record, 'stream');
    if (type === 'app' || type === 'stream') app = readName(report, rawApp, `${path}.app`, `a rule of type "${type}" names its application`);
    else if (rawApp !== undefined) unusedField(report, `${path}.app`, `only rules of type "app" or "stream" take an app, not "${type}"`);
    if (type === 'stream') stream = readName(report, rawStream, `${path}.stream`, 'a rule of type "stream" names its stream');
    else if (rawStream !== undefined) unusedField(report, `${path}.stream`, `only rules of type "stream" take a stream, not "${type}"`);
  }

  const sync = readChoice(report, readOptionalField(record, 'time_sync'), `${path}.time_sync`, TIME_SYNCS, 'a time_sync');
  const offset = readTimeOffset(report, readOptionalField(record, 'time_offset'), `${path}.time_offset`, sync);
  const interval = optional('time_interval', (raw, at) => readWhole(report, raw, at, { unit: 'seconds', positive: false }));
  const contents = readRuleContents(report, readOptionalField(record, 'contents'), `${path}.contents`, setting);

  if (!complete || id === undefined || type === undefined || app === undefined || stream === undefined) return undefined;
  if (sync === undefined || offset === undefined || contents === undefined) return undefined;
  return {
    id,
    ...(protocols !== null && protocols !== undefined && { protocols }),
    ...(users !== null && users !== undefined && { users }),
    type,
    ...(app !== null && { app }),
    ...(stream !== null && { stream }),
    time_sync: sync,
    time_offset: offset,
    ...(interval !== null && interval !== undefined && { time_interval: interval }),
    contents,
  };
}

/** A rule's `contents`: at least one. */
function readRuleContents(report: Report, value: unknown, path: string, setting: RuleSetting): AdvertizerRuleContent[] | undefined {
  const list = readArray(report, value, path, 'what the rule plays, each { "id", "onerror"?, "wait"? }');
  if (list === undefined) return undefined;
  if (list.length === 0) return problem(report, path, 'must not be empty: a rule plays at least one content');
  const contents: AdvertizerRuleContent[] = [];
  let complete = true;
  list.forEach((item, index) => {
    const content = readRuleContent(report, item, `${path}[${index}]`, setting);
    if (content === undefined) complete = false;
    else contents.push(content);
  });
  return complete ? contents : undefined;
}

/** A list of rules, ids unique (compared as strings). */
export function readRules(report: Report, value: unknown, path: string, setting: RuleSetting): AdvertizerRule[] | undefined {
  const list = readArray(report, value, path, 'the rules (it may be empty)');
  if (list === undefined) return undefined;
  const rules: AdvertizerRule[] = [];
  const where = new Map<string, { path: string; id: unknown }>();
  let complete = true;
  list.forEach((item, index) => {
    const at = `${path}[${index}]`;
    const rawId = typeof item === 'object' && item !== null ? readOptionalField(item, 'id') : undefined;
    const id = typeof rawId === 'string' ? rawId : typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? String(rawId) : undefined;
    if (id !== undefined && id !== '') {
      const first = where.get(id);
      if (first === undefined) where.set(id, { path: at, id: rawId });
      else {
        complete = false;
        problem(report, `${at}.id`, `duplicate id ${quote(id)}: ${first.path} has it too${sameIdNote(first.id, rawId, id)}`);
      }
    }
    const rule = readRule(report, item, at, setting);
    if (rule === undefined) complete = false;
    else rules.push(rule);
  });
  return complete ? rules : undefined;
}

/** ` (1 and "1" are the same id)` when a duplicate id was written once as a number and once as a string. */
export function sameIdNote(first: unknown, second: unknown, id: string): string {
  if (typeof first === typeof second) return '';
  return ` (${id} and ${quote(id)} are the same id)`;
}
