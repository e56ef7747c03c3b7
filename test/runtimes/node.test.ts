import { copyFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { NODES, fixture, join, runScript } from './run.js';

const consumer = inject('consumer');
for (const file of ['checks.cjs', 'cjs.cjs', 'esm.mjs', 'node-servers.mjs']) copyFileSync(fixture(file), join(consumer, file));

describe.each(NODES)('Node %s, the package installed from its tarball', (version, node) => {
  it(`runs on Node ${version}`, () => {
    expect(runScript(node, ['--version'], consumer).stdout).toMatch(new RegExp(`^v${version}\\.`));
  });

  it.each(['cjs.cjs', 'esm.mjs'])('%s loads the root and every subpath, one NotificationError class across them', (file) => {
    const { code, stdout, stderr } = runScript(node, [file], consumer);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ok: true, format: file.endsWith('.cjs') ? 'cjs' : 'esm' });
  });

  it('the express and node adapters answer 200 for a genuine notification and 401 for a tampered one', () => {
    const { code, stdout, stderr } = runScript(node, ['node-servers.mjs'], consumer);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ express: [200, 401], node: [200, 401] });
  });

  it('the installed bin signs a body that verify accepts', () => {
    const bin = join(consumer, 'node_modules', '.bin', 'wmspanel-notifications');
    const signed = runScript(node, [bin, 'sign', '--token', 'k'], consumer);
    expect(signed.code).toBe(0);
    const verified = runScript(node, [bin, 'verify', '--token', 'k'], consumer, {}, signed.stdout);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ server: 'edge1.example.com', status: 'offline' });
    const forged = runScript(node, [bin, 'verify', '--token', 'other'], consumer, {}, signed.stdout);
    expect(forged).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID_DIGEST/) });
  });
});
