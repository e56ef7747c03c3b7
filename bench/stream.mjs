// One comparison per process: `node bench/stream.mjs <subject>` prints {"subject", "opsPerSecond"}.
// verifyStreamNotification on a Nimble body of 1 and of 100 events, against JSON.parse of the same body:
// the floor any verifier of a JSON body pays, so the ratio says what the rest costs.
import { opsPerSecond, report } from './harness.mjs';

const subject = process.argv[2];
const token = 'wmspanel-token-0123456789abcdef';
const { createTestStreamNotification } = await import('../dist/testing.js');
const { verifyStreamNotification } = await import('../dist/index.js');

const events = Number(/(\d+) events?/.exec(subject)?.[1] ?? 1);
const { body } = createTestStreamNotification({
  token,
  events: Array.from({ length: events }, (_, i) => ({ stream: `live/stream-${i}`, action: i % 2 === 0 ? 'publish' : 'unpublish' })),
});
const options = { token };
const fn = subject.startsWith('JSON.parse') ? () => JSON.parse(body) : () => verifyStreamNotification(body, options);
fn(); // fails loudly here if the setup is wrong, rather than measuring a throw
report({ subject, bytes: body.length, opsPerSecond: await opsPerSecond(fn) });
