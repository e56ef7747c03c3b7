// The body-parser combinations users write in front of the notification route: the adapters must accept
// a genuine notification whatever ran before them, since the digest covers only the `time` field.
import { afterEach, describe, expect, it } from 'vitest';
import { genuine } from '../helpers.js';
import { kit as kitNamed, kits, type Kit } from '../kits.js';
import { post, record } from './client.js';
import { startExpress, startKoa, targets, type ExpressParser, type KoaParser, type Running } from './servers.js';
import { createTestPayPerViewSync } from '../../src/testing.js';
import { TOKEN } from '../helpers.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const CONTENT_TYPES = [undefined, 'application/json', 'text/plain', 'application/octet-stream'];

/** Starts a server, then checks that a genuine notification is handled and a forged one refused. */
async function acceptsGenuineRefusesForged(start: (options: ReturnType<typeof record>['options']) => Promise<Running>, contentType?: string) {
  const { options, handled } = record();
  const server = await start(options);
  running.push(server);
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  expect((await post(server.url, JSON.stringify(genuine()), { headers })).status).toBe(200);
  expect(handled).toHaveLength(1);
  expect(handled[0]?.server).toBe('edge1.example.com');
  expect((await post(server.url, JSON.stringify(genuine({}, 'wrong')), { headers })).status).toBe(401);
}

/** The same for every other kind, through its kit. */
async function kitAcceptsGenuineRefusesForged(kit: Kit, start: (options: ReturnType<typeof record>['options']) => Promise<Running>, contentType?: string) {
  const handled: unknown[] = [];
  const server = await start(record(kit.options(handled) as never).options);
  running.push(server);
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  const body = kit.genuine();
  const answer = await post(server.url, body, { headers });
  expect(answer.status).toBe(200);
  expect(answer.json).toEqual(kit.accepted(body));
  expect(handled).toHaveLength(1);
  expect((await post(server.url, kit.forged(), { headers })).json).toMatchObject({ error: { code: kit.forgedCode } });
}

/** Every kit but server status's, which the tables above send on their own. */
const otherKits = kits.filter((other) => other.tag !== 'server-status');
const EXPRESS_PARSERS: ExpressParser[] = ['none', 'json', 'text', 'raw', 'app-json', 'app-json-all-types', 'json-after'];

describe.each([4, 5] as const)('Express %i', (version) => {
  describe.each(EXPRESS_PARSERS)('with body parser: %s', (parser) => {
    it.each(CONTENT_TYPES)('accepts a genuine notification sent as %s, and refuses a tampered one', (contentType) =>
      acceptsGenuineRefusesForged((options) => startExpress(version, options, parser), contentType),
    );
    describe.each(otherKits)('$name', (kit) => {
      it.each(CONTENT_TYPES)('accepts a genuine one sent as %s, and refuses a forged one', (contentType) =>
        kitAcceptsGenuineRefusesForged(kit, (options) => startExpress(version, options, parser), contentType),
      );
    });
  });

  it("after express.json(), an invalid JSON body gets the parser's own 400, not a hang or a 500", async () => {
    const server = await startExpress(version, record().options, 'json');
    running.push(server);
    const answer = await post(server.url, '{"time": nope', { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ fromErrorHandler: true });
  });

  it("after express.json({ limit }), a body over the parser's limit gets the parser's own 413", async () => {
    const server = await startExpress(version, record().options, 'json');
    running.push(server);
    const big = JSON.stringify({ ...genuine(), padding: 'x'.repeat(200_000) });
    const answer = await post(server.url, big, { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ fromErrorHandler: true });
  });
});

const KOA_PARSERS: KoaParser[] = ['none', '@koa/bodyparser', 'koa-bodyparser', '@koa/bodyparser-after', 'koa-bodyparser-after'];

describe.each([2, 3] as const)('Koa %i', (version) => {
  describe.each(KOA_PARSERS)('with body parser: %s', (parser) => {
    it.each(CONTENT_TYPES)('accepts a genuine notification sent as %s, and refuses a tampered one', (contentType) =>
      acceptsGenuineRefusesForged((options) => startKoa(version, options, parser), contentType),
    );
    describe.each(otherKits)('$name', (kit) => {
      it.each(CONTENT_TYPES)('accepts a genuine one sent as %s, and refuses a forged one', (contentType) =>
        kitAcceptsGenuineRefusesForged(kit, (options) => startKoa(version, options, parser), contentType),
      );
    });
  });
});

// What docs/adapters.md says of app-wide parsers: their own size limit comes before the adapter's, and a
// pay-per-view sync lists every viewer (the kit's Nimble shape: about 150 bytes a viewer).
describe('a pay-per-view sync over the size limit of an app-wide body parser', () => {
  const kit = kitNamed('pay-per-view sync');
  /** A genuine sync of `viewers` players, all denied by the kit's callback. */
  const sync = (viewers: number) =>
    createTestPayPerViewSync({ token: TOKEN, players: Array.from({ length: viewers }, (_, i) => ({ id: `viewer-${i}` })) }).body;
  const start = <T>(run: (options: ReturnType<typeof record>['options']) => Promise<T>) => run(record(kit.options([]) as never).options);
  const json = { headers: { 'content-type': 'application/json' } };

  it('2,000 viewers are about 150 bytes each: 300 kB, over express.json()\'s 100 kB; 7,500 are over the 1 MB of the Koa parsers', () => {
    expect(sync(2000).length / 2000).toBeGreaterThan(140);
    expect(sync(2000).length / 2000).toBeLessThan(160);
    expect(sync(2000).length).toBeGreaterThan(100 * 1024);
    expect(sync(7500).length).toBeGreaterThan(1024 * 1024);
  });

  describe.each([4, 5] as const)('Express %i', (version) => {
    it("behind app.use(express.json()), 2,000 viewers get express.json()'s own 413", async () => {
      const server = await start((options) => startExpress(version, options, 'app-json'));
      running.push(server);
      expect((await post(server.url, sync(2000), json)).status).toBe(413);
    });

    it('with app.post(path, middleware) before app.use(express.json()), 2,000 viewers are answered with the deny list', async () => {
      const server = await start((options) => startExpress(version, options, 'json-after'));
      running.push(server);
      const body = sync(2000);
      const answer = await post(server.url, body, json);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual(kit.accepted(body));
    });
  });

  describe.each([2, 3] as const)('Koa %i', (version) => {
    it.each(['@koa/bodyparser', 'koa-bodyparser'] as const)("behind %s, 7,500 viewers get the parser's own 413", async (parser) => {
      const server = await start((options) => startKoa(version, options, parser));
      running.push(server);
      expect((await post(server.url, sync(7500), json)).status).toBe(413);
      expect(server.frameworkErrors).toMatchObject([{ status: 413 }]);
    });

    it.each(['@koa/bodyparser', 'koa-bodyparser'] as const)('with the route middleware before %s, 7,500 viewers are answered with the deny list', async (parser) => {
      const server = await start((options) => startKoa(version, options, `${parser}-after`));
      running.push(server);
      const body = sync(7500);
      const answer = await post(server.url, body, json);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual(kit.accepted(body));
    });
  });

  it("Fastify: the plugin's route reads 7,500 viewers itself, past the 1 MiB bodyLimit that refuses them on an application JSON route", async () => {
    const server = await start((options) => targets.find((target) => target.name === 'fastify 5')!.start(options));
    running.push(server);
    const body = sync(7500);
    const answer = await post(server.url, body, json);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(kit.accepted(body));
    expect((await post(server.url.replace(/\/wmspanel$/, '/app-json'), body, json)).status).toBe(413);
  });
});
