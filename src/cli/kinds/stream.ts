// `--kind stream`: stream publish/unpublish notifications, signed with the token; Nimble's events carry a time.
import { streamSpec } from '../../kinds/stream/kind.js';
import { createTestStreamNotification, type StreamForgery, type TestStreamNotificationOptions } from '../../kinds/stream/testing.js';
import type { StreamNotification } from '../../kinds/stream/types.js';
import { createStreamNotificationVerifier } from '../../kinds/stream/verify.js';
import { GET_CASE, STREAM, copyCase, forgeryCases, oversizedCase, replayCase, type ReplaySeen } from '../check-case.js';
import { UsageError, tokenOf, type CliIo, type Values } from '../shared.js';
import type { CliKind } from './kind.js';
import { FORMAT_OPTION, forgeOf, formatOf } from './options.js';

const FORGERIES = ['wrong-token', 'tampered-signature', 'unsigned', 'stale'] as const satisfies readonly StreamForgery[];

/** The token, --format, --stream, --unpublish and --forge, as the kit takes them. */
function kitOptions(values: Values, io: CliIo): TestStreamNotificationOptions {
  const forge = forgeOf(values, streamEntry.name, FORGERIES);
  const streams = (values.stream as string[] | undefined) ?? ['live/stream'];
  for (const stream of streams) if (!/^[^/]+\/.+$/.test(stream)) throw new UsageError('--stream takes app/name');
  const action = values.unpublish === true ? 'unpublish' : 'publish';
  return { token: tokenOf(values, io), format: formatOf(values), events: streams.map((stream) => ({ stream, action })), ...(forge === undefined ? {} : { forge }) };
}

/** A stream notification as JSON, its dates as ISO strings, without the signature. */
function streamJson(notification: StreamNotification): Record<string, unknown> {
  const { format, id, events } = notification;
  return { format, id, events: events.map((event) => ({ ...event, ...(event.date === undefined ? {} : { date: event.date.toISOString() }) })) };
}

export const streamEntry: CliKind<StreamNotification> = {
  name: 'stream',
  spec: streamSpec,
  forgeries: FORGERIES,
  timed: true,
  options: {
    format: FORMAT_OPTION,
    stream: { type: 'string', multiple: true, value: 'app/name', description: 'an event of this stream (default live/stream)' },
    unpublish: { type: 'boolean', description: 'unpublish events instead of publish' },
  },
  make: (values, io) => ({ body: createTestStreamNotification(kitOptions(values, io)).body }),
  verifier: (options) => createStreamNotificationVerifier(options),
  json: streamJson,
  listen: (out) => ({
    onStreamNotification(notification, info) {
      out(JSON.stringify({ kind: 'stream', ...streamJson(notification), receivedAt: info.receivedAt.toISOString(), ageMs: info.ageMs }));
    },
  }),
  cases(token) {
    const genuine = createTestStreamNotification({ token, events: [{ stream: STREAM }] });
    const { id, puzzle } = genuine.notification;
    const copy = createTestStreamNotification({ token, id, puzzle: puzzle!, events: [{ stream: `${STREAM}-2`, action: 'unpublish' }] });
    const replay: ReplaySeen = { duplicate: false };
    return [
      { name: 'a genuine stream notification', expect: 'accept', body: genuine.body, risk: "the panel's own stream notifications are refused" },
      replayCase('the same again', genuine.body, 'a retry or a captured notification repeats a publish or unpublish event', replay),
      copyCase(
        'a copy with other events (same ID and Puzzle)',
        copy.body,
        'anyone who captured one notification can re-send it with other events (the signature covers only ID and Puzzle)',
        replay,
      ),
      ...forgeryCases(FORGERIES, 'anyone can forge a publish or unpublish event', (forge) => createTestStreamNotification({ token, events: [{ stream: STREAM }], forge })),
      GET_CASE,
      oversizedCase(genuine.body),
    ];
  },
  help: {
    about: 'stream',
    check: 'Stream: the same, and a copy\nwith other events.',
  },
  demo: {
    help: 'a stream notification',
    receive: (out) => ({
      onStreamNotification(notification) {
        for (const event of notification.events) out(`    stream handler: ${event.action} ${event.app}/${event.name} (${notification.format})`);
      },
    }),
    steps: (token) => [
      {
        label: 'a stream publish notification from Nimble Streamer, to the same endpoint',
        body: createTestStreamNotification({ token, events: [{ stream: 'live/camera-1' }] }).body,
        expected: 200,
      },
      { label: 'a stream notification whose signature was tampered with', body: createTestStreamNotification({ token, forge: 'tampered-signature' }).body, expected: 401 },
    ],
  },
};
