// Every notification kind through every adapter on a real server, and several kinds at one endpoint.
import { afterEach, describe, expect, it } from 'vitest';
import { kits } from '../kits.js';
import { post, record } from './client.js';
import { targets, type Running } from './servers.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe.each(targets)('$name adapter', (target) => {
  describe.each(kits)('$name notifications', (kit) => {
    it('handles a genuine one (200), answers its replay as a duplicate, and refuses a forged one (401)', async () => {
      const handled: unknown[] = [];
      const { options, errors } = record(kit.options(handled) as never);
      const server = await target.start(options);
      running.push(server);
      const body = kit.genuine();
      expect((await post(server.url, body)).json).toEqual({ received: true });
      expect((await post(server.url, body, { headers: { 'content-type': 'application/json' } })).json).toEqual({ received: true, duplicate: true });
      expect(handled).toHaveLength(1);
      const forged = await post(server.url, kit.forged());
      expect(forged.status).toBe(401);
      expect(forged.json).toMatchObject({ error: { code: kit.forgedCode } });
      expect(handled).toHaveLength(1);
      expect(errors).toHaveLength(1);
    });
  });

  it('receives server status and stream notifications at one endpoint, each to its own callback', async () => {
    const statuses: unknown[] = [];
    const streams: unknown[] = [];
    const { options } = record({
      onNotification: (n) => void statuses.push(n),
      onStreamNotification: (n) => void streams.push(n),
    });
    const server = await target.start(options);
    running.push(server);
    for (const kit of kits) expect((await post(server.url, kit.genuine())).status).toBe(200);
    expect(statuses).toHaveLength(1);
    expect(streams).toHaveLength(2);
    const unknown = await post(server.url, JSON.stringify({ hello: 'world' }));
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: { code: 'UNKNOWN_NOTIFICATION_KIND' } });
    const forgedStream = await post(server.url, kits[1]!.forged());
    expect(forgedStream.json).toMatchObject({ error: { code: 'INVALID_SIGNATURE' } });
  });
});
