// Starts a real redis-server on a free loopback port, with no configuration file and no persistence, and
// waits until it answers. Shared by the Redis tests (test/redis/server.ts) and the benchmark.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasRedisServer } from '../../scripts/system-packages.mjs';

export const REDIS_AVAILABLE = hasRedisServer();

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Whether a Redis on `port` answers PING (or, `locked` with a password, refuses it for want of AUTH). */
function ping(port, locked = false) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (data) => {
      reply += data.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || (locked && reply.startsWith('-NOAUTH')));
    });
    socket.write('PING\r\n');
  });
}

/** `args`: more redis-server arguments (`['--requirepass', 'pw']`, `['--maxmemory', '2mb']`). */
export async function startRedis({ args = [] } = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wmspanel-redis-'));
  let child;
  const launch = async () => {
    // Arguments only: no configuration file is read, so nothing of the system's redis.conf applies.
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no', ...args],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (!(await ping(port, args.includes('--requirepass')))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const stop = async (signal = 'SIGTERM') => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
