import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
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

  it('the express, node and Fastify adapters answer 200 for a genuine notification and 401 for a tampered one', () => {
    const { code, stdout, stderr } = runScript(node, ['node-servers.mjs'], consumer);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ express: [200, 401], node: [200, 401], fastify: [200, 401] });
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

describe('what an npm user has: the installed package', () => {
  const installed = join(consumer, 'node_modules', 'wmspanel-notifications');

  it('every relative link of its README leads to a file in the package (docs/ ships with it)', () => {
    const readme = readFileSync(join(installed, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1]!).filter((link) => !/^[a-z]+:/.test(link));
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((link) => !existsSync(join(installed, link)))).toEqual([]);
  });

  it('every relative link between the docs leads to a file in the package', () => {
    const broken: string[] = [];
    for (const name of readdirSync(join(installed, 'docs')).filter((file) => file.endsWith('.md'))) {
      const text = readFileSync(join(installed, 'docs', name), 'utf8');
      for (const [, link] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (!/^[a-z]+:/.test(link!) && !existsSync(join(installed, 'docs', link!))) broken.push(`${name} -> ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('`wmspanel-notifications demo` runs the whole flow from the installed bin (npx wmspanel-notifications demo)', () => {
    const bin = join(consumer, 'node_modules', '.bin', 'wmspanel-notifications');
    const { code, stdout } = runScript(process.execPath, [bin, 'demo'], consumer);
    expect(code).toBe(0);
    expect(stdout).toContain('200 answered deny list ["unpaid-2"], Solution valid; handler not called again');
    expect(stdout).toContain('The handler ran 3 time(s) for 10 requests.');
  });
});
