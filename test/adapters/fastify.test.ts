// The Fastify plugin's own promises: any content type reaches the receiver, the application's parsers
// outside the plugin's scope are untouched, and misconfiguration surfaces at registration.
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { wmspanelPlugin } from '../../src/adapters/fastify.js';
import { NOW, TOKEN, genuine } from '../helpers.js';
import { post } from './client.js';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(options: Record<string, unknown> = {}) {
  const handled: unknown[] = [];
  const app = Fastify();
  apps.push(app);
  app.post('/app-json', async (request) => ({ echoed: request.body }));
  await app.register(wmspanelPlugin as never, { path: '/wmspanel', token: TOKEN, now: () => NOW, onNotification: (n: unknown) => void handled.push(n), ...options });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { base: address, handled };
}

describe('wmspanelPlugin on Fastify 5', () => {
  it.each(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/vnd.wmspanel+json', undefined])(
    'a genuine notification sent as %s is handled (Fastify alone answers 415 to types it has no parser for)',
    async (contentType) => {
      const { base, handled } = await start();
      const answer = await post(`${base}/wmspanel`, JSON.stringify(genuine()), contentType === undefined ? {} : { headers: { 'content-type': contentType } });
      expect([answer.status, answer.text]).toEqual([200, '{"received":true}']);
      expect(handled).toHaveLength(1);
    },
  );

  it("leaves the application's own parsers alone: a JSON route elsewhere still parses JSON, and still refuses text/plain", async () => {
    const { base } = await start();
    const json = await post(`${base}/app-json`, '{"a":1}', { headers: { 'content-type': 'application/json' } });
    expect(json.json).toEqual({ echoed: { a: 1 } });
    expect((await post(`${base}/app-json`, 'x', { headers: { 'content-type': 'text/plain; charset=utf-8' } })).status).toBe(200);
    expect((await post(`${base}/app-json`, 'x', { headers: { 'content-type': 'application/x-unknown' } })).status).toBe(415);
  });

  it('answers other methods 405 with Allow: POST, and an XML body 415 XML_NOT_SUPPORTED', async () => {
    const { base } = await start();
    const get = await fetch(`${base}/wmspanel`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const xml = await post(`${base}/wmspanel`, '<ApiSyncRequest/>', { headers: { 'content-type': 'application/xml' } });
    expect(xml.json).toMatchObject({ error: { code: 'XML_NOT_SUPPORTED' } });
  });

  it('enforces maxBodyBytes itself (Fastify does not, for a body left unread): 413', async () => {
    const { base } = await start({ maxBodyBytes: 1000 });
    const answer = await post(`${base}/wmspanel`, JSON.stringify({ ...genuine(), padding: 'x'.repeat(5000) }), { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
  });

  it('a misconfiguration is a TypeError at registration', async () => {
    const app = Fastify();
    apps.push(app);
    await expect(app.register(wmspanelPlugin as never, { onNotification: () => undefined }).ready()).rejects.toThrow(/options\.token/);
    const other = Fastify();
    apps.push(other);
    await expect(other.register(wmspanelPlugin as never, { token: TOKEN, onNotification: () => undefined, path: 'no-slash' }).ready()).rejects.toThrow(TypeError);
  });
});
