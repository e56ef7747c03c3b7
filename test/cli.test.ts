import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeDigest, parseNotification } from '../src/index.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const TOKEN = 'cli-test-token';

function run(args: string[], { input, env = {} }: { input?: string | Uint8Array; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 15_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('wmspanel-notifications sign', () => {
  it('prints a body whose digest is MD5(time + token)', () => {
    const { code, stdout } = run(['sign', '--token', TOKEN]);
    expect(code).toBe(0);
    const body = JSON.parse(stdout) as Record<string, string>;
    expect(body.digest).toBe(computeDigest(body.time!, TOKEN));
    expect(body.time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(body).toMatchObject({ server: 'edge1.example.com', status: 'offline' });
  });

  it('takes --server, --status and --time, and the token from WMSPANEL_TOKEN', () => {
    const { code, stdout } = run(['sign', '--server', 'edge9', '--status', 'degraded', '--time', '2014-10-16 03:13:31 UTC'], {
      env: { WMSPANEL_TOKEN: TOKEN },
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      time: '2014-10-16 03:13:31 UTC',
      digest: computeDigest('2014-10-16 03:13:31 UTC', TOKEN),
      server: 'edge9',
      status: 'degraded',
    });
  });

  it.each([
    ['no token', ['sign'], /a token is required/],
    ['an empty token', ['sign', '--token', ''], /the token is empty/],
    ['an unknown flag', ['sign', '--token', 'x', '--bogus'], /Unknown option '--bogus'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a bad --forge', ['sign', '--token', 'x', '--forge', 'nope'], /--forge takes/],
    ['send without --url', ['send', '--token', 'x'], /--url is required/],
    ['listen without --port', ['listen', '--token', 'x'], /--port takes/],
    ['verify with a bad --max-age', ['verify', '--token', 'x', '--max-age', 'soon'], /--max-age takes/],
    ['an unknown --kind', ['sign', '--token', 'x', '--kind', 'pay-per-view'], /--kind takes status, stream, ppv, publish or playback/],
    ['a server status option with --kind stream', ['sign', '--token', 'x', '--kind', 'stream', '--server', 'a'], /--server does not apply/],
    ['a stream option without --kind stream', ['sign', '--token', 'x', '--stream', 'live/a'], /--stream does not apply/],
    ['a stream that is not app/name', ['sign', '--token', 'x', '--kind', 'stream', '--stream', 'nope'], /--stream takes app\/name/],
    ['a server status forgery with --kind stream', ['sign', '--token', 'x', '--kind', 'stream', '--forge', 'tampered-digest'], /--forge takes/],
  ])('%s is a one-line error and exit code 2, no stack trace', (_name, args, message) => {
    const { code, stderr, stdout } = run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(stdout).toBe('');
  });

  it.each(['sign', 'send', 'verify', 'listen'])('%s --help prints its usage and exits 0', (command) => {
    const { code, stdout } = run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: wmspanel-notifications ${command}`);
  });

  it('--help lists the commands; no command at all is exit 2', () => {
    expect(run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('listen') });
    expect(run([]).code).toBe(2);
  });
});

describe('wmspanel-notifications verify', () => {
  const body = (args: string[] = []) => run(['sign', '--token', TOKEN, ...args]).stdout;

  it('reads stdin, prints the notification and exits 0 when valid', () => {
    const { code, stdout } = run(['verify', '--token', TOKEN], { input: body() });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ server: 'edge1.example.com', status: 'offline' });
  });

  it('reads --file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wmspanel-')), 'body.json');
    writeFileSync(file, body());
    expect(run(['verify', '--token', TOKEN, '--file', file]).code).toBe(0);
    expect(run(['verify', '--token', TOKEN, '--file', `${file}.missing`])).toMatchObject({ code: 2, stderr: expect.stringContaining('ENOENT') });
  });

  it.each([
    ['a wrong token', ['--forge', 'wrong-token'], [], 'INVALID_DIGEST'],
    ['a tampered digest', ['--forge', 'tampered-digest'], [], 'INVALID_DIGEST'],
    ['a stale time', ['--forge', 'stale'], [], 'STALE_NOTIFICATION'],
    ['a time older than --max-age', ['--time', new Date(Date.now() - 120_000).toISOString()], ['--max-age', '60'], 'STALE_NOTIFICATION'],
  ])('exits 1 with the code on stderr for %s', (_name, signArgs, verifyArgs, code) => {
    const result = run(['verify', '--token', TOKEN, ...verifyArgs], { input: body(signArgs) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${code}: `));
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('exits 1 with INVALID_JSON for garbage on stdin', () => {
    expect(run(['verify', '--token', TOKEN], { input: 'not json' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID_JSON/) });
  });
});

describe('wmspanel-notifications --kind stream', () => {
  it.each(['nimble', 'wowza'])('sign makes a %s body that verify accepts, with every --stream as an event', (format) => {
    const signed = run(['sign', '--kind', 'stream', '--token', TOKEN, '--format', format, '--stream', 'live/a', '--stream', 'vod/b/c.mp4', '--unpublish']);
    expect(signed.code).toBe(0);
    const verified = run(['verify', '--kind', 'stream', '--token', TOKEN], { input: signed.stdout });
    expect(verified.code).toBe(0);
    const notification = JSON.parse(verified.stdout) as { format: string; events: { action: string; app: string; name: string }[] };
    expect(notification.format).toBe(format);
    expect(notification.events.map((event) => `${event.action} ${event.app} ${event.name}`)).toEqual(['unpublish live a', 'unpublish vod b/c.mp4']);
  });

  it.each([
    ['wrong-token', 'INVALID_SIGNATURE'],
    ['unsigned', 'INVALID_SIGNATURE'],
    ['stale', 'STALE_NOTIFICATION'],
  ])('verify refuses a --forge %s body with %s and exit code 1', (forge, code) => {
    const signed = run(['sign', '--kind', 'stream', '--token', TOKEN, '--forge', forge]);
    const verified = run(['verify', '--kind', 'stream', '--token', TOKEN], { input: signed.stdout });
    expect(verified).toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`^${code}`)) });
  });
});

describe('wmspanel-notifications --kind ppv', () => {
  it.each(['nimble', 'wowza'])('sign makes a %s sync that verify accepts, one player per --player', (format) => {
    const signed = run(['sign', '--kind', 'ppv', '--token', TOKEN, '--format', format, '--player', '17', '--player', '42@vod/folder/movie.mp4']);
    expect(signed.code).toBe(0);
    const verified = run(['verify', '--kind', 'ppv', '--token', TOKEN], { input: signed.stdout });
    expect(verified.code).toBe(0);
    const sync = JSON.parse(verified.stdout) as { players: { id: string; app: string; stream: string }[] };
    expect(sync.players.map((player) => `${player.id} ${player.app} ${player.stream}`)).toEqual(['17 live stream', '42 vod folder/movie.mp4']);
  });

  it.each(['wrong-token', 'tampered-signature', 'unsigned'])('verify refuses a --forge %s sync with INVALID_SIGNATURE and exit code 1', (forge) => {
    const signed = run(['sign', '--kind', 'ppv', '--token', TOKEN, '--forge', forge]);
    const verified = run(['verify', '--kind', 'ppv', '--token', TOKEN], { input: signed.stdout });
    expect(verified).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID_SIGNATURE/) });
  });

  it.each([
    [['--player', 'a b']],
    [['--player', '1@nostream']],
    [['--server', 'x']],
    [['--forge', 'stale']],
  ])('refuses %j with a usage error (exit 2)', (args) => {
    expect(run(['sign', '--kind', 'ppv', '--token', TOKEN, ...args]).code).toBe(2);
  });
});

describe('wmspanel-notifications --kind publish and --kind playback', () => {
  it('sign makes requests that verify reads, without a token (they carry no signature)', () => {
    const publish = run(['sign', '--kind', 'publish', '--publisher', 'cam-1', '--publisher', 'cam-2@live/two'], { env: { WMSPANEL_TOKEN: '' } });
    expect(publish.code).toBe(0);
    const read = run(['verify', '--kind', 'publish'], { input: publish.stdout });
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).requests.map((item: { seq: string; id: string; stream: string }) => `${item.seq} ${item.id} ${item.stream}`)).toEqual([
      '1 cam-1 live/stream',
      '2 cam-2 live/two',
    ]);
    const playback = run(['sign', '--kind', 'playback', '--path', '/vod/a.mp4/playlist.m3u8']);
    expect(JSON.parse(run(['verify', '--kind', 'playback'], { input: playback.stdout }).stdout)).toMatchObject({ url: '/vod/a.mp4/playlist.m3u8' });
  });

  it.each([
    [['sign', '--kind', 'publish', '--forge', 'wrong-token']],
    [['sign', '--kind', 'publish', '--publisher', 'a b']],
    [['sign', '--kind', 'playback', '--path', 'relative']],
    [['sign', '--kind', 'nope']],
  ])('refuses %j with a usage error (exit 2)', (args) => {
    expect(run(args).code).toBe(2);
  });
});

describe('wmspanel-notifications listen + send', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  async function listen(args: string[] = []) {
    const child = spawn(process.execPath, [CLI, 'listen', '--port', '0', '--token', TOKEN, ...args], { env: { PATH: process.env.PATH ?? '' } });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, url, exited, output: () => ({ stdout, stderr }) };
  }

  const send = (url: string, args: string[] = []) =>
    new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'send', '--url', url, '--token', TOKEN, ...args]);
      let stdout = '';
      child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
      child.on('exit', (code) => resolve({ code, stdout }));
    });

  it('send delivers to listen, which prints one JSON line per verified notification; SIGTERM exits 0', async () => {
    const listener = await listen();
    const first = await send(listener.url, ['--server', 'edge7.example.com']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^HTTP 200\n\{"received":true\}/);
    const forged = await send(listener.url, ['--forge', 'wrong-token']);
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

  it('send --kind ppv exits 1 when the handler answers a wrong or missing Solution', async () => {
    const { createServer } = await import('node:http');
    const naive = createServer((_, response) => response.end('{"DenyList":{"ID":[]}}'));
    await new Promise<void>((resolve) => naive.listen(0, '127.0.0.1', resolve));
    try {
      const address = naive.address() as { port: number };
      const sent = await send(`http://127.0.0.1:${address.port}/`, ['--kind', 'ppv']);
      expect(sent.code).toBe(1);
      expect(sent.stdout).toContain('deny: []; Solution: missing');
    } finally {
      naive.close();
    }
  });

  it('listen without a token answers publish control (--deny ids refused) and playback; send prints the decisions', async () => {
    const child = spawn(process.execPath, [CLI, 'listen', '--port', '0', '--deny', 'cam-2'], { env: { PATH: process.env.PATH ?? '' } });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    const url = await new Promise<string>((resolve) => {
      child.stderr.on('data', (data: Buffer) => {
        stderr += data.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
    });
    const publish = await send(url, ['--kind', 'publish', '--publisher', 'cam-1', '--publisher', 'cam-2@live/two']);
    expect(publish.code).toBe(0);
    expect(publish.stdout).toBe(
      'HTTP 200\n{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":"2","status":"fail"}]}\n"1" cam-1 live/stream: allow\n"2" cam-2 live/two: deny\n',
    );
    const playback = await send(url, ['--kind', 'playback', '--path', '/live/a/playlist.m3u8']);
    expect(playback.stdout).toBe('HTTP 200\n{"return_code":200}\nallow\n');
    // No token: a server status notification is of no kind this listener receives.
    expect((await send(url, [])).stdout).toMatch(/^HTTP 400\n.*UNKNOWN_NOTIFICATION_KIND/);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string });
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

  it('send to an address where nothing listens exits 1 with one line', async () => {
    const result = run(['send', '--url', 'http://127.0.0.1:1/x', '--token', TOKEN]);
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('could not reach');
  });
});

describe('the command, defects found by trying it (issue 14)', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(run(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('a mistyped positional argument is a usage error that does not echo it (it may be the token)', () => {
    const result = run(['verify', 'my-secret-token-value']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('my-secret-token-value');
    expect(result.stderr).toMatch(/positional/);
  });

  it.each([
    [['verify', '--token', TOKEN, '--max-age', '']],
    [['listen', '--token', TOKEN, '--port', '']],
    [['send', '--token', TOKEN, '--url', 'http://127.0.0.1:1/', '--timeout', '']],
  ])('an empty flag value is a usage error, not 0: %j', (args) => {
    expect(run(args, { input: '{}' }).code).toBe(2);
  });

  it('a token with white space around it (a newline from a file) is a usage error (exit 2) that says so', () => {
    const result = run(['sign'], { env: { WMSPANEL_TOKEN: `${TOKEN}\n` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/white space/);
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('verify reads stdin as bytes: invalid UTF-8 is refused as the adapters refuse it', () => {
    const signed = run(['sign', '--token', TOKEN]).stdout;
    const bytes = Buffer.from(signed.replace('"offline"', '"off\u0000line"'));
    const invalid = Buffer.concat([bytes.subarray(0, bytes.indexOf(0)), Buffer.from([0xff]), bytes.subarray(bytes.indexOf(0) + 1)]);
    const result = run(['verify', '--token', TOKEN], { input: invalid });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INVALID_JSON: Body is not valid UTF-8/);
  });

  it('verify reads at most 16 MiB of stdin: more is refused, not read on', () => {
    const result = run(['verify', '--token', TOKEN], { input: Buffer.alloc(20 * 1024 * 1024, 0x20) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^BODY_TOO_LARGE/);
  });

  it('send --expect: exit 0 when the handler answers that status, 1 otherwise; 3 when nothing answers within --timeout', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    const refusing = createServer((_, response) => response.writeHead(401).end('{}'));
    await Promise.all([silent, refusing].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    const urlOf = (server: typeof silent) => `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const sendTo = (url: string, args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'send', '--url', url, '--token', TOKEN, ...args]);
        let stderr = '';
        child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    try {
      expect((await sendTo(urlOf(refusing), ['--expect', '401'])).code).toBe(0);
      expect((await sendTo(urlOf(refusing), ['--expect', '200'])).code).toBe(1);
      expect((await sendTo(urlOf(refusing), [])).code).toBe(1);
      const timedOut = await sendTo(urlOf(silent), ['--timeout', '0.3']);
      expect(timedOut.code).toBe(3);
      expect(timedOut.stderr).toMatch(/no answer within 0\.3 s/);
      expect((await sendTo(urlOf(refusing), ['--expect', 'ok'])).code).toBe(2);
    } finally {
      silent.closeAllConnections();
      silent.close();
      refusing.close();
    }
  });

  it('listen keeps answering after its output pipe closes (listen | head -c1), instead of dying of EPIPE', async () => {
    const child = spawn(process.execPath, [CLI, 'listen', '--port', '0', '--token', TOKEN], { env: { PATH: process.env.PATH ?? '' } });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve) => {
        child.stderr.on('data', (data: Buffer) => {
          stderr += data.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stderr);
          if (match) resolve(match[1]!);
        });
      });
      child.stdout.destroy();
      const { sendTestNotification } = await import('../src/testing.js');
      for (let i = 0; i < 5; i++) expect((await sendTestNotification(url, { token: TOKEN, server: `edge${i}` })).status).toBe(200);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('npm run demo', () => {
  it('shows a genuine notification accepted and the forgeries, replay and stale one refused, and exits 0', () => {
    const result = spawnSync(process.execPath, [new URL('../scripts/demo.mjs', import.meta.url).pathname], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/genuine notification[\s\S]*200 accepted/);
    expect(result.stdout).toMatch(/replay\)\n {2}200 accepted as a duplicate/);
    expect(result.stdout).toMatch(/tampered digest\n {2}401 refused: INVALID_DIGEST/);
    expect(result.stdout).toMatch(/stale one[^\n]*\n {2}401 refused: STALE_NOTIFICATION/);
    expect(result.stdout).toMatch(/allowlist\n {2}403 refused: UNKNOWN_SERVER/);
    expect(result.stdout).toMatch(/Nimble Streamer, to the same endpoint\n {4}stream handler: publish live\/camera-1 \(nimble\)\n {2}200 accepted/);
    expect(result.stdout).toMatch(/tampered with\n {2}401 refused: INVALID_SIGNATURE/);
    expect(result.stdout).toMatch(/not paid\n {4}pay-per-view handler: 3 viewers, cutting off unpaid-2\n {2}200 answered deny list \["unpaid-2"\], Solution valid\n/);
    expect(result.stdout).toMatch(/lost answer\)\n {2}200 answered deny list \["unpaid-2"\], Solution valid; handler not called again/);
    expect(result.stdout).toContain('The handler ran 3 time(s) for 10 requests.');
  });
});

describe('listen under npx', () => {
  it('stops when the process that started it dies (npx does not pass SIGTERM on), instead of running on', async () => {
    // A parent standing in for npx: it starts listen, prints its pid, and is then killed outright.
    const parent = spawn(
      process.execPath,
      ['-e', `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(CLI)}, 'listen', '--port', '0', '--token', 't'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);`],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim()))));
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alive()).toBe(true);
    parent.kill('SIGKILL');
    // Liveness, not speed: it must be gone within a generous bound.
    for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const stillAlive = alive();
    if (stillAlive) process.kill(pid, 'SIGKILL');
    expect(stillAlive).toBe(false);
  });
});
