// The `wmspanel-notifications` command: sign, send, verify and listen, for people testing a handler or
// wanting notifications in a log without writing code. Node only; no dependencies beyond the package.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createNodeHandler } from './adapters/node.js';
import { runCheck, type CheckKind } from './cli/check.js';
import { runDemo } from './cli/demo.js';
import type { NotificationHandlerOptions } from './lib/receive.js';
import { NotificationError, isNotificationError } from './lib/errors.js';
import { verifyNotification } from './kinds/server-status/verify.js';
import { verifyStreamNotification } from './kinds/stream/verify.js';
import type { StreamNotification } from './kinds/stream/types.js';
import type { PayPerViewSync } from './kinds/pay-per-view/types.js';
import { verifyPayPerViewSync } from './kinds/pay-per-view/verify.js';
import { parsePublishAuthRequest } from './kinds/publish-control/parse.js';
import { parsePlaybackAuthRequest } from './kinds/playback-authorization/parse.js';
import {
  createTestNotification,
  createTestPayPerViewSync,
  createTestPlaybackAuthRequest,
  createTestPublishAuthRequest,
  readPlaybackAuthResponse,
  readPublishAuthResponse,
  sendTestPlaybackAuthRequest,
  sendTestPublishAuthRequest,
  type TestPlaybackAuthRequestOptions,
  type TestPublishAuthRequestOptions,
  readPayPerViewResponse,
  sendTestPayPerViewSync,
  type PayPerViewForgery,
  type TestPayPerViewSyncOptions,
  createTestStreamNotification,
  sendTestNotification,
  sendTestStreamNotification,
  type Forgery,
  type StreamForgery,
  type TestNotificationOptions,
  type TestStreamNotificationOptions,
} from './testing.js';

const NAME = 'wmspanel-notifications';

const HELP: Record<string, string> = {
  main: `Usage: ${NAME} <command> [options]

Commands:
  sign     print a notification body signed with a token
  send     POST a notification to a handler, as WMSPanel would
  verify   check a notification body from stdin or --file
  listen   receive notifications and print each verified one as a JSON line
  demo     run a receiver and send it genuine, replayed and forged notifications, and a sync
  check    check any deployed handler: genuine, replayed, forged, stale, re-labelled, GET, oversized

The token comes from --token or the WMSPANEL_TOKEN environment variable (which keeps it out of shell
history). --kind stream makes sign, send and verify work on stream publish/unpublish notifications
instead of server status ones, --kind ppv on pay-per-view syncs, --kind publish on publish control
requests and --kind playback on playback authorization requests. listen receives every kind.
Run '${NAME} <command> --help' for a command's options, '${NAME} --version' for the version.
Exit codes: 0 as expected, 1 answered or found otherwise, 2 usage error, 3 could not reach.`,
  sign: `Usage: ${NAME} sign [--token T] [--server S] [--status offline] [--time TIME] [--forge KIND]
       ${NAME} sign --kind stream [--token T] [--stream app/name]... [--unpublish] [--format nimble|wowza] [--forge KIND]
       ${NAME} sign --kind ppv [--token T] [--player ID[@app/stream]]... [--format nimble|wowza] [--forge KIND]

Prints the JSON body WMSPanel (or Nimble) would send. TIME defaults to now, as "YYYY-MM-DD HH:MM:SS UTC".
KIND spoils it on purpose: wrong-token, tampered-digest or stale (status); wrong-token,
tampered-signature, unsigned or stale (stream); wrong-token, tampered-signature or unsigned (ppv).
A pay-per-view sync lists one player per --player (default: player 1 on live/stream).
       ${NAME} sign --kind publish [--publisher ID[@app/stream]]...
       ${NAME} sign --kind playback [--path /app/stream/playlist.m3u8]
Publish control and playback authorization requests carry no signature: no token, no --forge.`,
  send: `Usage: ${NAME} send --url URL [--kind status|stream|ppv|publish|playback] [--expect STATUS] [--timeout SECONDS] [the options of sign]

POSTs a notification to URL, prints the HTTP status and the response body. Exit 0 when the answer is
2xx (or, with --expect, that status), 1 when it is another, 3 when nothing answered within --timeout
(default 10 s) or the URL could not be reached, 2 for a usage error. --forge KIND sends one a handler
must refuse (with --expect 401, a CI job checks that it does). With --kind ppv it also prints the deny
list answered and whether its Solution is right (Nimble ignores a deny list whose Solution is not,
under mutual authorization), and exits 1 unless it is. With --kind publish it prints each publisher's
decision ("1 ID live/stream: allow"), with --kind playback the decision (allow, deny or redirect URL).`,
  verify: `Usage: ${NAME} verify [--kind status|stream|ppv|publish|playback] [--token T] [--max-age SECONDS] [--file FILE]

Reads a notification body from FILE or stdin. Valid: prints the notification as JSON, exits 0.
Invalid: prints "CODE: message" on stderr, exits 1.`,
  check: `Usage: ${NAME} check <url> [--kind status|stream|ppv|publish|playback] [--token T] [--timeout SECONDS]

A conformance check of a deployed handler, whatever it is written in: sends a genuine notification, the
same again, a tampered one, one signed with another token, a stale one, a re-labelled one, a GET and a
2 MiB body (for --kind ppv: the deny list, its Solution and the same deny list on the retry; for publish:
seq echoed unchanged; for playback: a decision Nimble reads), and prints expected against answered.
Exit 0 when every case is as expected, 1 on a miss, 3 when the handler cannot be reached. "advice" rows
(a re-labelled server accepted, a huge body accepted) are policies: printed, not failed. Publish and
playback requests carry no signature: no token needed for them.`,
  demo: `Usage: ${NAME} demo

Starts a receiver on 127.0.0.1 with a token generated for the run, sends it a genuine notification, its
replay, forgeries, a stale and a re-labelled one, a stream notification and a pay-per-view sync with its
retry, and prints what happened to each. Exits 1 if an answer is not the expected one.`,
  listen: `Usage: ${NAME} listen --port P [--token T] [--host 127.0.0.1] [--max-age SECONDS] [--servers a,b] [--deny id,id]

Receives notifications of every kind on http://HOST:P/ (any path, POST only). Prints each verified one
on stdout as one JSON object per line ({"time","digest","server","status",...}; stream notifications
and pay-per-view syncs with a "kind" field) and each refusal on stderr. Pay-per-view syncs are answered
with a deny list of the --deny ids that the sync lists (default: nobody), printed as "deny"; publishers
are allowed unless their id is in --deny; playback sessions are allowed. Stops cleanly on SIGINT or
SIGTERM. Without a token, only publish control and playback authorization are received.`,
};

class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): Values {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false })
      .values as Values;
  } catch (error) {
    // A stray word may be the token typed without its --token: never echo it. Values written as
    // `--name=value` are left out of the message too.
    if ((error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError('positional arguments are not taken (every option starts with --); see --help');
    }
    throw new UsageError((error as Error).message.replace(/(--[\w-]+)=[^'"\s]*/g, '$1=…'));
  }
}

/** The token of --token or WMSPANEL_TOKEN, if any: never empty, never with white space around it. */
function optionalTokenOf(values: Values): string | undefined {
  const token = (values.token as string | undefined) ?? process.env.WMSPANEL_TOKEN;
  if (token === undefined) return undefined;
  if (token.trim() === '') throw new UsageError('the token is empty: pass --token T or set WMSPANEL_TOKEN');
  if (token.trim() !== token) throw new UsageError('the token has white space at its start or end (a newline from a file?): trim it');
  return token;
}

function tokenOf(values: Values): string {
  const token = optionalTokenOf(values);
  if (token === undefined) throw new UsageError('a token is required: pass --token T or set WMSPANEL_TOKEN');
  return token;
}

function secondsOf(values: Values, name: string): number | undefined {
  const text = values[name] as string | undefined;
  if (text === undefined) return undefined;
  // Number('') is 0: an empty value would silently mean "no time at all".
  const seconds = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--${name} takes a number of seconds, 0 or more`);
  return seconds;
}

const NOTIFICATION_OPTIONS = {
  kind: { type: 'string' },
  token: { type: 'string' },
  server: { type: 'string' },
  status: { type: 'string' },
  time: { type: 'string' },
  forge: { type: 'string' },
  format: { type: 'string' },
  stream: { type: 'string', multiple: true },
  unpublish: { type: 'boolean' },
  player: { type: 'string', multiple: true },
  publisher: { type: 'string', multiple: true },
  path: { type: 'string' },
} as const;

const KINDS = ['status', 'stream', 'ppv', 'publish', 'playback'] as const;
type Kind = (typeof KINDS)[number];

/** `--kind`: `status` (the default), `stream`, `ppv`, `publish` or `playback`. */
function kindOf(values: Values): Kind {
  const kind = (values.kind as string | undefined) ?? 'status';
  if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError('--kind takes status, stream, ppv, publish or playback');
  return kind as Kind;
}

/** `--publisher ID[@app/stream]`, each one publisher of the batch. */
function publishOptions(values: Values): TestPublishAuthRequestOptions {
  refuseOptions(values, ['server', 'status', 'time', 'stream', 'unpublish', 'player', 'format', 'forge', 'path'], 'publish');
  const publishers = ((values.publisher as unknown as string[] | undefined) ?? ['publisher-1']).map((text) => {
    const match = /^([^@\s]+)(?:@([^/\s]+\/\S+))?$/.exec(text);
    if (match === null) throw new UsageError('--publisher takes ID or ID@app/stream');
    return match[2] === undefined ? { id: match[1]! } : { id: match[1]!, stream: match[2] };
  });
  return { publishers };
}

function playbackOptions(values: Values): TestPlaybackAuthRequestOptions {
  refuseOptions(values, ['server', 'status', 'time', 'stream', 'unpublish', 'player', 'publisher', 'format', 'forge'], 'playback');
  const path = values.path as string | undefined;
  if (path !== undefined && !path.startsWith('/')) throw new UsageError('--path takes a path, /app/stream/...');
  return path === undefined ? {} : { url: path };
}

/** Options that belong to one kind only, refused with the other. */
function refuseOptions(values: Values, names: string[], kind: string): void {
  for (const name of names) if (values[name] !== undefined) throw new UsageError(`--${name} does not apply to --kind ${kind}`);
}

function streamOptions(values: Values): TestStreamNotificationOptions {
  refuseOptions(values, ['server', 'status', 'time', 'player', 'publisher', 'path'], 'stream');
  const forge = values.forge as string | undefined;
  if (forge !== undefined && !['wrong-token', 'tampered-signature', 'unsigned', 'stale'].includes(forge)) {
    throw new UsageError('--forge takes wrong-token, tampered-signature, unsigned or stale');
  }
  const format = (values.format as string | undefined) ?? 'nimble';
  if (format !== 'nimble' && format !== 'wowza') throw new UsageError('--format takes nimble or wowza');
  const streams = (values.stream as unknown as string[] | undefined) ?? ['live/stream'];
  for (const stream of streams) {
    if (!/^[^/]+\/.+$/.test(stream)) throw new UsageError(`--stream takes app/name, not ${stream}`);
  }
  const action = values.unpublish === true ? 'unpublish' : 'publish';
  return {
    token: tokenOf(values),
    format,
    events: streams.map((stream) => ({ stream, action })),
    ...(forge === undefined ? {} : { forge: forge as StreamForgery }),
  };
}

/** `--player ID[@app/stream]`, each one player session. */
function payPerViewOptions(values: Values): TestPayPerViewSyncOptions {
  refuseOptions(values, ['server', 'status', 'time', 'stream', 'unpublish', 'publisher', 'path'], 'ppv');
  const forge = values.forge as string | undefined;
  if (forge !== undefined && !['wrong-token', 'tampered-signature', 'unsigned'].includes(forge)) {
    throw new UsageError('--forge takes wrong-token, tampered-signature or unsigned');
  }
  const format = (values.format as string | undefined) ?? 'nimble';
  if (format !== 'nimble' && format !== 'wowza') throw new UsageError('--format takes nimble or wowza');
  const players = ((values.player as unknown as string[] | undefined) ?? ['1']).map((text) => {
    const match = /^([^@\s]+)(?:@([^/\s]+\/\S+))?$/.exec(text);
    if (match === null) throw new UsageError('--player takes ID or ID@app/stream');
    return match[2] === undefined ? { id: match[1]! } : { id: match[1]!, stream: match[2] };
  });
  return { token: tokenOf(values), format, players, ...(forge === undefined ? {} : { forge: forge as PayPerViewForgery }) };
}

function notificationOptions(values: Values): TestNotificationOptions {
  refuseOptions(values, ['format', 'stream', 'unpublish', 'player', 'publisher', 'path'], 'status');
  const forge = values.forge as string | undefined;
  if (forge !== undefined && !['wrong-token', 'tampered-digest', 'stale'].includes(forge)) {
    throw new UsageError('--forge takes wrong-token, tampered-digest or stale');
  }
  return {
    token: tokenOf(values),
    ...(values.server === undefined ? {} : { server: values.server as string }),
    ...(values.status === undefined ? {} : { status: values.status as string }),
    ...(values.time === undefined ? {} : { time: values.time as string }),
    ...(forge === undefined ? {} : { forge: forge as Forgery }),
  };
}

/** A stream notification as JSON, its dates as ISO strings, without the signature. */
function streamJson(notification: StreamNotification): Record<string, unknown> {
  const { format, id, events } = notification;
  return { format, id, events: events.map((event) => ({ ...event, ...(event.date === undefined ? {} : { date: event.date.toISOString() }) })) };
}

/** The most `verify` reads: twice the largest body an adapter reads by default (a pay-per-view sync). */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;
const inputTooLarge = (): NotificationError =>
  new NotificationError('BODY_TOO_LARGE', `The body is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; not read further`);

/** Stdin as bytes (decoded by the parser, strictly, as the adapters do), at most MAX_INPUT_BYTES. */
async function readStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY) throw new UsageError('give a body on stdin or with --file');
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    length += (chunk as Buffer).length;
    if (length > MAX_INPUT_BYTES) {
      process.stdin.destroy();
      throw inputTooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A file as bytes, at most MAX_INPUT_BYTES. */
function readInputFile(file: string): Uint8Array {
  if (statSync(file).size > MAX_INPUT_BYTES) throw inputTooLarge();
  return readFileSync(file);
}

// Once stdout's reader has gone (`listen | head -c1`), writes are dropped: the command goes on (a
// listener keeps answering) instead of dying of EPIPE.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') stdoutClosed = true;
  else throw error;
});
const out = (line: string): boolean => stdoutClosed || process.stdout.write(`${line}\n`);
const err = (line: string): boolean => process.stderr.write(`${line}\n`);

const commands: Record<string, (args: string[]) => Promise<number>> = {
  async check(args) {
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({
        args,
        options: { kind: { type: 'string' }, token: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        strict: true,
        allowPositionals: true,
      }) as { values: Values; positionals: string[] };
    } catch (error) {
      throw new UsageError((error as Error).message.replace(/(--[\w-]+)=[^'"\s]*/g, '$1=…'));
    }
    const { values, positionals } = parsed;
    if (values.help) return (out(HELP.check!), 0);
    // The URL is the one positional; anything else is not echoed (it may be a token).
    if (positionals.length !== 1 || !URL.canParse(positionals[0]!)) throw new UsageError('check takes one URL: check https://example.com/wmspanel');
    const kind = kindOf(values);
    const token = kind === 'publish' || kind === 'playback' ? optionalTokenOf(values) ?? '' : tokenOf(values);
    const seconds = secondsOf(values, 'timeout') ?? 10;
    return runCheck({ url: positionals[0]!, kind: kind as CheckKind, token, timeoutMs: Math.max(1, seconds * 1000), out });
  },

  async demo(args) {
    const values = parse(args, {});
    if (values.help) return (out(HELP.demo!), 0);
    return runDemo(out, err);
  },

  async sign(args) {
    const values = parse(args, NOTIFICATION_OPTIONS);
    if (values.help) return (out(HELP.sign!), 0);
    const kind = kindOf(values);
    if (kind === 'ppv') out(createTestPayPerViewSync(payPerViewOptions(values)).body);
    else if (kind === 'publish') out(createTestPublishAuthRequest(publishOptions(values)).body);
    else if (kind === 'playback') out(createTestPlaybackAuthRequest(playbackOptions(values)).body);
    else out(kind === 'stream' ? createTestStreamNotification(streamOptions(values)).body : createTestNotification(notificationOptions(values)).body);
    return 0;
  },

  async send(args) {
    const values = parse(args, { ...NOTIFICATION_OPTIONS, url: { type: 'string' }, timeout: { type: 'string' }, expect: { type: 'string' } });
    if (values.help) return (out(HELP.send!), 0);
    const url = values.url as string | undefined;
    if (url === undefined) throw new UsageError('--url is required');
    if (!URL.canParse(url)) throw new UsageError('--url is not a URL');
    const delivery = deliveryOf(values);
    const kind = kindOf(values);
    if (kind === 'publish' || kind === 'playback') return sendAuthorization(url, kind, values, delivery);
    // A sync's answer is checked against its puzzle, which only the sender knows.
    let sync: PayPerViewSync | undefined;
    const send =
      kind === 'ppv'
        ? async () => {
            const sent = await sendTestPayPerViewSync(url, { ...payPerViewOptions(values), fetch: delivery.fetch });
            sync = sent.sync;
            return sent.response;
          }
        : kind === 'stream'
          ? () => sendTestStreamNotification(url, { ...streamOptions(values), fetch: delivery.fetch })
          : () => sendTestNotification(url, { ...notificationOptions(values), fetch: delivery.fetch });
    const answered = await delivery.send(url, send);
    if (typeof answered === 'number') return answered;
    const { response, text } = answered;
    if (sync === undefined || !response.ok) return delivery.codeOf(response);
    try {
      const answer = readPayPerViewResponse(text, { puzzle: sync.puzzle!, token: tokenOf(values) });
      out(`deny: ${JSON.stringify(answer.deny)}; Solution: ${answer.solution}`);
      return answer.solution === 'valid' ? delivery.codeOf(response) : 1;
    } catch (error) {
      err(`${NAME}: the answer is not a pay-per-view answer: ${(error as Error).message}`);
      return 1;
    }
  },

  async verify(args) {
    const values = parse(args, { kind: { type: 'string' }, token: { type: 'string' }, 'max-age': { type: 'string' }, file: { type: 'string' } });
    if (values.help) return (out(HELP.verify!), 0);
    const kind = kindOf(values);
    // The authorization requests are unsigned: nothing to verify them with, only their shape.
    const token = kind === 'publish' || kind === 'playback' ? '' : tokenOf(values);
    const maxAgeSeconds = secondsOf(values, 'max-age');
    const file = values.file as string | undefined;
    let body: Uint8Array;
    try {
      body = file === undefined ? await readStdin() : readInputFile(file);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if (isNotificationError(error)) {
        err(`${error.code}: ${error.message}`);
        return 1;
      }
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      if (kind === 'publish') {
        out(JSON.stringify(parsePublishAuthRequest(body), null, 2));
        return 0;
      }
      if (kind === 'playback') {
        const { raw: _raw, ...request } = parsePlaybackAuthRequest(body);
        out(JSON.stringify(request, null, 2));
        return 0;
      }
      const options = { token, ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }) };
      if (kind === 'stream') {
        out(JSON.stringify(streamJson(verifyStreamNotification(body, options)), null, 2));
        return 0;
      }
      if (kind === 'ppv') {
        const { id, players } = verifyPayPerViewSync(body, { token });
        out(JSON.stringify({ id, players }, null, 2));
        return 0;
      }
      const notification = verifyNotification(body, options);
      out(JSON.stringify({ ...notification, date: notification.date.toISOString() }, null, 2));
      return 0;
    } catch (error) {
      if (!isNotificationError(error)) throw error;
      err(`${error.code}: ${error.message}`);
      return 1;
    }
  },

  async listen(args) {
    const values = parse(args, {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      'max-age': { type: 'string' },
      servers: { type: 'string' },
      deny: { type: 'string' },
    });
    if (values.help) return (out(HELP.listen!), 0);
    const deny = new Set((values.deny as string | undefined)?.split(',').map((id) => id.trim()).filter(Boolean));
    const port = Number(values.port);
    if (values.port === undefined || (values.port as string).trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError('--port takes a port number, 0 to 65535');
    }
    // Without a token, only the unsigned kinds (publish control, playback authorization) are received.
    const token = optionalTokenOf(values);
    const maxAgeSeconds = secondsOf(values, 'max-age');
    const servers = (values.servers as string | undefined)?.split(',').map((name) => name.trim()).filter(Boolean);
    const signedKinds: NotificationHandlerOptions = {
      onNotification(notification, info) {
        const { time, digest, server, status } = notification;
        out(JSON.stringify({ time, digest, server, status, date: notification.date.toISOString(), receivedAt: info.receivedAt.toISOString(), ageMs: info.ageMs }));
      },
      onStreamNotification(notification, info) {
        out(JSON.stringify({ kind: 'stream', ...streamJson(notification), receivedAt: info.receivedAt.toISOString(), ageMs: info.ageMs }));
      },
      onPayPerViewSync(sync, info) {
        const denied = [...new Set(sync.players.filter((player) => deny.has(player.id)).map((player) => player.id))];
        out(JSON.stringify({ kind: 'pay-per-view', id: sync.id, players: sync.players, deny: denied, receivedAt: info.receivedAt.toISOString() }));
        return { deny: denied };
      },
    };
    const handle = createNodeHandler({
      ...(token === undefined ? {} : { token, ...signedKinds }),
      ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
      ...(servers === undefined ? {} : { servers }),
      onPublishAuth(request, info) {
        const decisions = request.requests.map((item) => ({ seq: item.seq, allow: !deny.has(item.id) }));
        out(JSON.stringify({ kind: 'publish', requests: request.requests, decisions, receivedAt: info.receivedAt.toISOString() }));
        return decisions;
      },
      onPlaybackAuth(request, info) {
        out(JSON.stringify({ kind: 'playback', request: request.raw, decision: { allow: true }, receivedAt: info.receivedAt.toISOString() }));
        return { allow: true };
      },
      onError(error) {
        if (isNotificationError(error)) err(JSON.stringify({ rejected: { status: error.status, code: error.code, message: error.message } }));
        else err(JSON.stringify({ failed: (error as Error).message }));
      },
    });
    const server = createServer((request, response) => void handle(request, response));
    // Signal handlers first: whoever reads "listening on" may signal at once.
    const stopped = new Promise<void>((resolve) => {
      const stop = (): void => {
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // `npx ... listen` runs under npm, which does not pass SIGTERM on: when the process that started
      // this one is gone (this one is re-parented), stop too rather than hold the port forever.
      const parent = process.ppid;
      const watch = setInterval(() => {
        if (process.ppid !== parent) {
          clearInterval(watch);
          stop();
        }
      }, 500);
      watch.unref();
      server.once('close', () => clearInterval(watch));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, values.host as string, resolve);
    });
    const address = server.address();
    const actual = typeof address === 'object' && address !== null ? address.port : port;
    err(`listening on http://${values.host as string}:${actual}/ (Ctrl+C to stop)`);
    await stopped;
    return 0;
  },
};

/** How `send` delivers: within `--timeout`, judged by `--expect`. */
interface Delivery {
  /** `fetch` with the timeout. */
  fetch: typeof fetch;
  /** Sends, prints the status and the body; the exit code 3 when nothing answered. */
  send(url: string, send: () => Promise<Response>): Promise<{ response: Response; text: string } | number>;
  /** 0 when the answer is the expected one (`--expect`, or any 2xx), else 1. */
  codeOf(response: Response): number;
}

function deliveryOf(values: Values): Delivery {
  const seconds = secondsOf(values, 'timeout') ?? 10;
  const expectText = values.expect as string | undefined;
  const expected = expectText === undefined ? undefined : Number(expectText);
  if (expected !== undefined && !(Number.isInteger(expected) && expected >= 100 && expected <= 599)) {
    throw new UsageError('--expect takes an HTTP status, 100 to 599');
  }
  const timed: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(Math.max(1, seconds * 1000)) });
  return {
    fetch: timed,
    async send(url, send) {
      try {
        const response = await send();
        out(`HTTP ${response.status}`);
        const text = await response.text();
        out(text);
        return { response, text };
      } catch (error) {
        if (error instanceof UsageError) throw error;
        const name = (error as Error).name;
        // Exit 3: nothing (or nothing in time) answered, which a CI job tells from a wrong answer (1).
        if (name === 'TimeoutError' || name === 'AbortError') err(`${NAME}: no answer within ${seconds} s from ${url}`);
        else err(`${NAME}: could not reach ${url}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
        return 3;
      }
    },
    codeOf: (response) => ((expected === undefined ? response.ok : response.status === expected) ? 0 : 1),
  };
}

/** `send --kind publish|playback`: the request, then the decisions read from the answer. */
async function sendAuthorization(url: string, kind: 'publish' | 'playback', values: Values, delivery: Delivery): Promise<number> {
  let decisions: (text: string) => string[];
  let send: () => Promise<Response>;
  if (kind === 'publish') {
    const options = publishOptions(values);
    send = async () => {
      const sent = await sendTestPublishAuthRequest(url, { ...options, fetch: delivery.fetch });
      const { requests } = sent.request;
      decisions = (text) => readPublishAuthResponse(text, sent.request).map((d, i) => `${JSON.stringify(d.seq)} ${requests[i]!.id} ${requests[i]!.stream}: ${d.allow ? 'allow' : 'deny'}`);
      return sent.response;
    };
  } else {
    const options = playbackOptions(values);
    send = () => sendTestPlaybackAuthRequest(url, { ...options, fetch: delivery.fetch });
    decisions = (text) => {
      const decision = readPlaybackAuthResponse(text);
      return ['redirect' in decision ? `redirect ${decision.redirect}` : decision.allow ? 'allow' : 'deny'];
    };
  }
  const answered = await delivery.send(url, send);
  if (typeof answered === 'number') return answered;
  const { response, text } = answered;
  if (!response.ok) return delivery.codeOf(response);
  try {
    for (const line of decisions!(text)) out(line);
    return delivery.codeOf(response);
  } catch (error) {
    err(`${NAME}: the answer is not a ${kind === 'publish' ? 'publish control' : 'playback authorization'} answer: ${(error as Error).message}`);
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === '--version' || command === '-v') {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    out(version);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(HELP.main!);
    return command === undefined ? 2 : 0;
  }
  const run = commands[command];
  if (run === undefined) throw new UsageError(`unknown command '${command}'; try --help`);
  return run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A usage error, or options the package itself refused (its TypeErrors name it): exit 2.
    if (error instanceof UsageError || (error instanceof TypeError && error.message.startsWith(`${NAME}:`))) {
      err(error instanceof UsageError ? `${NAME}: ${error.message}` : error.message);
      process.exitCode = 2;
    } else {
      err(`${NAME}: ${(error as Error).message ?? String(error)}`);
      process.exitCode = 1;
    }
  },
);
