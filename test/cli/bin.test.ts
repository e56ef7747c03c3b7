// The built bin (src/cli.ts, as dist/cli.js) as a process: one spawned smoke test per command (sign and
// verify through a pipe, send, check, demo; listen's in test/cli/commands/listen.test.ts), and what only a
// process shows: exit codes, stdin and files, the network. The rest runs in-process in test/cli/main.test.ts
// (and check's in test/cli/commands/check.test.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeUntrustedServers, serveEndless, serveRedirect, serveStalling, serveTarget } from '../untrusted-servers.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
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

/**
 * Runs the built command as a process, without blocking this one (a server in this process answers it);
 * killed after 10 s, so that a command that would read or wait for ever fails its test instead of hanging.
 */
function spawnCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '' }, timeout: 10_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('each command as a process', () => {
  it('sign | verify: the built bin signs a body that it verifies, exit 0', () => {
    const signed = run(['sign', '--token', TOKEN, '--server', 'edge3']);
    expect(signed.code).toBe(0);
    const verified = run(['verify', '--token', TOKEN], { input: signed.stdout });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ server: 'edge3', status: 'offline' });
  });

  it('--version and --help; a usage error is one line on stderr and exit 2, no stack trace', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(run(['--version']).stdout).toBe(`${version}\n`);
    expect(run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('check') });
    const usage = run(['sign', '--kind', 'nope']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([[['--time', 'garbage']], [['--server', '']]])('sign %j: a usage error, exit 2 (issue 18: was 1)', (args) => {
    const usage = run(['sign', '--token', TOKEN, ...args]);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('send as a process', () => {
  const send = (url: string, args: string[] = []) => spawnCli(['send', '--url', url, '--token', TOKEN, ...args]);

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

  it('send to an address where nothing listens exits 1 with one line', async () => {
    const result = run(['send', '--url', 'http://127.0.0.1:1/x', '--token', TOKEN]);
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('could not reach');
  });
});

describe('the command, defects found by trying it (issue 14), as a process', () => {
  it('send --expect: exit 0 when the handler answers that status, 1 otherwise; 3 when nothing answers within --timeout', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    const refusing = createServer((_, response) => response.writeHead(401).end('{}'));
    await Promise.all([silent, refusing].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    const urlOf = (server: typeof silent) => `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const sendTo = (url: string, args: string[]) => spawnCli(['send', '--url', url, '--token', TOKEN, ...args]);
    try {
      // Five processes at once: each its own command line, none depends on another.
      const [expected, unexpected, refused, timedOut, usage] = await Promise.all([
        sendTo(urlOf(refusing), ['--expect', '401']),
        sendTo(urlOf(refusing), ['--expect', '200']),
        sendTo(urlOf(refusing), []),
        sendTo(urlOf(silent), ['--timeout', '0.3']),
        sendTo(urlOf(refusing), ['--expect', 'ok']),
      ]);
      expect(expected.code).toBe(0);
      expect(unexpected.code).toBe(1);
      expect(refused.code).toBe(1);
      expect(timedOut.code).toBe(3);
      expect(timedOut.stderr).toMatch(/no answer within 0\.3 s/);
      expect(usage.code).toBe(2);
    } finally {
      silent.closeAllConnections();
      silent.close();
      refusing.close();
    }
  });

});

describe('send trusts no server it talks to (issue 18)', () => {
  afterEach(closeUntrustedServers);

  it.each([307, 308])('send does not follow a %i redirect: its target receives nothing, exit 1, and it says it was a redirect', async (status) => {
    const target = await serveTarget();
    const redirect = await serveRedirect(status, target.url);
    const result = await spawnCli(['send', '--url', redirect.url, '--token', TOKEN]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`HTTP ${status}\n`);
    expect(result.stderr).toMatch(new RegExp(`a redirect to ${new URL(target.url).host}, not followed`));
    expect(target.seen.requests).toBe(0);
    expect(redirect.seen.requests).toBe(1);
  });

  it('send reads at most 4 MiB of an endless answer: exit 1, and it closes the connection (the server stops writing)', async () => {
    const endless = await serveEndless();
    // Were the answer read to its end, --timeout would end it with exit 3.
    const result = await spawnCli(['send', '--url', endless.url, '--token', TOKEN, '--timeout', '2']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('HTTP 200\n');
    expect(result.stderr).toMatch(/the answer is larger than 4 MiB; not read further/);
    await endless.seen.until(() => endless.seen.cut === 1);
  });

  it('send gives up on an answer whose body stalls after --timeout (exit 3)', async () => {
    const stalling = await serveStalling();
    // 2 s, not less: the timeout covers the whole exchange, and with 0.3 s a loaded machine (a CI run beside
    // other work) timed out before the headers came, which is another case (exit 3 without "HTTP 200").
    const result = await spawnCli(['send', '--url', stalling.url, '--token', TOKEN, '--timeout', '2']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('HTTP 200\n');
    expect(result.stderr).toMatch(/the answer did not end within 2 s/);
  });
});

describe('send and check take the URL both ways; a mistyped option is named, with the one meant (issue 19)', () => {
  const servers: import('node:http').Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });
  async function receiver(): Promise<string> {
    const { createNodeHandler } = await import('../../src/adapters/node.js');
    const { createMemoryReplayStore } = await import('../../src/index.js');
    const { createServer } = await import('node:http');
    // A store of its own: the default one is shared by the receivers of this process.
    const replayStore = createMemoryReplayStore();
    const handle = createNodeHandler({ token: TOKEN, servers: ['wmspanel-check.invalid', 'edge1.example.com'], replayStore, onNotification: () => undefined });
    const server = createServer((request, response) => void handle(request, response));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/wmspanel`;
  }
  const NODE_TEXT = /Unknown option '|To specify|argument is ambiguous|argument missing|does not take an argument|ERR_PARSE_ARGS|Unexpected argument/;

  it('check --url U runs the check (was a parseArgs error about positionals)', async () => {
    const result = await spawnCli(['check', '--url', await receiver(), '--token', TOKEN]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/\npassed: 8 cases \(status\)\n$/);
    expect(result.code).toBe(0);
  });

  it.each([
    ['send U', (url: string) => ['send', url]],
    ['send --url U', (url: string) => ['send', '--url', url]],
  ])('%s posts to U', async (_name, args) => {
    const result = await spawnCli([...args(await receiver()), '--token', TOKEN]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^HTTP 200\n\{"received":true\}\n$/);
  });

  it.each([
    [['send', 'http://127.0.0.1:1/', '--token', TOKEN, '--srever', 'edge1'], /^wmspanel-notifications: unknown option --srever; did you mean --server\?\n$/],
    [['sign', '--token', TOKEN, '--srever', 'edge1'], /^wmspanel-notifications: unknown option --srever; did you mean --server\?\n$/],
    [['check', 'http://127.0.0.1:1/', '--token', TOKEN, '--tiemout', '5'], /^wmspanel-notifications: unknown option --tiemout; did you mean --timeout\?\n$/],
    [['check', 'http://127.0.0.1:1/', '--url', 'http://127.0.0.1:2/', '--token', TOKEN], /^wmspanel-notifications: the URL is given twice, as an argument and as --url, and they differ: give it once\n$/],
    [['send', '--token'], /^wmspanel-notifications: --token takes a value: --token T\n$/],
  ])('%j: exit 2, our own one line, no text of Node\'s parseArgs, nothing sent', async (args, message) => {
    const result = await spawnCli(args);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(NODE_TEXT);
    expect(result).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('verify --file reads any file as it reads stdin: a stream, at most 16 MiB (issue 18)', () => {
  const writers: ChildProcess[] = [];
  afterEach(() => {
    for (const writer of writers.splice(0)) writer.kill('SIGKILL');
  });

  /** A FIFO in a new temporary folder, and a shell writing into it what `script` prints. */
  function fifoWrittenBy(script: string, input?: string): string {
    const fifo = join(mkdtempSync(join(tmpdir(), 'wmspanel-fifo-')), 'body');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', `${script} > "$1"`, 'sh', fifo], { stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'] });
    writer.stdin?.end(input);
    writers.push(writer);
    return fifo;
  }

  it('verify --file /dev/zero (its size is 0, its content endless) stops at 16 MiB: BODY_TOO_LARGE, exit 1', async () => {
    const result = await spawnCli(['verify', '--token', TOKEN, '--file', '/dev/zero']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^BODY_TOO_LARGE: The body is larger than 16 MiB; not read further\n$/);
  });

  it('verify --file FIFO whose writer writes more than 16 MiB: BODY_TOO_LARGE, exit 1, as for stdin', async () => {
    const result = await spawnCli(['verify', '--token', TOKEN, '--file', fifoWrittenBy('head -c 20971520 /dev/zero')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^BODY_TOO_LARGE: The body is larger than 16 MiB; not read further\n$/);
  });

  it('verify --file FIFO whose writer writes a small valid notification, then closes: exit 0', async () => {
    const signed = run(['sign', '--token', TOKEN, '--server', 'edge-fifo']).stdout;
    const result = await spawnCli(['verify', '--token', TOKEN, '--file', fifoWrittenBy('cat', signed)]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ server: 'edge-fifo', status: 'offline' });
  });

  it('verify --file /dev/stdin stops at 16 MiB of what a pipe brings: BODY_TOO_LARGE, exit 1', () => {
    // A shell pipe: the stdin spawn gives a child is a socket, which /dev/stdin cannot open (ENXIO).
    const result = spawnSync('sh', ['-c', 'head -c 20971520 /dev/zero | "$0" "$1" verify --token "$2" --file /dev/stdin', process.execPath, CLI, TOKEN], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^BODY_TOO_LARGE: The body is larger than 16 MiB; not read further\n$/);
  });
});

describe('npm run demo', () => {
  it('shows a genuine notification accepted and the forgeries, replay and stale one refused, and exits 0', () => {
    const result = spawnSync(process.execPath, [new URL('../../scripts/demo.mjs', import.meta.url).pathname], { encoding: 'utf8', timeout: 20_000 });
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
