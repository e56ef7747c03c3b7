// A Next.js App Router app whose one route file is the README's Fetch/Next.js block, built and started
// with `next` from this repository's node_modules and the package from the installed tarball. `next build`
// imports every route module to collect page data, typically where no secret is set (a Docker image build):
// the README's block must build without WMSPANEL_TOKEN.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { sep } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { computeDigest, formatNotificationTime } from '../../src/index.js';
import { TOKEN, freePort, join, startServer } from './run.js';

const root = new URL('../..', import.meta.url).pathname;
const consumer = inject('consumer');
const app = join(consumer, '..', 'nextjs');

/** The ```ts block under the README's `**Fetch: Next.js, ...**` heading, as it is published. */
function readmeFetchBlock(): string {
  const readme = readFileSync(join(consumer, 'node_modules', 'wmspanel-notifications', 'README.md'), 'utf8');
  const match = /^\*\*Fetch: Next\.js\b[^\n]*\n(?:[^\n]+\n)*\n```ts\n([\s\S]*?)^```$/m.exec(readme);
  if (!match) throw new Error('README.md has no ```ts block under a "**Fetch: Next.js" heading');
  return match[1]!;
}

/** The deepest folder holding both paths: Turbopack compiles nothing outside its root, symlink targets included. */
function commonRoot(a: string, b: string): string {
  const [x, y] = [a.split(sep), b.split(sep)];
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(sep) || sep;
}

// Next.js, React and the TypeScript it type-checks the route with are linked from this repository (as
// setup.ts links the frameworks), the package is the tarball the consumer project installed. With CI=1,
// Next.js fails on a missing package instead of installing it.
mkdirSync(join(app, 'app', 'api', 'wmspanel'), { recursive: true });
mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
for (const name of ['next', 'react', 'react-dom', 'typescript', '@types/react', '@types/node', 'undici-types', 'csstype']) {
  symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name), 'dir');
}
symlinkSync(join(consumer, 'node_modules', 'wmspanel-notifications'), join(app, 'node_modules', 'wmspanel-notifications'), 'dir');
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'nextjs-app', private: true }, null, 2));
writeFileSync(join(app, 'next.config.mjs'), `export default { turbopack: { root: ${JSON.stringify(commonRoot(app, root))} } };\n`);
writeFileSync(join(app, 'app', 'api', 'wmspanel', 'route.ts'), readmeFetchBlock());

const next = join(app, 'node_modules', 'next', 'dist', 'bin', 'next');
// The build's environment has no WMSPANEL_TOKEN, whatever the shell running the suite has set.
const buildEnvironment: NodeJS.ProcessEnv = { ...process.env, CI: '1', NEXT_TELEMETRY_DISABLED: '1' };
delete buildEnvironment.WMSPANEL_TOKEN;

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe("Next.js 16 App Router, the README's Fetch block as app/api/wmspanel/route.ts", () => {
  it('`next build` succeeds without WMSPANEL_TOKEN set, and lists the route', () => {
    const build = spawnSync(process.execPath, [next, 'build'], { cwd: app, env: buildEnvironment, encoding: 'utf8', timeout: 180_000 });
    const output = `${build.stdout}${build.stderr}`;
    expect(output).toMatch(/Next\.js 16\./);
    expect(output).not.toMatch(/options\.token must be/);
    expect(build.status, output).toBe(0);
    expect(output).toMatch(/\/api\/wmspanel/);
  }, 240_000);

  // Starts what the test above built.
  it('`next start` with WMSPANEL_TOKEN set: 200 for a genuine notification, 401 for a tampered one', async () => {
    expect(existsSync(join(app, '.next', 'BUILD_ID')), 'no build to start: `next build` above failed').toBe(true);
    const port = await freePort();
    const server = await startServer(
      process.execPath,
      [next, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
      app,
      { CI: '1', NEXT_TELEMETRY_DISABLED: '1', WMSPANEL_TOKEN: TOKEN },
      /Local:\s+(http:\/\/\S+)[\s\S]*Ready in/,
    );
    stops.push(server.stop);
    const time = formatNotificationTime(Date.now());
    const digest = computeDigest(time, TOKEN);
    const post = async (d: string) =>
      (await fetch(`${server.url}/api/wmspanel`, { method: 'POST', body: JSON.stringify({ time, digest: d, server: 'edge1.example.com', status: 'offline' }) }))
        .status;
    expect([await post(digest), await post((digest[0] === 'a' ? 'b' : 'a') + digest.slice(1))]).toEqual([200, 401]);
    await expect.poll(server.output).toContain('edge1.example.com is offline');
  });
});
