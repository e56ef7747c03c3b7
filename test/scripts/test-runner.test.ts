// scripts/test.mjs (`npm test`) refuses to start without the Debian packages the full run needs, naming
// the command that installs them, unless WMSPANEL_TEST_ALLOW_MISSING names them.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findChromium, hasRedisServer, installCommand, missingSystemPackages } from '../../scripts/system-packages.mjs';

const script = new URL('../../scripts/test.mjs', import.meta.url).pathname;
const empty = mkdtempSync(join(tmpdir(), 'wmspanel-path-'));
const fake = mkdtempSync(join(tmpdir(), 'wmspanel-path-'));
const notExecutable = mkdtempSync(join(tmpdir(), 'wmspanel-path-'));
for (const name of ['chromium', 'redis-server']) {
  writeFileSync(join(fake, name), '#!/bin/sh\n');
  chmodSync(join(fake, name), 0o755);
}
writeFileSync(join(notExecutable, 'chromium'), '#!/bin/sh\n');
afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
  rmSync(fake, { recursive: true, force: true });
  rmSync(notExecutable, { recursive: true, force: true });
});

/** Runs the test runner with only `plan` (it prints its steps and runs none) and the given environment. */
const plan = (env: Record<string, string>, steps: string[] = []) => {
  const result = spawnSync(process.execPath, [script, '--plan', ...steps], { env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('the system packages npm test needs', () => {
  it('finds chromium and redis-server as executables on the PATH, and only there', () => {
    expect(findChromium({ PATH: fake })).toBe(join(fake, 'chromium'));
    expect(hasRedisServer({ PATH: fake })).toBe(true);
    expect(findChromium({ PATH: empty })).toBeUndefined();
    expect(findChromium({ PATH: notExecutable })).toBeUndefined();
    expect(hasRedisServer({ PATH: empty })).toBe(false);
    expect(missingSystemPackages({ PATH: `${empty}:${fake}` })).toEqual([]);
    expect(missingSystemPackages({ PATH: empty, WMSPANEL_TEST_ALLOW_MISSING: ' redis-server ' })).toEqual([
      { name: 'chromium', allowed: false },
      { name: 'redis-server', allowed: true },
    ]);
  });

  it('without them, npm test exits 1 before any step, with the command that installs them and the variable that opts out', () => {
    const { code, stdout, stderr } = plan({ PATH: empty });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(installCommand(['chromium', 'redis-server']));
    expect(stderr).toContain('WMSPANEL_TEST_ALLOW_MISSING=chromium,redis-server npm test');
  });

  it('names only what is missing and not allowed', () => {
    const { code, stderr } = plan({ PATH: empty, WMSPANEL_TEST_ALLOW_MISSING: 'chromium' });
    expect(code).toBe(1);
    expect(stderr).toContain(installCommand(['redis-server']));
    expect(stderr).not.toContain(installCommand(['chromium', 'redis-server']));
  });

  it('with WMSPANEL_TEST_ALLOW_MISSING naming them, it goes on and says loudly what is skipped', () => {
    const { code, stdout, stderr } = plan({ PATH: empty, WMSPANEL_TEST_ALLOW_MISSING: 'all' });
    expect(code).toBe(0);
    expect(stderr).toContain('chromium is missing and WMSPANEL_TEST_ALLOW_MISSING allows it: the tests that need it are SKIPPED');
    expect(stderr).toContain('redis-server is missing');
    expect(stdout).toContain('test:unit (after build)');
  });

  it('with both installed, it says nothing of them', () => {
    const { code, stderr } = plan({ PATH: fake });
    expect([code, stderr]).toEqual([0, '']);
  });
});

describe('the steps npm test runs', () => {
  it('runs every step, or only those named, each after what it needs among them', () => {
    const all = plan({ PATH: fake }).stdout.trim().split('\n');
    expect(all).toHaveLength(9);
    expect(all).toContain('test:runtimes (after build)');
    expect(plan({ PATH: fake }, ['test:unit', 'lint']).stdout.trim().split('\n')).toEqual(['test:unit', 'lint']);
    expect(plan({ PATH: fake }, ['build', 'test:unit']).stdout.trim().split('\n')).toEqual(['build', 'test:unit (after build)']);
  });

  it.each([
    ['WMSPANEL_TEST_JOBS', '0', 'a whole number of at least 1'],
    ['WMSPANEL_TEST_JOBS', '1.5', 'a whole number of at least 1'],
    ['WMSPANEL_TEST_STEP_TIMEOUT_SECONDS', 'soon', 'a positive number of seconds'],
    ['WMSPANEL_TEST_STEP_TIMEOUT_SECONDS', '99999999', 'at most 2147483'],
  ])('refuses %s=%s (exit 2), saying what it takes', (variable, value, says) => {
    const { code, stderr } = plan({ PATH: fake, [variable]: value });
    expect(code).toBe(2);
    expect(stderr).toContain(`${variable} must be`);
    expect(stderr).toContain(says);
  });

  it('refuses a step it does not have (exit 2), naming the steps it has', () => {
    const { code, stdout, stderr } = plan({ PATH: fake }, ['tests']);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toContain('no step named tests; the steps: build, test:unit');
  });
});

// The runner itself, on a package of its own whose npm scripts stand in for the real steps: each writes
// `start <name>` and `end <name>` to a log, and does what the test asks of it.
describe('scripts/test.mjs running steps', () => {
  const STEP_NAMES = ['build', 'test:unit', 'test:runtimes', 'docs', 'lint', 'check:package', 'bench:smoke', 'typecheck', 'check:docs'];
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A folder of the runner and a step script: step `name` runs `behaviours[name]` (JavaScript) between its
   * log lines. The runner starts each step with `npm run --silent <name>`; here `npm` is a stand-in that runs
   * the step script in the same process (a real npm costs about half a second of CPU a step, and the whole
   * `npm test` runs the runner with the real one).
   */
  function standIn(behaviours: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'wmspanel-runner-'));
    made.push(dir);
    mkdirSync(join(dir, 'scripts'));
    for (const name of ['test.mjs', 'system-packages.mjs']) copyFileSync(new URL(`../../scripts/${name}`, import.meta.url), join(dir, 'scripts', name));
    const log = join(dir, 'log');
    const cases = STEP_NAMES.map((name) => `  case ${JSON.stringify(name)}: { ${behaviours[name] ?? ''}; break; }`).join('\n');
    writeFileSync(
      join(dir, 'step.cjs'),
      `const fs = require('node:fs');\nconst log = ${JSON.stringify(log)};\nconst name = process.argv[2];\nfs.appendFileSync(log, \`start \${name}\\n\`);\nswitch (name) {\n${cases}\n}\nfs.appendFileSync(log, \`end \${name}\\n\`);\nconsole.log(\`output of \${name}\`);\n`,
    );
    const events = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    return { dir, events };
  }

  // node, sh, cut, the stand-in npm (`npm run --silent <name>`: its third argument), and a stand-in chromium
  // and redis-server: a PATH without them is a PATH of the tools alone.
  const tools = mkdtempSync(join(tmpdir(), 'wmspanel-tools-'));
  made.push(tools);
  for (const tool of ['node', 'sh', 'cut']) symlinkSync(`/usr/bin/${tool}`, join(tools, tool));
  writeFileSync(join(tools, 'npm'), '#!/bin/sh\nexec node "$PWD/step.cjs" "$3"\n');
  chmodSync(join(tools, 'npm'), 0o755);

  /** A step's behaviour: start a process of its own that lives a minute, write its pid to `pidFile`, and wait a minute. */
  const startsGrandchild = (pidFile: string): string =>
    `fs.writeFileSync(${JSON.stringify(pidFile)}, String(require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }).pid)); setTimeout(() => {}, 60000)`;

  const run = (dir: string, env: Record<string, string> = {}, args: string[] = []) =>
    new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
      const started = performance.now();
      const child = spawn(process.execPath, [join(dir, 'scripts', 'test.mjs'), ...args], { cwd: dir, env: { PATH: `${tools}:${fake}`, HOME: dir, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    });

  it('runs every step once, each after what it needs; exits 0; prints each output and a table with CPU times', async () => {
    const { dir, events } = standIn();
    const { code, stdout } = await run(dir);
    expect(code).toBe(0);
    const log = events();
    for (const name of STEP_NAMES) {
      expect(log.filter((line) => line === `start ${name}`)).toHaveLength(1);
      expect(stdout).toContain(`output of ${name}`);
      expect(stdout).toMatch(new RegExp(`\\n  ${name} +passed +[0-9.]+ s +[0-9.]+ s CPU\\n`));
    }
    for (const after of ['test:unit', 'test:runtimes', 'check:package', 'bench:smoke', 'check:docs']) {
      expect(log.indexOf(`start ${after}`)).toBeGreaterThan(log.indexOf('end build'));
    }
    // Two at a time, never more.
    let running = 0;
    for (const line of log) {
      running += line.startsWith('start') ? 1 : -1;
      expect(running).toBeLessThanOrEqual(2);
    }
  });

  it('a failing step fails the run (exit 1) with its output, and no step starts after it', async () => {
    const failing = "console.error('the unit tests failed here'); fs.appendFileSync(log, 'failed test:unit\\n'); process.exit(3)";
    const { dir, events } = standIn({ 'test:unit': failing });
    // One step at a time, so that what runs after the failure is known.
    const { code, stdout } = await run(dir, { WMSPANEL_TEST_JOBS: '1' });
    expect(code).toBe(1);
    expect(stdout).toContain('✗ test:unit');
    expect(stdout).toContain('the unit tests failed here');
    expect(stdout).toMatch(/\n {2}test:unit +failed/);
    const log = events();
    expect(log).toEqual(['start build', 'end build', 'start test:unit', 'failed test:unit']);
    expect(stdout).toMatch(/\n {2}lint +not run/);
  });

  it('a step that outlives WMSPANEL_TEST_STEP_TIMEOUT_SECONDS is stopped with every process it started, and fails the run', async () => {
    const pidFile = join(tmpdir(), `wmspanel-runner-grandchild-${process.pid}`);
    const { dir } = standIn({ 'test:unit': startsGrandchild(pidFile) });
    // The step alone: under load, npm alone can take a second to start a step.
    const { code, stdout, ms } = await run(dir, { WMSPANEL_TEST_STEP_TIMEOUT_SECONDS: '3' }, ['test:unit']);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ test:unit');
    expect(stdout).toContain('stopped after 3.0 s (WMSPANEL_TEST_STEP_TIMEOUT_SECONDS)');
    // The timeout fired (not the step ending by itself): the grandchild had started.
    expect(existsSync(pidFile)).toBe(true);
    expect(ms).toBeLessThan(30_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    rmSync(pidFile, { force: true });
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 10_000, interval: 50 });
  });

  it('stopped by SIGTERM, it stops every process of the running steps, starts no other, and exits 143', async () => {
    const pidFile = join(tmpdir(), `wmspanel-runner-signalled-${process.pid}`);
    const { dir, events } = standIn({ 'test:unit': startsGrandchild(pidFile) });
    const child = spawn(process.execPath, [join(dir, 'scripts', 'test.mjs'), 'test:unit', 'lint'], { cwd: dir, env: { PATH: `${tools}:${fake}`, HOME: dir, WMSPANEL_TEST_JOBS: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await vi.waitFor(() => expect(existsSync(pidFile)).toBe(true), { timeout: 20_000, interval: 50 });
    await vi.waitFor(() => expect(readFileSync(pidFile, 'utf8')).not.toBe(''), { timeout: 5_000, interval: 20 });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    rmSync(pidFile, { force: true });
    child.kill('SIGTERM');
    expect(await closed).toBe(143);
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 10_000, interval: 50 });
    expect(events().filter((line) => line.startsWith('start'))).toEqual(['start test:unit']);
    expect(stdout).toMatch(/\n {2}lint +not run/);
  });

  it('without the packages its steps need, it exits 1 before any step starts; steps that need neither run', async () => {
    const { dir, events } = standIn();
    const refused = await run(dir, { PATH: tools });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(installCommand(['chromium', 'redis-server']));
    expect(events()).toEqual([]);
    const lintOnly = await run(dir, { PATH: tools }, ['lint', 'typecheck']);
    expect([lintOnly.code, lintOnly.stderr]).toEqual([0, '']);
    expect(events()).toEqual(expect.arrayContaining(['start lint', 'end lint', 'start typecheck', 'end typecheck']));
  });
});
