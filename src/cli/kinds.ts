// The kinds the command signs, sends and verifies: their names, their forgeries (defined once, for both
// validation and the usage text), and how each kind's options become a test kit's options and the body
// sign prints and send POSTs.
import { isNotificationError } from '../lib/errors.js';
import type { StreamNotification } from '../kinds/stream/types.js';
import {
  createTestNotification,
  createTestPayPerViewSync,
  createTestPlaybackAuthorizationRequest,
  createTestPublishControlRequest,
  createTestStreamNotification,
  type Forgery,
  type PayPerViewForgery,
  type StreamForgery,
  type TestNotificationOptions,
  type TestPayPerViewSync,
  type TestPayPerViewSyncOptions,
  type TestPlaybackAuthorizationRequestOptions,
  type TestPublishControlRequest,
  type TestPublishControlRequestOptions,
  type TestStreamNotificationOptions,
} from '../testing.js';
import { TOKEN_OPTION, UsageError, tokenOf, type CliIo, type OptionSpec, type Values } from './shared.js';

export const KINDS = ['status', 'stream', 'ppv', 'publish', 'playback'] as const;
export type Kind = (typeof KINDS)[number];

/** Each kind's forgeries: what `--forge` takes. The unsigned kinds have none. */
export const FORGERIES = {
  status: ['wrong-token', 'tampered-digest', 'stale'] as const satisfies readonly Forgery[],
  stream: ['wrong-token', 'tampered-signature', 'unsigned', 'stale'] as const satisfies readonly StreamForgery[],
  ppv: ['wrong-token', 'tampered-signature', 'unsigned'] as const satisfies readonly PayPerViewForgery[],
  publish: [] as const,
  playback: [] as const,
} satisfies Record<Kind, readonly string[]>;

/** The kinds that have forgeries: the signed ones. */
export type SignedKind = 'status' | 'stream' | 'ppv';

const forgeriesOf = (kind: Kind): readonly string[] => FORGERIES[kind];

const forgeries = (Object.entries(FORGERIES) as [Kind, readonly string[]][])
  .filter(([, list]) => list.length > 0)
  .map(([kind, list]) => `${list.join(', ')} (${kind})`)
  .join('; ');

/** The options of sign and send (and the kind of verify): one table, one usage text. */
export const KIND_OPTIONS: Record<string, OptionSpec> = {
  kind: { type: 'string', value: KINDS.join('|'), description: 'what to make (default status: a server status notification)' },
  token: TOKEN_OPTION,
  forge: { type: 'string', value: 'KIND', description: `spoil it as a handler must refuse: ${forgeries}` },
  server: { type: 'string', value: 'S', description: 'status: the server (default edge1.example.com)' },
  status: { type: 'string', value: 'S', description: 'status: the status (default offline)' },
  time: { type: 'string', value: 'TIME', description: 'status: the time, "YYYY-MM-DD HH:MM:SS UTC" (default now)' },
  format: { type: 'string', value: 'nimble|wowza', description: 'stream, ppv: the sender (default nimble)' },
  stream: { type: 'string', multiple: true, value: 'app/name', description: 'stream: an event of this stream (default live/stream)' },
  unpublish: { type: 'boolean', description: 'stream: unpublish events instead of publish' },
  player: { type: 'string', multiple: true, value: 'ID[@app/stream]', description: 'ppv: a player session (default player 1 on live/stream)' },
  publisher: { type: 'string', multiple: true, value: 'ID[@app/stream]', description: 'publish: a publisher of the batch (default publisher-1)' },
  path: { type: 'string', value: '/app/stream/...', description: 'playback: the path asked for' },
};

/** The options that belong to each kind (beyond kind and token). */
const OWN: Record<Kind, string[]> = {
  status: ['server', 'status', 'time', 'forge'],
  stream: ['format', 'stream', 'unpublish', 'forge'],
  ppv: ['format', 'player', 'forge'],
  publish: ['publisher'],
  playback: ['path'],
};

/** `--kind`: `status` (the default), `stream`, `ppv`, `publish` or `playback`. */
export function kindOf(values: Values): Kind {
  const kind = (values.kind as string | undefined) ?? 'status';
  if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind takes ${KINDS.slice(0, -1).join(', ')} or ${KINDS.at(-1)}`);
  // Options of another kind are refused, so that a mistyped --kind does not silently make something else.
  for (const name of Object.keys(KIND_OPTIONS)) {
    if (name === 'kind' || name === 'token' || OWN[kind as Kind].includes(name)) continue;
    if (values[name] !== undefined) throw new UsageError(`--${name} does not apply to --kind ${kind}`);
  }
  return kind as Kind;
}

function forgeOf<T extends string>(values: Values, kind: Kind): T | undefined {
  const forge = values.forge as string | undefined;
  if (forge !== undefined && !forgeriesOf(kind).includes(forge)) throw new UsageError(`--forge takes ${forgeriesOf(kind).join(', ')} with --kind ${kind}`);
  return forge as T | undefined;
}

function formatOf(values: Values): 'nimble' | 'wowza' {
  const format = (values.format as string | undefined) ?? 'nimble';
  if (format !== 'nimble' && format !== 'wowza') throw new UsageError('--format takes nimble or wowza');
  return format;
}

/** `ID` or `ID@app/stream`, as --player and --publisher take them. */
function sessionsOf(list: string[] | undefined, fallback: string, name: string): { id: string; stream?: string }[] {
  return (list ?? [fallback]).map((text) => {
    const match = /^([^@\s]+)(?:@([^/\s]+\/\S+))?$/.exec(text);
    if (match === null) throw new UsageError(`--${name} takes ID or ID@app/stream`);
    return match[2] === undefined ? { id: match[1]! } : { id: match[1]!, stream: match[2] };
  });
}

function notificationOptions(values: Values, io: CliIo): TestNotificationOptions {
  const forge = forgeOf<Forgery>(values, 'status');
  if (forge === 'stale' && values.time !== undefined) throw new UsageError('--time does not apply with --forge stale, which makes a time two hours old');
  return {
    token: tokenOf(values, io),
    ...(values.server === undefined ? {} : { server: values.server as string }),
    ...(values.status === undefined ? {} : { status: values.status as string }),
    ...(values.time === undefined ? {} : { time: values.time as string }),
    ...(forge === undefined ? {} : { forge }),
  };
}

function streamOptions(values: Values, io: CliIo): TestStreamNotificationOptions {
  const forge = forgeOf<StreamForgery>(values, 'stream');
  const streams = (values.stream as string[] | undefined) ?? ['live/stream'];
  for (const stream of streams) if (!/^[^/]+\/.+$/.test(stream)) throw new UsageError('--stream takes app/name');
  const action = values.unpublish === true ? 'unpublish' : 'publish';
  return { token: tokenOf(values, io), format: formatOf(values), events: streams.map((stream) => ({ stream, action })), ...(forge === undefined ? {} : { forge }) };
}

function payPerViewOptions(values: Values, io: CliIo): TestPayPerViewSyncOptions {
  const forge = forgeOf<PayPerViewForgery>(values, 'ppv');
  return {
    token: tokenOf(values, io),
    format: formatOf(values),
    players: sessionsOf(values.player as string[] | undefined, '1', 'player'),
    ...(forge === undefined ? {} : { forge }),
  };
}

function publishOptions(values: Values): TestPublishControlRequestOptions {
  return { publishers: sessionsOf(values.publisher as string[] | undefined, 'publisher-1', 'publisher') };
}

function playbackOptions(values: Values): TestPlaybackAuthorizationRequestOptions {
  const path = values.path as string | undefined;
  if (path !== undefined && !path.startsWith('/')) throw new UsageError('--path takes a path, /app/stream/...');
  return path === undefined ? {} : { url: path };
}

/** What sign prints and send POSTs: a body of the kind asked for, with what reading its answer needs. */
export type Made =
  | { kind: 'status' | 'stream' | 'playback'; body: string }
  | { kind: 'ppv'; body: string; sync: TestPayPerViewSync['sync']; token: string }
  | { kind: 'publish'; body: string; request: TestPublishControlRequest['request'] };

/**
 * Makes the body the options ask for, with the kind's test kit. The kits check what they make with the
 * kind's own parser, so a value it refuses (an empty --server, a --time that is no time, a name over 1024
 * characters) came from an option: a usage error, before anything is sent.
 */
export function makeBody(values: Values, io: CliIo): Made {
  const kind = kindOf(values);
  try {
    switch (kind) {
      case 'status':
        return { kind, body: createTestNotification(notificationOptions(values, io)).body };
      case 'stream':
        return { kind, body: createTestStreamNotification(streamOptions(values, io)).body };
      case 'ppv': {
        const options = payPerViewOptions(values, io);
        const { body, sync } = createTestPayPerViewSync(options);
        return { kind, body, sync, token: options.token };
      }
      case 'publish': {
        const { body, request } = createTestPublishControlRequest(publishOptions(values));
        return { kind, body, request };
      }
      case 'playback':
        return { kind, body: createTestPlaybackAuthorizationRequest(playbackOptions(values)).body };
    }
  } catch (error) {
    if (isNotificationError(error)) throw new UsageError(`an option's value makes no valid ${kind} body: ${error.message}; see --help`);
    throw error;
  }
}

/** A stream notification as JSON, its dates as ISO strings, without the signature. */
export function streamJson(notification: StreamNotification): Record<string, unknown> {
  const { format, id, events } = notification;
  return { format, id, events: events.map((event) => ({ ...event, ...(event.date === undefined ? {} : { date: event.date.toISOString() }) })) };
}
