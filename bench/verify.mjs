// One comparison per process: `node bench/verify.mjs <subject>` prints {"subject", "opsPerSecond"}.
// Every subject verifies a body of the same size as a typical WMSPanel notification, in its own scheme.
import { opsPerSecond, report } from './harness.mjs';

const subject = process.argv[2];
const token = 'wmspanel-token-0123456789abcdef';
const secretBytes = Buffer.from('0123456789abcdef0123456789abcdef');
const time = new Date().toISOString().slice(0, 19).replace('T', ' ') + ' UTC';

async function build() {
  switch (subject) {
    case 'wmspanel-notifications': {
      const { computeDigest, verifyNotification } = await import('../dist/index.js');
      const body = JSON.stringify({ time, digest: computeDigest(time, token), server: 'edge1.example.com', status: 'offline' });
      const options = { token };
      return { bytes: body.length, fn: () => verifyNotification(body, options) };
    }
    case 'wmspanel-notifications (parsed object)': {
      const { computeDigest, verifyNotification } = await import('../dist/index.js');
      const body = { time, digest: computeDigest(time, token), server: 'edge1.example.com', status: 'offline' };
      const options = { token };
      return { bytes: JSON.stringify(body).length, fn: () => verifyNotification(body, options) };
    }
    default:
      break;
  }
  // Peers sign a body of the same length, then verify it their way.
  const body = JSON.stringify({ time, digest: 'x'.repeat(32), server: 'edge1.example.com', status: 'offline' });
  switch (subject) {
    case '@octokit/webhooks-methods': {
      const { sign, verify } = await import('@octokit/webhooks-methods');
      const signature = await sign(token, body);
      return { bytes: body.length, fn: () => verify(token, body, signature) };
    }
    case 'standardwebhooks': {
      const { Webhook } = await import('standardwebhooks');
      const wh = new Webhook(secretBytes.toString('base64'));
      const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
      headers['webhook-signature'] = wh.sign('msg_1', new Date(), body);
      return { bytes: body.length, fn: () => wh.verify(body, headers) };
    }
    case 'svix': {
      const { Webhook } = await import('svix');
      const wh = new Webhook(`whsec_${secretBytes.toString('base64')}`);
      const headers = { 'svix-id': 'msg_1', 'svix-timestamp': String(Math.floor(Date.now() / 1000)) };
      headers['svix-signature'] = wh.sign('msg_1', new Date(), body);
      return { bytes: body.length, fn: () => wh.verify(body, headers) };
    }
    case 'stripe': {
      const { default: Stripe } = await import('stripe');
      const stripe = new Stripe('sk_test_x');
      const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'x', data: { s: 'x'.repeat(Math.max(0, body.length - 60)) } });
      const header = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_test' });
      return { bytes: payload.length, fn: () => stripe.webhooks.constructEvent(payload, header, 'whsec_test') };
    }
    default:
      throw new Error(`unknown subject ${subject}`);
  }
}

const { fn, bytes } = await build();
await fn(); // fails loudly here if the setup is wrong, rather than measuring a throw
report({ subject, bytes, opsPerSecond: await opsPerSecond(fn) });
