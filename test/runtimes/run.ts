// Helpers for the runtime suite: the runtimes' binaries, and servers started in them.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { computeDigest, formatNotificationTime } from '../../src/index.js';
import { createTestPayPerViewSync } from '../../src/testing.js';

const bin = (name: string): string => new URL(`../../node_modules/.bin/${name}`, import.meta.url).pathname;

/**
 * The Node binaries the suite runs on: this one (20) and the registry's 22, 24 and 26 builds, which
 * setup.ts installs into test/runtimes/nodes (a project of its own, see its package.json).
 */
export const NODES: [string, string][] = [
  ['20', process.execPath],
  ['22', new URL('./nodes/node_modules/node22/bin/node', import.meta.url).pathname],
  ['24', new URL('./nodes/node_modules/node24/bin/node', import.meta.url).pathname],
  ['26', new URL('./nodes/node_modules/node26/bin/node', import.meta.url).pathname],
];
export const BUN = bin('bun');
export const DENO = bin('deno');
export const WORKERD = bin('workerd');

export const TOKEN = 'runtime-suite-token';

export function runScript(command: string, args: string[], cwd: string, env: Record<string, string> = {}, input?: string) {
  const result = spawnSync(command, args, { cwd, input, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function fixture(name: string): string {
  return new URL(`./fixtures/${name}`, import.meta.url).pathname;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts a server process and resolves once its output matched `ready` (by default a `listening <url>`
 * line), whose first group is the URL.
 */
export async function startServer(command: string, args: string[], cwd: string, env: Record<string, string> = {}, ready = /listening (http:\/\/\S+)/) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${ready} within 30 s:\n${output}`)), 30_000);
    const onData = (data: Buffer): void => {
      output += data.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Sends a genuine and a tampered notification; returns both statuses. */
/**
 * A genuine and a tampered server status notification, then a pay-per-view sync of players 1 and 2 (the
 * fixture servers deny player 2): the two statuses, and whether the sync's answer is the deny list with the
 * right Solution (by node:crypto); then a playback authorization request (the fixtures allow /paid/ paths):
 * its answer.
 */
export async function genuineAndTampered(url: string): Promise<[number, number, string, string]> {
  const time = formatNotificationTime(Date.now());
  const digest = computeDigest(time, TOKEN);
  const body = (d: string) => JSON.stringify({ time, digest: d, server: 'edge1.example.com', status: 'offline' });
  const tampered = (digest[0] === 'a' ? 'b' : 'a') + digest.slice(1);
  const post = async (b: string) => (await fetch(url, { method: 'POST', body: b })).status;
  const { body: sync, sync: sent } = createTestPayPerViewSync({ token: TOKEN, players: [{ id: '1' }, { id: '2' }] });
  const answer = await (await fetch(url, { method: 'POST', body: sync })).text();
  const expected = JSON.stringify({ DenyList: { ID: ['2'] }, Solution: createHash('md5').update(sent.puzzle! + TOKEN).digest('base64') });
  const playback = await (await fetch(url, { method: 'POST', body: JSON.stringify({ url: '/paid/a/playlist.m3u8', host: 'x' }) })).text();
  return [await post(body(digest)), await post(body(tampered)), answer === expected ? 'deny list answered' : `unexpected answer: ${answer}`, playback];
}

export { join };
