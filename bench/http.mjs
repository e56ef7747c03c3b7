// HTTP throughput of each adapter against its framework's bare route, with autocannon on 127.0.0.1.
// The server runs in a child process (one per subject); autocannon runs here. Every request carries a
// different genuine notification (another server name), so the replay store never short-cuts the work.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { computeDigest, formatNotificationTime } from '../dist/index.js';

const token = 'bench-token-0123456789abcdef0123';

function bodies(count) {
  const time = formatNotificationTime(Date.now());
  const digest = computeDigest(time, token);
  return Array.from({ length: count }, (_, i) => JSON.stringify({ time, digest, server: `edge${i}.example.com`, status: 'offline' }));
}

export async function measureHttp(subject, { durationSeconds, connections = 10 }) {
  const child = fork(new URL('./http-server.mjs', import.meta.url), [subject, token], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const [line] = await once(child.stdout, 'data');
  const { port } = JSON.parse(String(line));
  const payloads = bodies(100_000);
  let next = 0;
  const cpu = async () => {
    child.send('cpu');
    const [message] = await once(child, 'message');
    return message.cpuMicros;
  };
  const cpuBefore = await cpu();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections,
    duration: durationSeconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, body: payloads[next++ % payloads.length] }),
      },
    ],
  });
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
