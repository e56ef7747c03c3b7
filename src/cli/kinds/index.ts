// The command's table of kinds: one entry a kind (status.ts, stream.ts, ...), listed here in the order
// --kind names them, the first the default. The commands read the kinds only from here: the options of
// sign and send, `--kind`, the body to make, and the kinds' parts of the usage texts.
import type { NotificationHandlerOptions } from '../../adapters/node.js';
import { createNotificationReceiver } from '../../kinds/index.js';
import { isNotificationError } from '../../lib/errors.js';
import type { Received } from '../../lib/kind.js';
import type { NotificationReceiverOf } from '../../lib/receive/result.js';
import { TOKEN_OPTION, UsageError, capitalized, listOf, type CliIo, type OptionSpec, type Values } from '../shared.js';
import { advertizerSessionEntry } from './advertizer-session.js';
import { advertizerScenarioCheck } from './advertizer-session-scenario.js';
import type { CheckTarget, CliKind, Made } from './kind.js';
import { playbackEntry } from './playback.js';
import { ppvEntry } from './ppv.js';
import { publishEntry } from './publish.js';
import { statusEntry } from './status.js';
import { streamEntry } from './stream.js';

export type { CheckTarget, CliKind, DemoStep, Made } from './kind.js';

/** Every kind of the command, in the order `--kind` lists them; the first is the default. */
export const CLI_KINDS: readonly CliKind[] = [statusEntry, streamEntry, ppvEntry, publishEntry, playbackEntry, advertizerSessionEntry];

/** What `check --kind` takes: every kind of the table, then what Nimble fetches rather than receives. */
export const CHECK_TARGETS: readonly CheckTarget[] = [
  ...CLI_KINDS.map(({ name, spec, cases, help }): CheckTarget => ({ name, signed: spec.signed, cases, help })),
  advertizerScenarioCheck,
];

export const DEFAULT_KIND = CLI_KINDS[0]!;

const NAMES = CLI_KINDS.map((kind) => kind.name);

/** `--kind`'s value in the usage text: `status|stream|...`. */
export const KIND_VALUES = NAMES.join('|');

/** check's `--kind` value in its usage text: the kinds', then the other targets'. */
export const CHECK_VALUES = CHECK_TARGETS.map((target) => target.name).join('|');

const UNSIGNED = CLI_KINDS.filter((kind) => !kind.spec.signed);

/** The kinds' parts of the usage texts that name every kind, joined as those texts read. */
export const KINDS_HELP = {
  /** The main help's list: `status (server status notifications, the default), stream, ...`. */
  about: CLI_KINDS.map((kind) => kind.help.about).join(', '),
  /** check's sentences, one a kind (and one for each other target). */
  check: CHECK_TARGETS.map((target) => target.help.check).join(' '),
  /** send's sentence on the kinds answered with decisions. */
  send: capitalized(CLI_KINDS.flatMap((kind) => kind.help.send ?? []).join('; ')),
  /** listen's sentence on how it answers them. */
  listen: capitalized(CLI_KINDS.flatMap((kind) => kind.help.listen ?? []).join('; ')),
  /** What demo sends. */
  demo: listOf(CLI_KINDS.flatMap((kind) => kind.demo?.help ?? [])),
  /** The unsigned kinds, by their --kind (`publish and playback`) and by what they are. */
  unsigned: listOf(UNSIGNED.map((kind) => kind.name)),
  unsignedNames: listOf(UNSIGNED.map((kind) => kind.spec.name)),
  /** The kinds with a time, which verify's --max-age applies to. */
  timed: CLI_KINDS.filter((kind) => kind.timed).map((kind) => kind.name).join(', '),
};

/** The kinds' own options, each once, its description prefixed with the kinds that take it (`stream, ppv: the sender`). */
function ownOptions(): Record<string, OptionSpec> {
  const options = new Map<string, { spec: OptionSpec; kinds: string[] }>();
  for (const kind of CLI_KINDS) {
    for (const [name, spec] of Object.entries(kind.options)) {
      const seen = options.get(name);
      if (seen === undefined) options.set(name, { spec, kinds: [kind.name] });
      else if (seen.spec === spec) seen.kinds.push(kind.name);
      else throw new Error(`--${name} of --kind ${kind.name} is not the one of ${seen.kinds.join(', ')}: share one (kinds/options.ts)`);
    }
  }
  return Object.fromEntries([...options].map(([name, { spec, kinds }]) => [name, { ...spec, description: `${kinds.join(', ')}: ${spec.description}` }]));
}

const forgeries = CLI_KINDS.filter((kind) => kind.forgeries.length > 0)
  .map((kind) => `${kind.forgeries.join(', ')} (${kind.name})`)
  .join('; ');

/** The options of sign and send (and the kind of verify): one table, one usage text. */
export const KIND_OPTIONS: Record<string, OptionSpec> = {
  kind: { type: 'string', value: KIND_VALUES, description: `what to make (default ${DEFAULT_KIND.name}: a ${DEFAULT_KIND.spec.name} notification)` },
  token: TOKEN_OPTION,
  forge: { type: 'string', value: 'KIND', description: `spoil it as a handler must refuse: ${forgeries}` },
  ...ownOptions(),
};

/** The entry of `list` that `--kind` names (the default one when not given); a usage error naming them all otherwise. */
function named<T extends { readonly name: string }>(list: readonly T[], values: Values): T {
  const name = (values.kind as string | undefined) ?? DEFAULT_KIND.name;
  const found = list.find((candidate) => candidate.name === name);
  if (found !== undefined) return found;
  const names = list.map((candidate) => candidate.name);
  throw new UsageError(`--kind takes ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
}

/** `--kind`, the default one when not given. */
export function kindOf(values: Values): CliKind {
  const kind = named(CLI_KINDS, values);
  // Options of another kind are refused, so that a mistyped --kind does not silently make something else.
  const own = new Set(['kind', 'token', ...(kind.forgeries.length > 0 ? ['forge'] : []), ...Object.keys(kind.options)]);
  for (const option of Object.keys(KIND_OPTIONS)) {
    if (!own.has(option) && values[option] !== undefined) throw new UsageError(`--${option} does not apply to --kind ${kind.name}`);
  }
  return kind;
}

/** check's `--kind`, the default one when not given. */
export function checkTargetOf(values: Values): CheckTarget {
  return named(CHECK_TARGETS, values);
}

/**
 * Makes the body the options ask for, with the kind's test kit. The kits check what they make with the
 * kind's own parser, so a value it refuses (an empty --server, a --time that is no time, a name over 1024
 * characters) came from an option: a usage error, before anything is sent.
 */
export function makeBody(values: Values, io: CliIo): Made {
  const kind = kindOf(values);
  try {
    return kind.make(values, io);
  } catch (error) {
    if (isNotificationError(error)) throw new UsageError(`an option's value makes no valid ${kind.name} body: ${error.message}; see --help`);
    throw error;
  }
}

/** The receiver of the kinds whose callbacks `options` gives (the entries' `listen` ones): what listen receives with. */
export const createListenReceiver = (options: NotificationHandlerOptions): NotificationReceiverOf<Received> => createNotificationReceiver(options);
