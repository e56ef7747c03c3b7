// What the kinds' options share: their readers, and the options several kinds take (one value each, so
// that the usage text has one row for it, naming every kind that takes it).
import { UsageError, type OptionSpec, type Values } from '../shared.js';

/** `--format`: who sent it (stream notifications, pay-per-view syncs). */
export const FORMAT_OPTION: OptionSpec = { type: 'string', value: 'nimble|wowza', description: 'the sender (default nimble)' };

/** `--forge`, one of the kind's forgeries, or undefined when not given. */
export function forgeOf<F extends string>(values: Values, kind: string, forgeries: readonly F[]): F | undefined {
  const forge = values.forge as string | undefined;
  if (forge !== undefined && !(forgeries as readonly string[]).includes(forge)) throw new UsageError(`--forge takes ${forgeries.join(', ')} with --kind ${kind}`);
  return forge as F | undefined;
}

export function formatOf(values: Values): 'nimble' | 'wowza' {
  const format = (values.format as string | undefined) ?? 'nimble';
  if (format !== 'nimble' && format !== 'wowza') throw new UsageError('--format takes nimble or wowza');
  return format;
}

/** `ID` or `ID@app/stream`, as --player and --publisher take them. */
export function sessionsOf(list: string[] | undefined, fallback: string, name: string): { id: string; stream?: string }[] {
  return (list ?? [fallback]).map((text) => {
    const match = /^([^@\s]+)(?:@([^/\s]+\/\S+))?$/.exec(text);
    if (match === null) throw new UsageError(`--${name} takes ID or ID@app/stream`);
    return match[2] === undefined ? { id: match[1]! } : { id: match[1]!, stream: match[2] };
  });
}
