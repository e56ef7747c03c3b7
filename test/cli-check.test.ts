// `wmspanel-notifications check <url>` against this package's own handlers (it must pass them) and
// against deliberately naive ones (it must fail them), on real servers.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressMiddleware } from '../src/adapters/express.js';
import { createNodeHandler } from '../src/adapters/node.js';
import { closeUntrustedServers, serveEndless, serveRedirect, serveTarget } from './untrusted-servers.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
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

function check(args: string[], timeout = '5'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'check', ...args, '--timeout', timeout], { env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A handler that reads the body and answers 200 to everything: what a first try often is. */
const naive = (answer: string) => (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(answer));
};

describe('check <url>', () => {
  it.each(['status', 'stream', 'ppv', 'publish', 'playback'])('passes this package\'s node handler for --kind %s (exit 0)', async (kind) => {
    const handle = createNodeHandler({
      token: TOKEN,
      servers: ['edge1.example.com'],
      onNotification: () => undefined,
      onStreamNotification: () => undefined,
      onPayPerViewSync: (sync) => ({ deny: sync.players.slice(0, 1).map((player) => player.id) }),
      onPublishAuth: (request) => request.requests.map((item) => ({ seq: item.seq, allow: true })),
      onPlaybackAuth: () => ({ allow: true }),
    });
    const url = await serve((request, response) => void handle(request, response));
    const result = await check([url, '--token', TOKEN, '--kind', kind]);
    expect(result.stdout).toMatch(new RegExp(`passed: \\d+ cases \\(${kind}\\)`));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(TOKEN);
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
