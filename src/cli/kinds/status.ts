// `--kind status`, the default: server status notifications, signed with the token, with a time.
import { serverStatusSpec } from '../../kinds/server-status/kind.js';
import { createTestNotification, type Forgery, type TestNotificationOptions } from '../../kinds/server-status/testing.js';
import type { ServerStatusNotification } from '../../kinds/server-status/types.js';
import { createNotificationVerifier } from '../../kinds/server-status/verify.js';
import { GET_CASE, OTHER_SERVER, SERVER, explainServerRefused, forgeryCases, oversizedCase, replayCase } from '../check-case.js';
import { UsageError, tokenOf, type CliIo, type Values } from '../shared.js';
import type { CliKind } from './kind.js';
import { forgeOf } from './options.js';

const FORGERIES = ['wrong-token', 'tampered-digest', 'stale'] as const satisfies readonly Forgery[];

/** The token, --server, --status, --time and --forge, as the kit takes them. */
function kitOptions(values: Values, io: CliIo): TestNotificationOptions {
  const forge = forgeOf(values, statusEntry.name, FORGERIES);
  if (forge === 'stale' && values.time !== undefined) throw new UsageError('--time does not apply with --forge stale, which makes a time two hours old');
  return {
    token: tokenOf(values, io),
    ...(values.server === undefined ? {} : { server: values.server as string }),
    ...(values.status === undefined ? {} : { status: values.status as string }),
    ...(values.time === undefined ? {} : { time: values.time as string }),
    ...(forge === undefined ? {} : { forge }),
  };
}

export const statusEntry: CliKind<ServerStatusNotification> = {
  name: 'status',
  spec: serverStatusSpec,
  forgeries: FORGERIES,
  timed: true,
  options: {
    server: { type: 'string', value: 'S', description: 'the server (default edge1.example.com)' },
    status: { type: 'string', value: 'S', description: 'the status (default offline)' },
    time: { type: 'string', value: 'TIME', description: 'the time, "YYYY-MM-DD HH:MM:SS UTC" (default now)' },
  },
  make: (values, io) => ({ body: createTestNotification(kitOptions(values, io)).body }),
  verifier: (options) => createNotificationVerifier(options),
  json: (notification) => ({ ...notification, date: notification.date.toISOString() }),
  // Its lines carry no "kind": a line is itself a notification verifyNotification accepts.
  listen: (out) => ({
    onNotification(notification, info) {
      const { time, digest, server, status } = notification;
      out(JSON.stringify({ time, digest, server, status, date: notification.date.toISOString(), receivedAt: info.receivedAt.toISOString(), ageMs: info.ageMs }));
    },
  }),
  cases(token) {
    const genuine = createTestNotification({ token, server: SERVER });
    const relabelled = JSON.stringify({ ...(JSON.parse(genuine.body) as object), server: OTHER_SERVER });
    return [
      {
        name: 'a genuine notification',
        expect: 'accept',
        body: genuine.body,
        risk: "the panel's own notifications are refused: outages go unreported",
        explainRefusal: explainServerRefused,
      },
      {
        ...replayCase('the same again (a retry or a replay)', genuine.body, 'a retry pages your on-call twice and a captured notification can be replayed while it is fresh'),
        explainRefusal: explainServerRefused,
      },
      ...forgeryCases(FORGERIES, 'anyone can forge a notification and page your on-call', (forge) => createTestNotification({ token, server: SERVER, forge })),
      {
        name: 'the genuine one re-labelled for another server',
        expect: 'refuse',
        body: relabelled,
        risk: 'anyone who saw one notification can re-send it for any server name while it is fresh (the digest covers only the time)',
        advice: 'allow only your servers',
        duplicateRisk: "your replay key is the digest alone: another server's notification of the same second is dropped as a replay (key on digest, server and status)",
      },
      GET_CASE,
      oversizedCase(genuine.body),
    ];
  },
  help: {
    about: 'status (server status notifications,\nthe default)',
    check: 'Status: a genuine notification, the same again, a tampered one, one signed\nwith another token, a stale one, a re-labelled one, a GET and a 2 MiB body.',
  },
  demo: {
    help: 'a genuine notification, its\nreplay, forgeries, a stale and a re-labelled one',
    receive: (out) => ({
      servers: ['edge1.example.com'],
      onNotification(notification) {
        out(`    handler: ${notification.server} is ${notification.status} since ${notification.date.toISOString()}`);
      },
    }),
    steps(token) {
      const genuine = createTestNotification({ token });
      return [
        { label: 'a genuine notification', body: genuine.body, expected: 200 },
        { label: 'the same notification again (a replay)', body: genuine.body, expected: 200 },
        { label: 'a tampered digest', body: createTestNotification({ token, forge: 'tampered-digest' }).body, expected: 401 },
        { label: 'one signed with the wrong token', body: createTestNotification({ token, forge: 'wrong-token' }).body, expected: 401 },
        { label: 'a stale one (two hours old)', body: createTestNotification({ token, forge: 'stale' }).body, expected: 401 },
        { label: 'a genuine one re-labelled for a server not in the allowlist', body: createTestNotification({ token, server: 'not-ours.example.com' }).body, expected: 403 },
      ];
    },
  },
};
