// What every command of the `wmspanel-notifications` command shares: its I/O, its errors, its option
// tables (from which both parsing, in args.ts, and the usage text are made), and the token and number options.
export const NAME = 'wmspanel-notifications';

/** A mistake in the command line: exit 2, one line, no stack trace. */
export class UsageError extends Error {}

/** Where a command reads and writes: the process's own streams, or a test's. */
export interface CliIo {
  /** Writes one line to stdout. */
  out(line: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
  /** The environment (`WMSPANEL_TOKEN`). */
  env: Record<string, string | undefined>;
  /** Standard input. */
  stdin: AsyncIterable<Uint8Array> & { isTTY?: boolean };
}

/** The values parsed from a command line. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** One option of a command: how it parses, and the line of usage text it gets. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** The value's name in the usage text (`SECONDS`). */
  value?: string;
  description: string;
}

/** A command: its option table (parsing and usage text come from it) and what it runs. */
export interface Command {
  name: string;
  /** One line for the main help. */
  summary: string;
  /** What follows the command's name in its usage line, when the options alone do not say it (`<url>`). */
  synopsis?: string;
  /** The paragraphs after the usage line. */
  description: string;
  options: Record<string, OptionSpec>;
  /**
   * The option a positional argument stands for (`url`: `check <url>` is `check --url <url>`). Default none:
   * a positional argument is refused.
   */
  positional?: string;
  run(values: Values, io: CliIo): Promise<number>;
}

/** The usage text of a command, made from its option table. */
export function helpOf(command: Command): string {
  const rows = Object.entries(command.options).map(([name, spec]) => [`--${name}${spec.value === undefined ? '' : ` ${spec.value}`}${spec.multiple ? ' ...' : ''}`, spec.description]);
  const width = Math.max(...rows.map(([flag]) => flag!.length));
  return [
    `Usage: ${NAME} ${command.name}${command.synopsis === undefined ? '' : ` ${command.synopsis}`} [options]`,
    '',
    command.description,
    '',
    'Options:',
    ...rows.map(([flag, description]) => `  ${flag!.padEnd(width)}  ${description}`),
    `  ${'--help'.padEnd(width)}  this text`,
  ].join('\n');
}

/** `a`, `a and b`, `a, b and c`. */
export const listOf = (items: readonly string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** The text with its first letter upper-case, to start a sentence. */
export const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The token of --token or WMSPANEL_TOKEN, if any: never empty, never with white space around it. */
export function optionalTokenOf(values: Values, io: CliIo): string | undefined {
  const token = (values.token as string | undefined) ?? io.env.WMSPANEL_TOKEN;
  if (token === undefined) return undefined;
  if (token.trim() === '') throw new UsageError('the token is empty: pass --token T or set WMSPANEL_TOKEN');
  if (token.trim() !== token) throw new UsageError('the token has white space at its start or end (a newline from a file?): trim it');
  return token;
}

export function tokenOf(values: Values, io: CliIo): string {
  const token = optionalTokenOf(values, io);
  if (token === undefined) throw new UsageError('a token is required: pass --token T or set WMSPANEL_TOKEN');
  return token;
}

/** A number of seconds, 0 to `max`, or undefined when the option is not given. */
export function secondsOf(values: Values, name: string, max = Number.MAX_VALUE): number | undefined {
  const text = values[name] as string | undefined;
  if (text === undefined) return undefined;
  // Decimal digits only: Number() would also read '' (as 0: "no time at all"), '0x10', '1e3' and ' 5'.
  const seconds = /^\d{1,15}(\.\d{1,9})?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > max) {
    throw new UsageError(`--${name} takes a number of seconds, ${max === Number.MAX_VALUE ? '0 or more' : `0 to ${max}`}`);
  }
  return seconds;
}

/** setTimeout's limit (2^31 - 1 ms, about 24.8 days): a longer timeout would fire at once, or throw. */
const MAX_TIMEOUT_SECONDS = 2_147_483;

/** `--timeout`, in seconds: 10 unless given. */
export const timeoutOf = (values: Values): number => secondsOf(values, 'timeout', MAX_TIMEOUT_SECONDS) ?? 10;

/**
 * A whole number written in decimal digits, `min` to `max` (Number() would also read `0x50`, `1e3` and
 * ` 80 `), or undefined when the option is not given; anything else is a usage error saying `usage`.
 */
export function integerOf(values: Values, name: string, min: number, max: number, usage: string): number | undefined {
  const text = values[name] as string | undefined;
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(usage);
  return value;
}

/** The message of a network failure, as fetch reports it (its cause says what happened). */
export const failureOf = (error: unknown): string =>
  (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;

export const TOKEN_OPTION: OptionSpec = { type: 'string', value: 'T', description: 'the token (default: the WMSPANEL_TOKEN environment variable, which keeps it out of shell history)' };
export const TIMEOUT_OPTION: OptionSpec = { type: 'string', value: 'SECONDS', description: 'how long to wait for each answer, its body included (default 10)' };

/**
 * Text a server sent, made safe for a terminal: C0 controls but tab and newline, DEL and C1 controls are
 * written as `\uXXXX`, so that an answer cannot retitle the window, clear the screen or print a fake
 * verdict over the real one.
 */
export const printable = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A URL to show in a message: origin and path, without the query or fragment (a key may ride in them). */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the URL';
  }
}
