// The receive lifecycle around the user's own code and the replay store, on every adapter and real
// servers: no hook can crash or hang the process, no notification is lost to a retry, nothing hangs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOKEN, genuine } from '../helpers.js';
import { post, record, sendWholeBodyThenRead } from './client.js';
import { bareKoaTargets, targets, type Running, type Target } from './servers.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

// Unhandled rejections are collected, not left to crash the worker, and every test asserts there were none.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  // Node reports an unhandled rejection once the microtasks of the turn it happened in have run: a
  // macrotask turn later, every one of them has been reported.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/** A promise and the functions that settle it, for handlers a test releases when it chooses. */
function gate(): { promise: Promise<void>; open: () => void; fail: (error: unknown) => void } {
  let open!: () => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const NON_ERRORS: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'database down'],
  ["the string 'route'", 'route'],
  ['a plain object', { reason: 'down' }],
];

describe.each([...targets, ...bareKoaTargets])('$name: the lifecycle of a delivery', (target: Target) => {
  async function start(extra: Parameters<typeof record>[0] = {}) {
    const recorder = record(extra);
    const server = await target.start(recorder.options);
    running.push(server);
    return { ...recorder, url: server.url, frameworkErrors: server.frameworkErrors };
  }
  const bareKoa = target.name.includes('no error middleware');

  it('an onError that rejects (async) or throws never crashes the process, for refusals and for handler failures', async () => {
    for (const onError of [async () => Promise.reject(new Error('log shipper down')), () => {
      throw new Error('logger broke');
    }]) {
      const { url } = await start({
        onError,
        onNotification: () => {
          throw new Error('handler broke');
        },
      });
      expect((await post(url, 'not json')).status).toBe(400);
      expect((await fetch(url)).status).toBe(405);
      expect((await post(url, JSON.stringify(genuine({}, 'forged')))).status).toBe(401);
      expect((await post(url, JSON.stringify(genuine()))).status).toBe(500);
    }
  });

  it.each(NON_ERRORS)('onNotification rejecting with %s is answered 500, and the retry is processed', async (_name, reason) => {
    let calls = 0;
    const { url, frameworkErrors, errors } = await start({
      onNotification: () => {
        calls++;
        return calls === 1 ? Promise.reject(reason) : undefined;
      },
    });
    const body = JSON.stringify(genuine());
    const failed = await post(url, body);
    expect(failed.status).toBe(500);
    if (target.handlerFailure === 'adapter') {
      expect(failed.json).toMatchObject({ error: { code: 'HANDLER_FAILED' } });
    }
    // Express's error handler and Koa's error middleware always get an Error, the original as its cause.
    for (const error of frameworkErrors) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).cause).toBe(reason);
    }
    if (target.handlerFailure === 'framework' && !bareKoa) expect(frameworkErrors).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect((await post(url, body)).json).toEqual({ received: true });
    expect(calls).toBe(2);
  });

  it('onNotification throwing synchronously with a non-Error is answered 500', async () => {
    const { url } = await start({
      onNotification: () => {
        throw 'route';
      },
    });
    expect((await post(url, JSON.stringify(genuine()))).status).toBe(500);
  });

  it('a delivery during handling is 409 NOTIFICATION_IN_PROGRESS with Retry-After; after a failure the next is handled, after success it is a duplicate', async () => {
    const gates = [gate(), gate()];
    let calls = 0;
    const { url, handled } = await start({
      onNotification: async (notification) => {
        const current = gates[calls++];
        await current?.promise;
        handled.push(notification);
      },
    });
    const body = JSON.stringify(genuine());
    const first = post(url, body);
    await vi.waitFor(() => expect(calls).toBe(1), { interval: 5 });
    const during = await post(url, body);
    expect(during.status).toBe(409);
    expect(during.json).toMatchObject({ error: { code: 'NOTIFICATION_IN_PROGRESS' } });
    expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0);
    gates[0]!.fail(new Error('database down'));
    expect((await first).status).toBe(500);

    const second = post(url, body);
    await vi.waitFor(() => expect(calls).toBe(2), { interval: 5 });
    expect((await post(url, body)).status).toBe(409);
    gates[1]!.open();
    expect((await second).json).toEqual({ received: true });
    expect((await post(url, body)).json).toEqual({ received: true, duplicate: true });
    expect(calls).toBe(2);
    expect(handled).toHaveLength(1);
  });

  it('a handler that never settles is answered HANDLER_TIMEOUT after handlerTimeoutMs, onError is told, and the retry is handled', async () => {
    let calls = 0;
    const { url, errors, handled } = await start({
      handlerTimeoutMs: 50,
      onNotification: (notification) => {
        calls++;
        if (calls === 1) return new Promise(() => undefined);
        handled.push(notification);
        return undefined;
      },
    });
    const body = JSON.stringify(genuine());
    const started = performance.now();
    const timedOut = await post(url, body);
    expect(timedOut.status).toBe(503);
    // After handlerTimeoutMs (a timer never fires early; 1 ms for the clocks' rounding), and not much later.
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
    expect(performance.now() - started).toBeLessThan(5000);
    if (target.handlerFailure === 'adapter') expect(timedOut.json).toMatchObject({ error: { code: 'HANDLER_TIMEOUT' } });
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['HANDLER_TIMEOUT']);
    expect((await post(url, body)).json).toEqual({ received: true });
    expect(handled).toHaveLength(1);
  });

  it('a handler that rejects after its timeout does not crash the process', async () => {
    const late = gate();
    const { url } = await start({ handlerTimeoutMs: 20, onNotification: () => late.promise });
    expect((await post(url, JSON.stringify(genuine()))).status).toBe(503);
    // Rejected once the 503 is in, so after the timeout: the afterEach hook then finds no unhandled rejection.
    late.fail(new Error('late'));
  });

  it('logs a handler failure to console.error in one line without the token when no onError is given; refusals stay quiet', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { url } = await start({
        onError: undefined,
        onNotification: () => {
          throw new Error(`database down (connected with ${TOKEN})`);
        },
      });
      expect((await post(url, JSON.stringify(genuine({}, 'forged')))).status).toBe(401);
      expect((await post(url, 'nope')).status).toBe(400);
      const ours = () => logged.mock.calls.filter((call) => String(call[0]).startsWith('wmspanel-notifications'));
      expect(ours()).toEqual([]);
      expect((await post(url, JSON.stringify(genuine()))).status).toBe(500);
      expect(ours()).toHaveLength(1);
      const line = ours()[0]!.map(String).join(' ');
      expect(line).not.toContain('\n');
      expect(line).toContain('database down');
      expect(line).toContain('edge1.example.com');
      expect(line).not.toContain(TOKEN);
    } finally {
      logged.mockRestore();
    }
  });

  it('re-labelling one captured notification with many statuses runs onNotification a bounded number of times and keeps the original a duplicate', async () => {
    const { url, handled } = await start({ maxNotificationsPerTime: 20 });
    expect((await post(url, JSON.stringify(genuine()))).status).toBe(200);
    const answers: number[] = [];
    for (let i = 0; i < 100; i++) answers.push((await post(url, JSON.stringify(genuine({ status: `status-${i}` })))).status);
    expect(handled).toHaveLength(20);
    expect(answers.filter((status) => status === 429)).toHaveLength(81);
    expect((await post(url, JSON.stringify(genuine()))).json).toEqual({ received: true, duplicate: true });
  });
});

describe.each(targets)('$name: a 10 MB body', (target) => {
  it.each([
    ['with a Content-Length', false],
    ['chunked', true],
  ])('%s: a client that writes it all before it reads reads the 413 in at least 19 of 20 tries', async (_name, chunked) => {
    const { options } = record();
    const server = await target.start(options);
    running.push(server);
    const statuses: (number | string)[] = [];
    for (let i = 0; i < 20; i++) statuses.push(await sendWholeBodyThenRead(server.url, 10 * 1024 * 1024, chunked));
    expect(statuses.filter((status) => status === 413).length, `statuses: ${statuses.join(' ')}`).toBeGreaterThanOrEqual(19);
  });
});
