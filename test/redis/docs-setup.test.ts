// The Redis set-up README.md and docs/replay-protection.md show, read from the Markdown and run verbatim,
// each in its own Node process behind a real HTTP server, with node-redis 5 and 6 and ioredis 5 and 6:
// a redis-server that is SIGKILLed and restarted never ends the process. The defect this guards against
// is a process exit, so only a real process can show it.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REDIS_TIMEOUT_MS } from '../../src/redis/index.js';
import { createTestNotification } from '../../src/testing.js';
import { TOKEN } from '../helpers.js';
import { REDIS_AVAILABLE, startRedis, type RedisServer } from './server.js';

const root = new URL('../../', import.meta.url).pathname;
// The clients must authenticate again on every reconnection, as in production; and whatever they log,
// the password in REDIS_URL must not show.
const PASSWORD = 'never-in-a-log-5f2c9';

/** The ```ts blocks of a Markdown document that set up the Redis replay store with `client` (its import). */
function setUpBlocks(document: string, client: 'redis' | 'ioredis'): string[] {
  const text = readFileSync(`${root}${document}`, 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
    .map((match) => match[1]!)
    .filter((block) => block.includes('createRedisReplayStore({ client })') && new RegExp(`^import .* from '${client}';$`, 'm').test(block));
}

// What the tests add after a block: the node:http server it leaves to the reader, on a free port.
const HARNESS = `
import { createServer as createHarnessServer } from 'node:http';
const harness = createHarnessServer((request, response) => void wmspanel(request, response));
harness.listen(0, '127.0.0.1', () => process.send?.({ port: (harness.address() as { port: number }).port }));
process.on('disconnect', () => process.exit(0));
`;

// The block imports the package by its public names; run the sources under test instead of dist/.
const fromSource: Plugin = {
  name: 'wmspanel-notifications from src',
  setup(bundler) {
    const entries: Record<string, string> = {
      'wmspanel-notifications/node': 'src/adapters/node.ts',
      'wmspanel-notifications/redis': 'src/redis/index.ts',
    };
    bundler.onResolve({ filter: /^wmspanel-notifications\// }, ({ path }) => {
      const source = entries[path];
      if (source === undefined) throw new Error(`the test does not map ${path}`);
      return { path: `${root}${source}` };
    });
  },
};

const written: string[] = [];

/** Bundles `block` and the harness into .tmp/ (inside the repository, so it finds node_modules). */
async function bundle(name: string, block: string, alias: Record<string, string>): Promise<string> {
  mkdirSync(`${root}.tmp`, { recursive: true });
  const entry = `${root}.tmp/redis-setup-${process.pid}-${name}.ts`;
  writeFileSync(entry, block + HARNESS);
  const outfile = entry.replace(/\.ts$/, '.mjs');
  written.push(entry, outfile);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', alias, plugins: [fromSource], outfile, logLevel: 'silent' });
  return outfile;
}

interface App {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  servers: number;
}

async function start(name: string, file: string): Promise<App> {
  const child = fork(file, [], {
    env: { ...process.env, REDIS_URL: `redis://default:${PASSWORD}@127.0.0.1:${redis.port}`, WMSPANEL_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const listening = once(child, 'message', { signal: AbortSignal.timeout(10_000) }) as Promise<[{ port: number }]>;
  const exited = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code) => reject(new Error(`${name} exited (${String(code)}) before listening:\n${output}`))),
  );
  exited.catch(() => undefined); // after it listens, an exit is the tests' to find
  const [{ port }] = await Promise.race([listening, exited]);
  return { name, url: `http://127.0.0.1:${port}/`, child, output: () => output, servers: 0 };
}

/** POSTs a genuine notification WMSPanel could send now, one never sent before. */
async function sendFresh(app: App): Promise<{ status: number; body: unknown; ms: number }> {
  const { body } = createTestNotification({ token: TOKEN, server: `${app.name.replace(/\W+/g, '-')}-${++app.servers}.example.com` });
  const started = performance.now();
  const response = await fetch(app.url, { method: 'POST', body, signal: AbortSignal.timeout(5_000) }).catch(async (error: unknown) => {
    await once(app.child, 'exit', { signal: AbortSignal.timeout(1_000) }).catch(() => undefined);
    throw new Error(`${app.name} did not answer (exit code ${String(app.child.exitCode)}); it wrote:\n${app.output()}`, { cause: error });
  });
  return { status: response.status, body: await response.json(), ms: performance.now() - started };
}

const alive = (app: App): void => {
  expect(app.child.exitCode, `${app.name} exited; it wrote:\n${app.output()}`).toBeNull();
  expect(app.child.signalCode, `${app.name} was killed; it wrote:\n${app.output()}`).toBeNull();
};

// The set-up README.md showed until the store added its own listener: a node-redis client with no
// 'error' listener, which threw on the first lost connection and ended the process.
const WITHOUT_LISTENER = `import { createClient } from 'redis';
import { createNodeHandler } from 'wmspanel-notifications/node';
import { createRedisReplayStore } from 'wmspanel-notifications/redis';

const client = await createClient({ url: process.env.REDIS_URL }).connect();
const wmspanel = createNodeHandler({
  token: process.env.WMSPANEL_TOKEN!,
  replayStore: createRedisReplayStore({ client }),
  onNotification: (n) => console.log(\`\${n.server} is \${n.status}\`),
});
`;

let redis: RedisServer;
const documented: App[] = [];
const bare: App[] = [];

beforeAll(async () => {
  if (!REDIS_AVAILABLE) return;
  redis = await startRedis({ args: ['--requirepass', PASSWORD] });
  const [nodeRedis] = setUpBlocks('docs/replay-protection.md', 'redis');
  const [ioRedis] = setUpBlocks('docs/replay-protection.md', 'ioredis');
  // A missing block is reported by the first test; the others still run.
  const launch = async (name: string, block: string | undefined, alias: Record<string, string> = {}) =>
    block === undefined ? [] : [await start(name, await bundle(name.replace(/\W+/g, '-'), block, alias))];
  const [apps, withoutListener] = await Promise.all([
    Promise.all([
      launch('redis 6', nodeRedis),
      launch('redis 5', nodeRedis, { redis: 'redis5' }),
      launch('ioredis 6', ioRedis),
      launch('ioredis 5', ioRedis, { ioredis: 'ioredis5' }),
    ]),
    Promise.all([launch('redis 6 without a listener', WITHOUT_LISTENER), launch('redis 5 without a listener', WITHOUT_LISTENER, { redis: 'redis5' })]),
  ]);
  documented.push(...apps.flat());
  bare.push(...withoutListener.flat());
}, 30_000);

afterAll(async () => {
  for (const app of [...documented, ...bare]) app.child.kill();
  await redis?.close();
  for (const file of written) rmSync(file, { force: true });
});

describe.skipIf(!REDIS_AVAILABLE)('the Redis set-up of README.md and docs/replay-protection.md, verbatim', () => {
  it('docs/replay-protection.md has a node-redis and an ioredis set-up; README.md the same node-redis one', () => {
    const nodeRedis = setUpBlocks('docs/replay-protection.md', 'redis');
    expect(nodeRedis).toHaveLength(1);
    expect(setUpBlocks('docs/replay-protection.md', 'ioredis')).toHaveLength(1);
    expect(setUpBlocks('README.md', 'redis')).toEqual(nodeRedis);
    expect(documented).toHaveLength(4);
  });

  it('a SIGKILLed redis-server: 503 REPLAY_STORE_UNAVAILABLE within timeoutMs, no process ends; restarted: 200 again', async () => {
    const apps = [...documented, ...bare];
    for (const answer of await Promise.all(apps.map(sendFresh))) expect(answer).toMatchObject({ status: 200, body: { received: true } });

    await redis.stop('SIGKILL');
    for (const answer of await Promise.all(apps.map(sendFresh))) {
      expect(answer).toMatchObject({ status: 503, body: { error: { code: 'REPLAY_STORE_UNAVAILABLE' } } });
      // The store answers within its own timeout, whatever the client does with the command meanwhile.
      expect(answer.ms).toBeLessThan(DEFAULT_REDIS_TIMEOUT_MS + 1000);
    }
    // node-redis emits 'error' when the socket closes and on each failed reconnection (every 50 ms to 2 s).
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const app of apps) alive(app);

    await redis.restart();
    await Promise.all(
      apps.map((app) =>
        vi.waitFor(async () => expect(await sendFresh(app)).toMatchObject({ status: 200, body: { received: true } }), { timeout: 8_000, interval: 50 }),
      ),
    );
    for (const app of apps) {
      alive(app);
      expect(app.output()).not.toContain(PASSWORD);
    }
    // What logged the lost connection: the documented listener, or (without one) the store's.
    for (const app of documented) expect(app.output()).toMatch(/^Redis: /m);
    for (const app of bare) expect(app.output()).toContain('wmspanel-notifications/redis:');
    expect(apps).toHaveLength(6);
  }, 20_000);
});
