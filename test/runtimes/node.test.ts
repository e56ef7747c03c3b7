import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { NODES, fixture, join, runScript, startServer } from './run.js';

const consumer = inject('consumer');
for (const file of ['checks.cjs', 'cjs.cjs', 'esm.mjs', 'node-servers.mjs', 'advertizer.mjs']) copyFileSync(fixture(file), join(consumer, file));

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

  it('Nimble Advertizer: a scenario built and refused, the broken example files located, and the installed bin checking the scenario and the session handler an Express app serves', async () => {
    const fixtures = new URL('../fixtures/advertizer/', import.meta.url).pathname;
    const app = await startServer(process.execPath, ['advertizer.mjs'], consumer, { ADVERTIZER_FIXTURES: fixtures });
    try {
      const found = JSON.parse(app.output().split('\n')[0]!) as { scenario: { rules: { contents: unknown }[]; contents: unknown }; refused: unknown; broken: unknown };
      expect(found.scenario.contents).toEqual([
        { id: '1', uri: 'https://ads.example.com/1_240p.mp4', height: 240 },
        { id: '2', uri: 'https://ads.example.com/1_480p.mp4', height: 480 },
      ]);
      expect(found.scenario.rules[0]!.contents).toEqual([{ id: ['1', '2'], onerror: 'skip', wait: '10' }]);
      expect(found.refused).toEqual(['rules[0].contents[0].id: no content "pre-roll"']);
      expect(found.broken).toEqual({ 'radio-ads.json': '1:1', 'scte35.json': '1:1', 'red-button.json': '2:123' });
      const bin = join(consumer, 'node_modules', '.bin', 'wmspanel-notifications');
      const scenario = runScript(process.execPath, [bin, 'check', '--kind', 'advertizer-scenario', `${app.url}/advertizer/scenario.json`], consumer);
      expect(scenario.stdout).toMatch(/\npassed: 1 cases \(advertizer-scenario\)\n$/);
      expect(scenario.code).toBe(0);
      const sessions = runScript(process.execPath, [bin, 'check', '--kind', 'advertizer-session', `${app.url}/advertizer/sessions`], consumer);
      expect(sessions.stdout).toMatch(/\npassed: 5 cases \(advertizer-session\)\n$/);
      expect(sessions.code).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it('`wmspanel-notifications demo` runs the whole flow from the installed bin (npx wmspanel-notifications demo)', () => {
    const bin = join(consumer, 'node_modules', '.bin', 'wmspanel-notifications');
    const { code, stdout } = runScript(process.execPath, [bin, 'demo'], consumer);
    expect(code).toBe(0);
    expect(stdout).toContain('200 answered deny list ["unpaid-2"], Solution valid; handler not called again');
    expect(stdout).toContain('The handler ran 3 time(s) for 10 requests.');
  });
});
