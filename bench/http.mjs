// HTTP throughput of each adapter against its framework's bare route, with autocannon on 127.0.0.1.
// The server runs in a child process (one per subject); autocannon runs here. Every request carries a
// different genuine notification, so the replay store never short-cuts the work: 3000 times within the
// freshness window, 34 servers each (under the default bound of 100 notifications per time, which a
// flood of server names under one time would hit).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { computeDigest, formatNotificationTime } from '../dist/index.js';

const token = 'bench-token-0123456789abcdef0123';

const TIMES = 3000;
function bodies(count) {
  const now = Date.now();
  const signed = Array.from({ length: TIMES }, (_, i) => {
    const time = formatNotificationTime(now - i * 1000);
    return { time, digest: computeDigest(time, token) };
  });
  return Array.from({ length: count }, (_, i) => {
    const { time, digest } = signed[i % TIMES];
    return JSON.stringify({ time, digest, server: `edge${Math.floor(i / TIMES)}.example.com`, status: 'offline' });
  });
}

// On a 2-core machine the load generator and the server compete for CPU, which made ratios swing by
// 20% between runs. Where `taskset` exists, the server gets core 1 and autocannon (this thread) core 0.
const pin = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const setAffinity = (cpus) => pin && execFileSync('taskset', ['-pc', cpus, String(process.pid)], { stdio: 'ignore' });

/** `durationSeconds` of load, or (a smoke run) an `amount` of requests. */
export async function measureHttp(subject, { durationSeconds, amount, connections = 10 }) {
  const server = new URL('./http-server.mjs', import.meta.url).pathname;
  const [command, args] = pin ? ['taskset', ['-c', '1', process.execPath, server]] : [process.execPath, [server]];
  const child = spawn(command, [...args, subject, token], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const [line] = await once(child.stdout, 'data');
  const { port } = JSON.parse(String(line));
  const payloads = bodies(amount === undefined ? 100_000 : amount);
  let next = 0;
  const cpu = async () => {
    child.send('cpu');
    const [message] = await once(child, 'message');
    return message.cpuMicros;
  };
  const cpuBefore = await cpu();
  setAffinity('0');
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections,
    ...(amount === undefined ? { duration: durationSeconds } : { amount }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, body: payloads[next++ % payloads.length] }),
      },
    ],
  });
  setAffinity('0-1');
  const cpuMicros = (await cpu()) - cpuBefore;
  child.kill('SIGTERM');
  const non2xx = result.non2xx + result.errors + result.timeouts;
  if (non2xx > 0) throw new Error(`${subject}: ${non2xx} requests failed or were not 2xx`);
  return {
    subject,
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    cpuMicrosPerRequest: cpuMicros / result.requests.total,
  };
}
