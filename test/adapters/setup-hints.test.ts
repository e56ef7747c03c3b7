// The first hour: what a refusal caused by the application's own setup says, through the real adapters.
// A body a body parser mangled, a wrong token, and a parser's limit hit before the adapter ran each name
// the likely cause and the fix, and none of them quotes the body or a secret.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeDigest, computeSignature, computeSolution, isNotificationError } from '../../src/index.js';
import { createTestPayPerViewSync } from '../../src/testing.js';
import { TOKEN, genuine } from '../helpers.js';
import { kit as kitNamed, kits, type Kit } from '../kits.js';
import { post, record } from './client.js';
import { startExpress, startKoa, targets, type ExpressParser, type KoaParser, type Running } from './servers.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A kit's options, recording what it handled and what onError was told. */
function kitRecorder(kit: Kit) {
  const handled: unknown[] = [];
  const recorder = record(kit.options(handled) as never);
  return { handled, errors: recorder.errors, options: recorder.options };
}

/** Every string value of a JSON body of 6 characters or more: what a message must not quote. */
function quotedParts(body: string): string[] {
  const parts: string[] = [];
  JSON.parse(body, (_key, value: unknown) => {
    if (typeof value === 'string' && value.length >= 6) parts.push(value);
    return value;
  });
  return parts;
}

function expectNoQuote(message: string, body: string): void {
  expect(message).not.toContain('{"');
  for (const part of quotedParts(body)) expect(message).not.toContain(part);
}

const FORM_HINT = /form fields.*express\.urlencoded\(\).*mount the receiver before the parser, or let the parser skip this route/;

describe.each([4, 5] as const)('Express %i behind an app-wide express.urlencoded()', (version) => {
  describe.each(['app-urlencoded', 'app-urlencoded-extended'] as ExpressParser[])('(%s)', (parser) => {
    // A form parser's fields have no kind's shape: UNKNOWN_NOTIFICATION_KIND (as on an endpoint of several
    // kinds, below), with the hint.
    it.each(kits)('refuses a $name sent as a form with 400, naming the parser and the fix, without quoting the body', async (kit) => {
      const { options, handled, errors } = kitRecorder(kit);
      const server = await startExpress(version, options, parser);
      running.push(server);
      const body = kit.genuine();
      const answer = await post(server.url, body, { headers: FORM });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: { code: 'UNKNOWN_NOTIFICATION_KIND', message: expect.stringMatching(FORM_HINT) } });
      expectNoQuote((answer.json as { error: { message: string } }).error.message, body);
      expect(handled).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(isNotificationError(errors[0]) && errors[0].code).toBe('UNKNOWN_NOTIFICATION_KIND');
    });

    it('an endpoint of several kinds refuses a form-mangled body as UNKNOWN_NOTIFICATION_KIND with the same hint', async () => {
      const { options } = record({ onStreamNotification: () => undefined });
      const server = await startExpress(version, options, parser);
      running.push(server);
      const body = JSON.stringify(genuine());
      const answer = await post(server.url, body, { headers: FORM });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: { code: 'UNKNOWN_NOTIFICATION_KIND', message: expect.stringMatching(FORM_HINT) } });
      expectNoQuote((answer.json as { error: { message: string } }).error.message, body);
    });
  });

  it('a genuine notification sent as a form is received by a route mounted before express.urlencoded(), as the hint says', async () => {
    const { options, handled } = record();
    const server = await startExpress(version, options, 'urlencoded-after');
    running.push(server);
    expect((await post(server.url, JSON.stringify(genuine()), { headers: FORM })).status).toBe(200);
    expect(handled).toHaveLength(1);
  });
});

describe.each([2, 3] as const)('Koa %i behind a form body parser', (version) => {
  // Both parsers keep the raw text (ctx.request.rawBody), which the middleware prefers to the parsed form.
  describe.each(['@koa/bodyparser form', 'koa-bodyparser form'] as KoaParser[])('(%s)', (parser) => {
    it.each(kits)('accepts a genuine $name sent as a form', async (kit) => {
      const { options, handled } = kitRecorder(kit);
      const server = await startKoa(version, options, parser);
      running.push(server);
      const body = kit.genuine();
      const answer = await post(server.url, body, { headers: FORM });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual(kit.accepted(body));
      expect(handled).toHaveLength(1);
    });
  });
});

describe.each(targets)('$name: a body a sender or a parser turned into something else', (target) => {
  it('refuses a JSON string holding the notification (encoded twice) with 400, saying so', async () => {
    const { options, errors } = record();
    const server = await target.start(options);
    running.push(server);
    const body = JSON.stringify(genuine());
    const answer = await post(server.url, JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: { code: 'INVALID_NOTIFICATION', message: expect.stringMatching(/JSON string.*encoded twice.*send the JSON object itself/) } });
    expectNoQuote((answer.json as { error: { message: string } }).error.message, body);
    expect(isNotificationError(errors[0]) && errors[0].code).toBe('INVALID_NOTIFICATION');
  });

  it('keeps the plain message for a JSON object that is simply not a notification: no kind, named as such', async () => {
    const { options } = record();
    const server = await target.start(options);
    running.push(server);
    const answer = await post(server.url, JSON.stringify({ hello: 'world' }));
    expect(answer.json).toEqual({ error: { code: 'UNKNOWN_NOTIFICATION_KIND', message: 'Body is not a notification this endpoint receives (server status)' } });
  });
});

const signedKits = kits.filter((kit) => kit.forgedCode !== 'INVALID_NOTIFICATION');

/** The token and every value a token would produce for this body: what no message or log line may carry. */
function secretsFor(body: string): string[] {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const head = (parsed.ApiSyncRequest ?? parsed) as Record<string, string>;
  const secrets = [TOKEN];
  if (typeof parsed.time === 'string') secrets.push(computeDigest(parsed.time, TOKEN));
  if (head.ID !== undefined && head.Puzzle !== undefined) secrets.push(computeSignature(head.ID, head.Puzzle, TOKEN), computeSolution(head.Puzzle, TOKEN));
  return secrets;
}

/** An error's message and its causes' messages. */
function messagesOf(error: unknown): string {
  const parts: string[] = [];
  for (let at: unknown = error, depth = 0; at !== undefined && depth < 5; depth++) {
    parts.push(at instanceof Error ? `${at.name}: ${at.message}` : String(at));
    at = at instanceof Error ? at.cause : undefined;
  }
  return parts.join(' | ');
}

describe.each(targets)('$name: a wrong token', (target) => {
  it.each(signedKits)('a $name signed with another token is refused 401 saying where the token to compare is', async (kit) => {
    const { options, errors } = kitRecorder(kit);
    const server = await target.start(options);
    running.push(server);
    const answer = await post(server.url, kit.forged());
    expect(answer.status).toBe(401);
    const where = kit.forgedCode === 'INVALID_DIGEST' ? /Control > API setup.*Notifications API tab/ : /Control > API setup.*Global push API tab/;
    expect(answer.json).toEqual({ error: { code: kit.forgedCode, message: expect.stringMatching(where) } });
    expect(messagesOf(errors[0])).toMatch(where);
  });

  it.each(signedKits)('no answer, onError message or log line carries the token or what it would sign ($name)', async (kit) => {
    const lines: string[] = [];
    const logged = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    const warned = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    try {
      const { options, errors } = kitRecorder(kit);
      const { onError: _told, ...quietOptions } = options;
      const quiet = await target.start(quietOptions);
      const told = await target.start(options);
      running.push(quiet, told);
      const seen: string[] = [];
      for (const url of [quiet.url, told.url]) {
        const forged = kit.forged();
        const answer = await post(url, forged);
        expect(answer.status).toBe(401);
        seen.push(answer.text, ...secretsFor(forged).map((secret) => `secret:${secret}`));
      }
      const secrets = seen.filter((text) => text.startsWith('secret:')).map((text) => text.slice('secret:'.length));
      const texts = [...seen.filter((text) => !text.startsWith('secret:')), ...errors.map(messagesOf), ...lines];
      expect(errors).toHaveLength(1);
      for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
    } finally {
      logged.mockRestore();
      warned.mockRestore();
    }
  });
});

/** A realistic pay-per-view sync: 2,000 viewers over a few streams, about 305 KB. */
function realisticSync(viewers = 2000): string {
  const players = Array.from({ length: viewers }, (_, i) => ({ id: `viewer-${i}`, stream: `live/stream-${i % 7}`, ip: `198.51.100.${i % 250}` }));
  return createTestPayPerViewSync({ token: TOKEN, players }).body;
}

const payPerView = kitNamed('pay-per-view sync');

describe.each([4, 5] as const)("Express %i: a sync over an app-wide express.json()'s limit (100 kB)", (version) => {
  it('the realistic sync is over that limit', () => {
    expect(realisticSync().length).toBeGreaterThan(300_000);
  });

  it("without the middleware's error handler, the parser's 413 goes to the application's error handler: the adapter never runs", async () => {
    const { options, handled, errors } = kitRecorder(payPerView);
    const server = await startExpress(version, options, 'app-json');
    running.push(server);
    const answer = await post(server.url, realisticSync(), { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ fromErrorHandler: true });
    expect(handled).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("with middleware.errorHandler on the route's path: 413 BODY_TOO_LARGE naming the parser, its limit and the fix, and onError is told", async () => {
    const { options, handled, errors } = kitRecorder(payPerView);
    const server = await startExpress(version, options, 'app-json-error-handler');
    running.push(server);
    const answer = await post(server.url, realisticSync(), { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({
      error: {
        code: 'BODY_TOO_LARGE',
        message: expect.stringMatching(/body parser.*express\.json\(\).*102400 bytes.*mount the receiver before the parser, or raise the parser's limit/),
      },
    });
    expect(handled).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(isNotificationError(errors[0]) && errors[0].code).toBe('BODY_TOO_LARGE');
  });

  it('with middleware.errorHandler: a body express.json() could not parse is refused as the receiver refuses it (XML)', async () => {
    const { options, errors } = kitRecorder(payPerView);
    const server = await startExpress(version, options, 'app-json-error-handler');
    running.push(server);
    const answer = await post(server.url, '<?xml version="1.0"?><ApiSyncRequest/>', { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(415);
    expect(answer.json).toMatchObject({ error: { code: 'XML_NOT_SUPPORTED' } });
    expect(errors).toHaveLength(1);
  });

  it('with middleware.errorHandler: a small sync is still received, and a failing handler still reaches the application', async () => {
    const failing = record({
      onNotification: undefined,
      onPayPerViewSync: () => {
        throw new Error('billing database down');
      },
    });
    const server = await startExpress(version, failing.options, 'app-json-error-handler');
    running.push(server);
    const answer = await post(server.url, payPerView.genuine(), { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(500);
    expect(answer.json).toMatchObject({ fromErrorHandler: true, message: 'billing database down' });
  });
});

describe.each([2, 3] as const)('Koa %i: a sync behind an app-wide JSON body parser', (version) => {
  describe.each(['@koa/bodyparser', 'koa-bodyparser'] as KoaParser[])('(%s)', (parser) => {
    it('the realistic sync fits the parser\'s default jsonLimit (1 MB) and is received', async () => {
      const { options, handled } = kitRecorder(payPerView);
      const server = await startKoa(version, options, parser);
      running.push(server);
      const answer = await post(server.url, realisticSync(), { headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(200);
      expect(handled).toHaveLength(1);
    });

    it("a sync over that limit gets the parser's own 413 before the middleware runs: documented, since the adapter cannot see it", async () => {
      const { options, handled, errors } = kitRecorder(payPerView);
      const server = await startKoa(version, options, parser);
      running.push(server);
      const answer = await post(server.url, realisticSync(8000), { headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(413);
      expect(answer.json).toMatchObject({ fromErrorHandler: true });
      expect(handled).toEqual([]);
      expect(errors).toEqual([]);
    });
  });
});

describe('Fastify: the plugin reads the body in its own scope', () => {
  it("receives a 2 MB sync although the application's bodyLimit is Fastify's default 1 MiB", async () => {
    const fastify = targets.find((target) => target.name === 'fastify 5')!;
    const { options, handled } = kitRecorder(payPerView);
    const server = await fastify.start(options);
    running.push(server);
    const body = realisticSync(14_000);
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const answer = await post(server.url, body, { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(200);
    expect(handled).toHaveLength(1);
  });
});

describe.each([4, 5] as const)('Express %i: errorHandler answers only its own route', (version) => {
  it('passes on a sibling route\'s parser error, a GET\'s, and one whose headers were sent (nothing hangs, onError not told)', async () => {
    const express5 = (await import('express')).default;
    const express = version === 5 ? express5 : ((await import('express4')).default as unknown as typeof express5);
    const { createServer } = await import('node:http');
    const { createExpressMiddleware } = await import('../../src/adapters/express.js');
    const { options, errors } = record({});
    const middleware = createExpressMiddleware(options);
    const app = express();
    app.use(express.json());
    app.post('/wmspanel', middleware as never);
    app.post('/wmspanel/other', (_req: unknown, res: { json: (body: unknown) => void }) => void res.json({ other: true }));
    app.post('/wmspanel/streaming', (_req: unknown, res: import('node:http').ServerResponse, next: (error: unknown) => void) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      next(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400, body: '{bad' }));
    });
    app.use('/wmspanel', middleware.errorHandler as never);
    app.use(((error: Error & { status?: number }, _req: unknown, res: import('node:http').ServerResponse & { headersSent: boolean }, _next: unknown) => {
      if (res.headersSent) return void res.end();
      res.writeHead(error.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ fromApp: true }));
    }) as never);
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    try {
      const big = JSON.stringify({ padding: 'x'.repeat(200_000) });
      const sibling = await post(`${base}/wmspanel/other`, big, { headers: { 'content-type': 'application/json' } });
      expect(sibling.status).toBe(413);
      expect(sibling.json).toEqual({ fromApp: true });
      const bad = await post(`${base}/wmspanel/other`, '{bad json', { headers: { 'content-type': 'application/json' } });
      expect(bad.json).toEqual({ fromApp: true });
      const streaming = await post(`${base}/wmspanel/streaming`, '{}', { headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(3000) });
      expect(streaming.text).toBe('partial');
      // Its own route still gets its answer.
      const own = await post(`${base}/wmspanel`, big, { headers: { 'content-type': 'application/json' } });
      expect(own.json).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
      expect(errors).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
