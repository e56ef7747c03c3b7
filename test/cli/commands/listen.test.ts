// `wmspanel-notifications listen` as a process, what only a process shows: its output lines, signals, a
// closed output pipe, npx. One test sends with the built bin (send's smoke test beside listen's); the others
// send in-process (main(argv, io)), over the same real sockets, to a listener that is a process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNotification } from '../../../src/index.js';
import { sendTestNotification } from '../../../src/testing.js';
import { startListen } from '../listen-process.js';
import { run } from '../run-main.js';

const CLI = new URL('../../../dist/cli.js', import.meta.url).pathname;
const TOKEN = 'cli-test-token';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts `listen` as a process on a free port; resolves once it says where it listens. */
const listen = (args: string[] = [], token: string[] = ['--token', TOKEN]) =>
  startListen(process.execPath, [CLI, 'listen', '--port', '0', ...token, ...args], { env: { PATH: process.env.PATH ?? '' } }, children);

/** `send` as the built bin, a process of its own. */
const sendAsProcess = (url: string, args: string[] = []) =>
  new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, 'send', '--url', url, '--token', TOKEN, ...args]);
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.on('exit', (code) => resolve({ code, stdout }));
  });

/** `send` in-process. */
const send = async (url: string, args: string[] = []) => run(['send', '--url', url, '--token', TOKEN, ...args]);

describe('wmspanel-notifications listen + send', () => {
  it('send delivers to listen, which prints one JSON line per verified notification; SIGTERM exits 0', async () => {
    const listener = await listen();
    // Two processes at once: neither answer depends on the other.
    const [first, forged] = await Promise.all([sendAsProcess(listener.url, ['--server', 'edge7.example.com']), sendAsProcess(listener.url, ['--forge', 'wrong-token'])]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^HTTP 200\n\{"received":true\}/);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toMatch(/^HTTP 401\n.*INVALID_DIGEST/);

    const lines = listener.output().stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ server: 'edge7.example.com', status: 'offline' });
    expect(() => parseNotification(line)).not.toThrow();
    expect(listener.output().stderr).toContain('"code":"INVALID_DIGEST"');
    expect(listener.output().stderr).not.toContain(TOKEN);

    listener.child.kill('SIGTERM');
    expect(await listener.exited).toBe(0);
  });

  it('listen also receives stream notifications sent with send --kind stream, one JSON line each', async () => {
    const listener = await listen();
    const sent = await send(listener.url, ['--kind', 'stream', '--stream', 'live/cam-1']);
    expect(sent.stdout).toMatch(/^HTTP 200\n\{"received":true\}/);
    const forged = await send(listener.url, ['--kind', 'stream', '--forge', 'tampered-signature']);
    expect(forged.stdout).toMatch(/^HTTP 401\n.*INVALID_SIGNATURE/);
    const lines = listener.output().stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'stream', format: 'nimble', events: [{ action: 'publish', stream: 'live/cam-1', app: 'live', name: 'cam-1' }] });
    listener.child.kill('SIGTERM');
    expect(await listener.exited).toBe(0);
  });

  it('listen answers syncs with the --deny ids they list, and send --kind ppv checks the Solution', async () => {
    const listener = await listen(['--deny', '2,9']);
    const sent = await send(listener.url, ['--kind', 'ppv', '--player', '1', '--player', '2@vod/a.mp4']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^HTTP 200\n\{"DenyList":\{"ID":\["2"\]\},"Solution":"[A-Za-z0-9+/]{22}=="\}\ndeny: \["2"\]; Solution: valid\n$/);
    const forged = await send(listener.url, ['--kind', 'ppv', '--forge', 'wrong-token']);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toMatch(/^HTTP 401\n.*INVALID_SIGNATURE/);
    const lines = listener.output().stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'pay-per-view', deny: ['2'], players: [{ id: '1' }, { id: '2', app: 'vod', stream: 'a.mp4' }] });
    listener.child.kill('SIGTERM');
    expect(await listener.exited).toBe(0);
  });

  it('listen without a token answers publish control (--deny ids refused) and playback; send prints the decisions', async () => {
    const { child, url, output } = await listen(['--deny', 'cam-2'], []);
    const publish = await send(url, ['--kind', 'publish', '--publisher', 'cam-1', '--publisher', 'cam-2@live/two']);
    expect(publish.code).toBe(0);
    expect(publish.stdout).toBe(
      'HTTP 200\n{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":"2","status":"fail"}]}\n"1" cam-1 live/stream: allow\n"2" cam-2 live/two: deny\n',
    );
    const playback = await send(url, ['--kind', 'playback', '--path', '/live/a/playlist.m3u8']);
    expect(playback.stdout).toBe('HTTP 200\n{"return_code":200}\nallow\n');
    // No token: a server status notification is of no kind this listener receives.
    expect((await send(url, [])).stdout).toMatch(/^HTTP 400\n.*UNKNOWN_NOTIFICATION_KIND/);
    const lines = output().stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string });
    expect(lines.map((line) => line.kind)).toEqual(['publish', 'playback']);
    child.kill('SIGTERM');
  });

  it('SIGINT also stops it cleanly', async () => {
    const listener = await listen();
    listener.child.kill('SIGINT');
    expect(await listener.exited).toBe(0);
  });

  it('--servers limits what it accepts', async () => {
    const listener = await listen(['--servers', 'edge1.example.com']);
    expect((await send(listener.url, ['--server', 'other'])).stdout).toMatch(/^HTTP 403/);
    expect((await send(listener.url)).code).toBe(0);
  });

  it('listen keeps answering after its output pipe closes (listen | head -c1), instead of dying of EPIPE', async () => {
    const { child, url } = await listen();
    child.stdout.destroy();
    for (let i = 0; i < 5; i++) expect((await sendTestNotification(url, { token: TOKEN, server: `edge${i}` })).status).toBe(200);
    expect(child.exitCode).toBeNull();
  });
});

describe('listen under npx', () => {
  it('stops when the process that started it dies (npx does not pass SIGTERM on), instead of running on', async () => {
    // A parent standing in for npx: it starts listen, prints its pid once listen says it is listening, and is
    // then killed outright.
    const script = `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(CLI)}, 'listen', '--port', '0', '--token', 't'], { stdio: ['ignore', 'ignore', 'pipe'] });
let said = '';
c.stderr.on('data', (data) => { said += data; if (said.includes('listening on')) { c.stderr.removeAllListeners('data'); c.stderr.resume(); console.log(c.pid); } });
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' } });
    children.push(parent);
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim()))));
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    parent.kill('SIGKILL');
    // Liveness, not speed: it must be gone within a generous bound (it looks for its parent every 500 ms).
    for (let i = 0; i < 500 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const stillAlive = alive();
    if (stillAlive) process.kill(pid, 'SIGKILL');
    expect(stillAlive).toBe(false);
  });
});
