// Reading a command line by a command's option table. Node's parseArgs does the parsing; what it says
// when it refuses one names its own remedies ("place it at the end of the command after '--'"), so each of
// its errors becomes a one-line usage error of ours: the option meant, when one is close, and never a
// value (a stray argument or a value may be a token).
import { parseArgs } from 'node:util';
import { editDistance } from '../lib/edit-distance.js';
import { UsageError, type Command, type Values } from './shared.js';

/** What parseArgs reads of a command line, as its `tokens` list it. */
type ArgToken =
  | { kind: 'option'; name: string; rawName: string; index: number; value?: string; inlineValue?: boolean }
  | { kind: 'positional'; index: number; value: string }
  | { kind: 'option-terminator'; index: number };

/** The options every command takes besides its own. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** The option of `names` meant by a mistyped `name`: the nearest within 2 edits, else the only one it begins. */
export function closestOption(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of names) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (best !== undefined) return best;
  const prefixed = names.filter((candidate) => candidate.startsWith(name));
  return name.length >= 2 && prefixed.length === 1 ? prefixed[0] : undefined;
}

/** How an option's value is written in its usage (`--token T`). */
const valueOf = (command: Command, name: string): string => command.options[name]?.value ?? 'VALUE';

/**
 * The usage error for what parseArgs refused, by its error code, found again in the tokens of a lenient
 * parse. An option's name is echoed only when it is shaped like one (lower-case words joined by -): a
 * token typed after -- is not.
 */
function usageErrorOf(code: unknown, command: Command, args: string[], commands: readonly Command[]): UsageError {
  const { tokens } = parseArgs({ args, options: { ...optionsOf(command), ...HELP_OPTION }, strict: false, allowPositionals: true, tokens: true });
  const known = (name: string) => name === 'help' || Object.hasOwn(command.options, name);
  const options = (tokens as ArgToken[]).filter((token) => token.kind === 'option');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const unknown = options.find((token) => !known(token.name));
      if (unknown === undefined || !unknown.rawName.startsWith('--')) return new UsageError('unknown option: every option is long (--name), but -h; see --help');
      if (!/^[a-z]+(-[a-z]+)*$/.test(unknown.name) || unknown.name.length > 32) {
        return new UsageError(`unknown option for ${command.name} (every option is --name in lower case); see --help`);
      }
      const meant = closestOption(unknown.name, [...Object.keys(command.options), 'help']);
      if (meant !== undefined) return new UsageError(`unknown option --${unknown.name}; did you mean --${meant}?`);
      const others = commands.filter((other) => Object.hasOwn(other.options, unknown.name)).map((other) => other.name);
      if (others.length > 0) {
        const who = others.length === 1 ? `${others[0]} does` : `${others.slice(0, -1).join(', ')} and ${others.at(-1)} do`;
        return new UsageError(`${command.name} takes no --${unknown.name} (${who}); see --help`);
      }
      return new UsageError(`unknown option --${unknown.name} for ${command.name}; see --help`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      for (const token of options) {
        if (!known(token.name)) continue;
        const name = token.name;
        const spec = name === 'help' ? { type: 'boolean' } : command.options[name]!;
        if (spec.type === 'boolean' && token.value !== undefined) return new UsageError(`--${name} takes no value`);
        if (spec.type === 'string' && token.value === undefined) return new UsageError(`--${name} takes a value: --${name} ${valueOf(command, name)}`);
        // parseArgs does not take the next argument as the value when it starts with -: an option forgotten its
        // value, or a value (a token?) that must be written --name=VALUE.
        if (spec.type === 'string' && token.inlineValue === false && token.value!.startsWith('-')) {
          return new UsageError(`--${name} takes a value: --${name} ${valueOf(command, name)} (one starting with - is written --${name}=VALUE)`);
        }
      }
      return new UsageError('an option has a value it does not take, or lacks one; see --help');
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError('positional arguments are not taken (every option starts with --); see --help');
    default:
      return new UsageError('the command line could not be read; see --help');
  }
}

/** The parseArgs options of a command's table. */
function optionsOf(command: Command): Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> {
  return Object.fromEntries(
    Object.entries(command.options).map(([name, spec]) => [name, spec.multiple ? { type: spec.type, multiple: true } : { type: spec.type }]),
  );
}

/**
 * Parses a command's arguments by its option table. `commands` are all the commands, to say which one
 * takes an option this one does not. A positional argument stands for the option the command names
 * (`check <url>` is `check --url <url>`); a stray one is never echoed: it may be a token.
 */
export function parseCommand(command: Command, args: string[], commands: readonly Command[] = []): Values {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { ...optionsOf(command), ...HELP_OPTION }, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    // Its message never reaches the user (it names remedies of its own, and may quote a value).
    throw usageErrorOf((error as { code?: unknown }).code, command, args, commands);
  }
  const { values, positionals } = parsed;
  if (values.help === true || positionals.length === 0) return values;
  const { positional } = command;
  if (positional === undefined) throw new UsageError('positional arguments are not taken (every option starts with --); see --help');
  if (positionals.length > 1) throw new UsageError(`${command.name} takes one ${positional.toUpperCase()} (${command.name} <${positional}> or ${command.name} --${positional} <${positional}>); see --help`);
  const given = values[positional];
  if (given !== undefined && given !== positionals[0]) {
    throw new UsageError(`the ${positional.toUpperCase()} is given twice, as an argument and as --${positional}, and they differ: give it once`);
  }
  return { ...values, [positional]: positionals[0] };
}
