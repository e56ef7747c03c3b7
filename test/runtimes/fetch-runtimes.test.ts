import { copyFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { BUN, DENO, TOKEN, WORKERD, fixture, freePort, genuineAndTampered, join, runScript, startServer } from './run.js';

const consumer = inject('consumer');
copyFileSync(fixture('fetch-server.ts'), join(consumer, 'fetch-server.ts'));
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe('createFetchHandler on Fetch-style runtimes, from the installed tarball', () => {
  it('Bun.serve: 200 for a genuine notification, 401 for a tampered one, a sync answered with its deny list, a playback request with its decision', async () => {
    expect(runScript(BUN, ['--version'], consumer).stdout).toMatch(/^\d+\.\d+/);
    const server = await startServer(BUN, ['fetch-server.ts'], consumer, { WMSPANEL_TOKEN: TOKEN });
    stops.push(server.stop);
    expect(await genuineAndTampered(server.url)).toEqual([200, 401, 'deny list answered', '{"return_code":200}']);
  });

  it('Deno.serve: 200 for a genuine notification, 401 for a tampered one, a sync answered with its deny list, a playback request with its decision', async () => {
    expect(runScript(DENO, ['--version'], consumer).stdout).toMatch(/^deno \d/);
    const server = await startServer(DENO, ['run', '--allow-net', '--allow-env', '--allow-read', 'fetch-server.ts'], consumer, {
      WMSPANEL_TOKEN: TOKEN,
      DENO_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
    });
    stops.push(server.stop);
    expect(await genuineAndTampered(server.url)).toEqual([200, 401, 'deny list answered', '{"return_code":200}']);
  });

  it('workerd (Cloudflare Workers), with no nodejs_compat: 200 for a genuine notification, 401 for a tampered one, a sync answered with its deny list, a playback request with its decision', async () => {
    await build({
      entryPoints: [fixture('worker.js')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      outfile: join(consumer, 'worker.bundle.js'),
      absWorkingDir: consumer,
      nodePaths: [join(consumer, 'node_modules')],
      logLevel: 'error',
    });
    const port = await freePort();
    writeFileSync(
      join(consumer, 'workerd.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.bundle.js")],
  compatibilityDate = "2025-01-01",
  bindings = [(name = "WMSPANEL_TOKEN", text = "${TOKEN}")],
);
`,
    );
    // workerd prints nothing when ready: wait for the port instead of a 'listening' line.
    const { spawn } = await import('node:child_process');
    const child = spawn(WORKERD, ['serve', 'workerd.capnp'], { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          child.on('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    );
    const url = `http://127.0.0.1:${port}/wmspanel`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await fetch(url);
        break;
      } catch {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`workerd did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(await genuineAndTampered(url)).toEqual([200, 401, 'deny list answered', '{"return_code":200}']);
  });
});
