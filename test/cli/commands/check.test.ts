// `wmspanel-notifications check <url>` against this package's own handlers (it must pass them) and
// against deliberately naive ones (it must fail them), on real servers. The command runs in-process
// (main(argv, io)): it talks to those servers over real sockets all the same; the built bin running check
// as a process is test/cli/bin.test.ts's.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressMiddleware } from '../../../src/adapters/express.js';
import { createNodeHandler } from '../../../src/adapters/node.js';
import type { NotificationHandlerOptions } from '../../../src/adapters/node.js';
import { run } from '../run-main.js';
import { isNotificationError, verifyNotification } from '../../../src/index.js';
import { closeUntrustedServers, serveEndless, serveRedirect, serveTarget } from '../../untrusted-servers.js';

const TOKEN = 'check-token-5e1';
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handle: (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wmspanel`;
}

/** Runs `check` in-process, with no environment (the token only from --token) and no stdin. */
const check = (args: string[], timeout = '5') => run(['check', ...args, '--timeout', timeout]);

/** A handler that reads the body and answers 200 to everything: what a first try often is. */
const naive = (answer: string) => (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(answer));
};

describe('check <url>', () => {
  it.each(['status', 'stream', 'ppv', 'publish', 'playback'] as const)('passes this package\'s node handler for --kind %s (exit 0)', async (kind) => {
    const result = await check([await serveReceiver(RECEIVE[kind]), '--token', TOKEN, '--kind', kind]);
    // Every row ok, nothing it cannot tell, no advice: a bare "passed", and nothing after it.
    expect(result.stdout).toMatch(new RegExp(`\\npassed: \\d+ cases \\(${kind}\\)\\n$`));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(TOKEN);
  });

  it('advises on a 2 MiB body that an endpoint receiving pay-per-view syncs too accepts (it reads up to 8 MiB), and the summary says so', async () => {
    const result = await check([await serveReceiver({ ...RECEIVE.status, ...RECEIVE.ppv }), '--token', TOKEN]);
    expect(row(result.stdout, 'a 2 MiB body')).toMatch(/4xx\s+200\s+advice: accepted: anyone can make it hold large bodies; refuse bodies far larger than a notification \(413\)$/);
    expect(result.stdout).toMatch(/\npassed: 8 cases \(status\), but 1 is advice: read that row\n$/);
    expect(result.code).toBe(0);
  });

  it('passes an Express app, and advises (without failing) when any server name is accepted', async () => {
    const express = (await import('express')).default;
    const app = express();
    app.post('/wmspanel', createExpressMiddleware({ token: TOKEN, onNotification: () => undefined }));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const result = await check([`http://127.0.0.1:${(server.address() as AddressInfo).port}/wmspanel`, '--token', TOKEN]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/re-labelled for another server\s+4xx\s+200\s+advice: /);
  });

  it('fails a naive handler that answers 200 to everything, naming each forgery it accepted (exit 1)', async () => {
    const url = await serve(naive('{"ok":true}'));
    const result = await check([url, '--token', TOKEN]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/a tampered digest\s+4xx\s+200\s+MISS: accepted/);
    expect(result.stdout).toMatch(/signed with another token\s+4xx\s+200\s+MISS: accepted/);
    expect(result.stdout).toMatch(/a stale one \(two hours old\)\s+4xx\s+200\s+MISS: accepted/);
    expect(result.stdout).toMatch(/a GET\s+4xx\s+200\s+MISS: accepted/);
    expect(result.stdout).toMatch(/FAILED: \d+ of \d+ cases \(status\)/);
  });

  it('fails a pay-per-view handler whose answer lacks the Solution (the known mutual-authorization trap)', async () => {
    const url = await serve(naive('{"DenyList":{"ID":["3"]}}'));
    const result = await check([url, '--token', TOKEN, '--kind', 'ppv']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/a genuine sync \(deny list and Solution\)\s+2xx\s+200\s+MISS: Solution missing/);
  });

  it('fails a publish handler that answers seq as text when it came as a number', async () => {
    const url = await serve(naive('{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":"2","status":"success"}]}'));
    const result = await check([url, '--kind', 'publish']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/MISS: seq not echoed as sent/);
  });

  it('exits 3 when nothing listens, 2 for a usage error that never echoes a stray argument', async () => {
    expect((await check(['http://127.0.0.1:1/wmspanel', '--token', TOKEN])).code).toBe(3);
    const usage = await check(['http://127.0.0.1:1/', 'my-secret', '--token', TOKEN]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toContain('my-secret');
  });
});

describe('check trusts no server it talks to (issue 18)', () => {
  afterEach(closeUntrustedServers);

  it.each([307, 308])('does not follow a %i redirect: its target receives nothing, each case is a miss that says so (exit 1)', async (status) => {
    const target = await serveTarget();
    const redirect = await serveRedirect(status, target.url);
    const result = await check([redirect.url, '--token', TOKEN]);
    expect(result.code).toBe(1);
    const host = new URL(target.url).host.replace(/\./g, '\\.');
    expect(result.stdout).toMatch(new RegExp(`a genuine notification\\s+2xx\\s+${status}\\s+MISS: a redirect to ${host}, not followed`));
    expect(result.stdout).toMatch(new RegExp(`a 2 MiB body\\s+4xx\\s+(${status}\\s+MISS: a redirect|connection closed)`));
    expect(target.seen.requests).toBe(0);
  });

  it('reads at most 4 MiB of each answer: an endless one is a miss, and each connection is closed (the server stops writing)', async () => {
    const endless = await serveEndless();
    // Were each answer read to its end, the 2 s --timeout would end it.
    const result = await check([endless.url, '--token', TOKEN], '2');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/a genuine notification\s+2xx\s+200\s+MISS: the answer is larger than 4 MiB; not read further/);
    expect(result.stdout).toMatch(/a GET\s+4xx\s+200\s+MISS: the answer is larger than 4 MiB/);
    await endless.seen.until(() => endless.seen.requests > 0 && endless.seen.cut === endless.seen.requests);
  });
});

/** The callback of each kind, for this package's handler. */
const RECEIVE = {
  status: { onNotification: () => undefined },
  stream: { onStreamNotification: () => undefined },
  ppv: { onPayPerViewSync: (sync) => ({ deny: sync.players.slice(0, 1).map((player) => player.id) }) },
  publish: { onPublishControlRequest: (request) => request.requests.map((item) => ({ seq: item.seq, allow: true })) },
  playback: { onPlaybackAuthorizationRequest: () => ({ allow: true }) },
} satisfies Record<string, Partial<NotificationHandlerOptions>>;

/** This package's node handler on a real server, with the token, the made-up server and `options` (default: server status notifications). */
async function serveReceiver(options: Partial<NotificationHandlerOptions> = RECEIVE.status): Promise<string> {
  const handle = createNodeHandler({ token: TOKEN, servers: ['wmspanel-check.invalid'], ...options } as NotificationHandlerOptions);
  return serve((request, response) => void handle(request, response));
}

const row = (stdout: string, name: string): string => stdout.split('\n').find((line) => line.startsWith(name)) ?? `(no row "${name}")`;

describe('check tells the whole truth about replays (issue 19)', () => {
  it('this package\'s handler with its default replay store: the replay row is ok, since it answered "duplicate":true', async () => {
    const result = await check([await serveReceiver(), '--token', TOKEN]);
    expect(row(result.stdout, 'the same again')).toMatch(/2xx\s+200\s+ok \(answered "duplicate":true: your handler did not run again\)$/);
    expect(result.stdout).toMatch(/\npassed: 8 cases \(status\)\n$/);
    expect(result.code).toBe(0);
  });

  it('replayStore: false: the replay row cannot tell, and the summary says so instead of a bare "passed" (exit 0: not a miss)', async () => {
    let calls = 0;
    const result = await check([await serveReceiver({ replayStore: false, onNotification: () => void calls++ }), '--token', TOKEN]);
    expect(row(result.stdout, 'the same again')).toMatch(
      /2xx\s+200\s+cannot tell from outside whether the replay ran your handler again \(a 2xx without "duplicate":true\): if it did, a retry pages your on-call twice and a captured notification can be replayed while it is fresh$/,
    );
    expect(result.stdout).toMatch(/\npassed: 8 cases \(status\), but 1 cannot be told from outside: read that row\n$/);
    expect(result.code).toBe(0);
    expect(calls).toBe(2);
  });

  it('a handler that keys replays on the digest alone drops another server\'s notification of the same second as a duplicate: a miss', async () => {
    const digests = new Set<string>();
    const url = await serve((request, response) => {
      const answer = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.method !== 'POST') return void answer(405, { error: 'POST only' });
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          const notification = verifyNotification(Buffer.concat(chunks).toString('utf8'), { token: TOKEN });
          if (digests.has(notification.digest)) return void answer(200, { received: true, duplicate: true });
          digests.add(notification.digest);
          answer(200, { received: true });
        } catch (error) {
          answer(isNotificationError(error) ? error.status : 500, { error: 'refused' });
        }
      });
    });
    const result = await check([url, '--token', TOKEN]);
    expect(row(result.stdout, 'the genuine one re-labelled')).toMatch(/MISS: answered as a duplicate: .*another server/);
    expect(result.code).toBe(1);
  });

  it('a hand-written node:http handler that verifies with verifyNotification but keeps no replay store: the same verdict, and it did run twice', async () => {
    const seen: string[] = [];
    const url = await serve((request, response) => {
      const answer = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.method !== 'POST') return void answer(405, { error: 'POST only' });
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > 64 * 1024) {
          answer(413, { error: 'too large' });
          request.destroy();
        } else chunks.push(chunk);
      });
      request.on('end', () => {
        try {
          const notification = verifyNotification(Buffer.concat(chunks).toString('utf8'), { token: TOKEN, servers: ['wmspanel-check.invalid'] });
          seen.push(notification.server);
          answer(200, { ok: true });
        } catch (error) {
          answer(isNotificationError(error) ? error.status : 500, { error: 'refused' });
        }
      });
    });
    const result = await check([url, '--token', TOKEN]);
    expect(row(result.stdout, 'the same again')).toMatch(/2xx\s+200\s+cannot tell from outside whether the replay ran your handler again/);
    expect(result.stdout).toMatch(/\npassed: 8 cases \(status\), but 1 cannot be told from outside: read that row\n$/);
    expect(result.code).toBe(0);
    expect(seen).toEqual(['wmspanel-check.invalid', 'wmspanel-check.invalid']);
  });

  it('--kind stream: this package\'s handler answers "duplicate":true to the replay and to a copy with other events', async () => {
    const result = await check([await serveReceiver(RECEIVE.stream), '--token', TOKEN, '--kind', 'stream']);
    expect(row(result.stdout, 'the same again')).toMatch(/ok \(answered "duplicate":true: your handler did not run again\)$/);
    expect(row(result.stdout, 'a copy with other events')).toMatch(/2xx\/4xx\s+200\s+ok \(answered "duplicate":true: your handler did not run again\)$/);
  });

  it('--kind stream without a replay store: neither the replay nor the copy can be told from outside', async () => {
    const result = await check([await serveReceiver({ ...RECEIVE.stream, replayStore: false }), '--token', TOKEN, '--kind', 'stream']);
    expect(row(result.stdout, 'the same again')).toMatch(/cannot tell from outside whether the replay ran your handler again .*: if it did, a retry or a captured notification repeats a publish or unpublish event$/);
    expect(row(result.stdout, 'a copy with other events')).toMatch(/cannot tell from outside whether the copy ran your handler/);
    expect(result.stdout).toMatch(/\npassed: \d+ cases \(stream\), but 2 cannot be told from outside: read those rows\n$/);
  });

  it('--kind stream: a handler that knows the exact replay but takes a copy with other events as new is a miss (it keys on more than ID and Puzzle)', async () => {
    const bodies = new Set<string>();
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (request.method !== 'POST' || body.length > 65536 || !body.includes(`"Signature"`)) return void response.writeHead(400).end('{}');
        const again = bodies.has(body);
        bodies.add(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(again ? { received: true, duplicate: true } : { received: true }));
      });
    });
    const result = await check([url, '--token', TOKEN, '--kind', 'stream']);
    expect(row(result.stdout, 'a copy with other events')).toMatch(
      /MISS: taken as new, though the same again was a duplicate: anyone who captured one notification can re-send it with other events \(the signature covers only ID and Puzzle\)$/,
    );
    expect(result.code).toBe(1);
  });

  it('--kind ppv: the replay gets the same deny list, and a copy with other viewers the first one (proof that the handler did not run again)', async () => {
    const result = await check([await serveReceiver(RECEIVE.ppv), '--token', TOKEN, '--kind', 'ppv']);
    expect(row(result.stdout, 'the same again')).toMatch(/2xx\s+200\s+ok \(the same deny list; the copy below got it too: your handler did not run again\)$/);
    expect(row(result.stdout, 'a copy with other viewers')).toMatch(/2xx\/4xx\s+200\s+ok \(the first deny list, which names none of its viewers: your handler did not run again\)$/);
    expect(result.stdout).toMatch(/\npassed: \d+ cases \(ppv\)\n$/);
  });

  it('--kind ppv with replayStore: false: the copy with other viewers ran the handler again, a miss that says what a replay then does (exit 1)', async () => {
    const result = await check([await serveReceiver({ ...RECEIVE.ppv, replayStore: false }), '--token', TOKEN, '--kind', 'ppv']);
    expect(row(result.stdout, 'the same again')).toMatch(/cannot tell from outside whether the replay ran your handler again .*: if it did, a retried sync counts its viewers' watched time twice$/);
    expect(row(result.stdout, 'a copy with other viewers')).toMatch(
      /MISS: it denied a viewer only the copy lists: your handler ran again, so anyone who captured one sync can re-send it with other viewers and watched time \(the signature covers only ID and Puzzle\)$/,
    );
    expect(result.code).toBe(1);
  });

  it('--kind ppv: a handler that answers the retry another deny list is a miss', async () => {
    let n = 0;
    const { computeSolution } = await import('../../../src/index.js');
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const { Puzzle: puzzle } = JSON.parse(body || '{}') as { Puzzle?: string };
        if (puzzle === undefined) return void response.writeHead(401).end('{}');
        response.end(JSON.stringify({ DenyList: { ID: [`n${n++}`] }, Solution: computeSolution(puzzle, TOKEN) }));
      });
    });
    const result = await check([url, '--token', TOKEN, '--kind', 'ppv']);
    expect(row(result.stdout, 'the same again')).toMatch(/MISS: the retry got another deny list \(\["n1"\], first \["n0"\]\): a retried sync changes who is cut off$/);
  });
});

describe('check sends what anyone can recognise as made up, and says what each miss lets others do (issue 19)', () => {
  it.each([
    ['status', /^wmspanel-check(-other)?\.invalid$/],
    ['stream', /^wmspanel-check\/not-a-real-stream(-\d)?$/],
    ['ppv', /^wmspanel-check-viewer-\d+ on wmspanel-check\/not-a-real-stream at wmspanel-check\.invalid$/],
    ['publish', /^wmspanel-check-publisher-\d on wmspanel-check\/not-a-real-stream$/],
    ['playback', /^\/wmspanel-check\/not-a-real-stream\/playlist\.m3u8$/],
  ])('--kind %s: every name that reaches the handler is a made-up one', async (kind, name) => {
    const names: string[] = [];
    const url = await serveReceiver({
      servers: () => true,
      replayStore: false,
      onNotification: (notification) => void names.push(notification.server),
      onStreamNotification: (notification) => void names.push(...notification.events.map((event) => event.stream)),
      onPayPerViewSync: (sync) => void names.push(...sync.players.map((player) => `${player.id} on ${player.app}/${player.stream} at ${player.vhost}`)),
      onPublishControlRequest: (request) => (names.push(...request.requests.map((item) => `${item.id} on ${item.stream}`)), request.requests.map((item) => ({ seq: item.seq, allow: true }))),
      onPlaybackAuthorizationRequest: (request) => (names.push(request.url), { allow: true }),
    });
    await check([url, '--token', TOKEN, '--kind', kind]);
    expect(names.length).toBeGreaterThan(0);
    for (const seen of new Set(names)) expect(seen).toMatch(name);
  });

  it('a handler that allows only its own servers refuses the made-up one: the miss says why, and what to do', async () => {
    const { stdout } = await check([await serveReceiver({ ...RECEIVE.status, servers: ['edge1.example.com'] }), '--token', TOKEN]);
    expect(row(stdout, 'a genuine notification')).toMatch(
      /2xx\s+403\s+MISS: not accepted: refused for its made-up server \(UNKNOWN_SERVER\): your handler allows only your servers, as it should; add wmspanel-check\.invalid to them on the deployment you check$/,
    );
  });

  it('each miss and each advice says what an attacker or a retry could do because of it', async () => {
    const url = await serve(naive('{"ok":true}'));
    const { stdout } = await check([url, '--token', TOKEN]);
    expect(row(stdout, 'a tampered digest')).toMatch(/MISS: accepted: anyone can forge a notification and page your on-call$/);
    expect(row(stdout, 'signed with another token')).toMatch(/MISS: accepted: anyone can forge a notification and page your on-call$/);
    expect(row(stdout, 'a stale one')).toMatch(/MISS: accepted: a captured notification can be replayed for ever$/);
    expect(row(stdout, 'a GET')).toMatch(/MISS: accepted: a link anyone follows \(a crawler, a chat preview\) reaches your handler$/);
    expect(row(stdout, 'a 2 MiB body')).toMatch(/advice: accepted: anyone can make it hold large bodies; refuse bodies far larger than a notification \(413\)$/);
    expect(row(stdout, 'the genuine one re-labelled')).toMatch(/advice: accepted: anyone who saw one notification can re-send it for any server name while it is fresh \(the digest covers only the time\); allow only your servers$/);
    expect(row(stdout, 'the same again')).toMatch(/cannot tell from outside whether the replay ran your handler again/);
    expect(stdout).toMatch(/\nFAILED: 4 of 8 cases \(status\); 1 cannot be told from outside and 2 are advice\n$/);
  });
});

describe('check --kind ppv sends a sync as large as a busy server sends (issue 19)', () => {
  async function listenApp(app: import('express').Express): Promise<string> {
    // Express's own error handler logs each error's stack, but not in its 'test' environment.
    app.set('env', 'test');
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wmspanel`;
  }
  const receiver = () => createExpressMiddleware({ token: TOKEN, onPayPerViewSync: (sync) => ({ deny: sync.players.slice(0, 1).map((player) => player.id) }) });

  it('behind an app-wide express.json() (100 kB): Express answers the 2,000-viewer sync 413, a miss with the remedy (exit 1)', async () => {
    const express = (await import('express')).default;
    const app = express();
    app.use(express.json());
    app.post('/wmspanel', receiver());
    const result = await check([await listenApp(app), '--token', TOKEN, '--kind', 'ppv']);
    expect(row(result.stdout, 'a genuine sync')).toMatch(/2xx\s+200\s+ok$/);
    expect(row(result.stdout, 'a sync of 2,000 viewers')).toMatch(
      /2xx\s+413\s+MISS: not accepted: a body parser in front of the handler refused it: mount the receiver before express.json\(\) or raise its limit: pay-per-view syncs list every viewer$/,
    );
    expect(result.code).toBe(1);
  });

  it('behind express.json() with the middleware\'s errorHandler (as express.md shows): the miss names the parser, not maxBodyBytes', async () => {
    const express = (await import('express')).default;
    const app = express();
    app.use(express.json());
    const middleware = receiver();
    app.post('/wmspanel', middleware);
    app.use('/wmspanel', middleware.errorHandler);
    const result = await check([await listenApp(app), '--token', TOKEN, '--kind', 'ppv']);
    expect(row(result.stdout, 'a sync of 2,000 viewers')).toMatch(/2xx\s+413\s+MISS: not accepted: a body parser in front of the handler refused it/);
    expect(result.code).toBe(1);
  });

  it('with the receiver mounted before express.json(): the large sync is accepted with its deny list, and check passes', async () => {
    const express = (await import('express')).default;
    const app = express();
    app.post('/wmspanel', receiver());
    app.use(express.json());
    const result = await check([await listenApp(app), '--token', TOKEN, '--kind', 'ppv']);
    expect(row(result.stdout, 'a sync of 2,000 viewers')).toMatch(/2xx\s+200\s+ok$/);
    expect(result.stdout).toMatch(/\npassed: \d+ cases \(ppv\)\n$/);
    expect(result.code).toBe(0);
  });

  it('a receiver whose own maxBodyBytes is too small says so, not "a body parser"', async () => {
    const result = await check([await serveReceiver({ ...RECEIVE.ppv, maxBodyBytes: 100_000 }), '--token', TOKEN, '--kind', 'ppv']);
    expect(row(result.stdout, 'a sync of 2,000 viewers')).toMatch(/2xx\s+413\s+MISS: not accepted: the receiver refused it as too large \(BODY_TOO_LARGE\): raise its maxBodyBytes: pay-per-view syncs list every viewer$/);
    expect(result.code).toBe(1);
  });
});
