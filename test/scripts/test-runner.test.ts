// scripts/test.mjs (`npm test`) refuses to start without the Debian packages the full run needs, naming
// the command that installs them, unless WMSPANEL_TEST_ALLOW_MISSING names them.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

  it('refuses a step it does not have (exit 2), naming the steps it has', () => {
    const { code, stdout, stderr } = plan({ PATH: fake }, ['tests']);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toContain('no step named tests; the steps: build, test:unit');
  });
});
