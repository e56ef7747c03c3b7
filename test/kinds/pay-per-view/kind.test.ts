// The receive step with onPayPerViewSync: what the conformance suite (conformance.test.ts, from the kit in
// test/kits.ts) does not check of a sync's answer: the deny list a handler returns or fails to, the token
// that signs the Solution, and replays answered byte for byte from the store (one that lost or corrupted
// the answer included).
import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore, createNotificationReceiver, type PayPerViewSync, type ReplayStore } from '../../../src/index.js';
import { createTestNotification, createTestPayPerViewSync, createTestStreamNotification } from '../../../src/testing.js';
import { TOKEN, md5Base64 } from './samples.js';

describe('the receive step with onPayPerViewSync', () => {
  const receiverWith = (onPayPerViewSync: (sync: PayPerViewSync) => unknown, extra: Record<string, unknown> = {}) =>
    createNotificationReceiver({ token: TOKEN, onPayPerViewSync: onPayPerViewSync as never, onError: () => undefined, ...extra });
  const post = (body: unknown) => ({ method: 'POST', readBody: async () => body });

  it('answers the empty deny list when the handler returns nothing, or a decision without deny', async () => {
    for (const returned of [undefined, null, {}, Promise.resolve(undefined)]) {
      const { body } = createTestPayPerViewSync({ token: TOKEN });
      const result = await receiverWith(() => returned).receive(post(body));
      expect(result.status).toBe(200);
      expect(JSON.parse(result.body).DenyList).toEqual({ ID: [] });
    }
  });

  it('makes the Solution of the puzzle as sent, even when the handler changes the sync object', async () => {
    const { body, sync } = createTestPayPerViewSync({ token: TOKEN });
    const result = await receiverWith((s) => {
      s.puzzle = 'changed';
      delete s.signature;
      return { deny: ['1'] };
    }).receive(post(body));
    expect(JSON.parse(result.body).Solution).toBe(md5Base64(sync.puzzle! + TOKEN));
  });

  it('signs the Solution with the token that signed the sync, while rotating', async () => {
    const { body, sync } = createTestPayPerViewSync({ token: 'old-token' });
    const result = await receiverWith(() => ({ deny: ['1'] }), { token: ['new-token', 'old-token'] }).receive(post(body));
    expect(JSON.parse(result.body).Solution).toBe(md5Base64(`${sync.puzzle!}old-token`));
  });

  it('answers a replay with the first deny list, without calling the handler again', async () => {
    let calls = 0;
    const receiver = receiverWith(() => ({ deny: [`call-${++calls}`] }));
    const { body } = createTestPayPerViewSync({ token: TOKEN });
    const first = await receiver.receive(post(body));
    const again = await receiver.receive(post(body));
    expect(again).toMatchObject({ outcome: 'duplicate', status: 200 });
    expect(again.body).toBe(first.body);
    expect(calls).toBe(1);
  });

  it('a replay with other players (they are not signed) is answered the first deny list too', async () => {
    let calls = 0;
    const receiver = receiverWith((sync) => ({ deny: sync.players.map((p) => `${p.id}-${++calls}`) }));
    const { body } = createTestPayPerViewSync({ token: TOKEN, players: [{ id: 'a' }] });
    const first = await receiver.receive(post(body));
    const tampered = JSON.parse(body) as { PayPerViewInfo: unknown };
    tampered.PayPerViewInfo = {};
    const again = await receiver.receive(post(JSON.stringify(tampered)));
    expect(again.body).toBe(first.body);
    expect(calls).toBe(1);
  });

  it('a store that keeps no answer: the replay gets the empty deny list with its Solution, and onError is told', async () => {
    const inner = createMemoryReplayStore();
    const forgetful: ReplayStore = {
      reserve: (key, lease, delivery) => {
        const state = inner.reserve(key, lease, delivery);
        return typeof state === 'object' ? 'done' : state;
      },
      commit: (key, ttl, delivery) => inner.commit(key, ttl, delivery),
      release: (key, delivery) => inner.release(key, delivery),
    };
    const errors: unknown[] = [];
    let calls = 0;
    const receiver = createNotificationReceiver({
      token: TOKEN,
      replayStore: forgetful,
      onPayPerViewSync: () => ({ deny: [`${++calls}`] }),
      onError: (error) => void errors.push(error),
    });
    const { body, sync } = createTestPayPerViewSync({ token: TOKEN });
    await receiver.receive(post(body));
    const again = await receiver.receive(post(body));
    expect(calls).toBe(1);
    expect(JSON.parse(again.body)).toEqual({ DenyList: { ID: [] }, Solution: md5Base64(sync.puzzle! + TOKEN) });
    expect(String(errors[0])).toMatch(/kept no answer/);
  });

  it('a store that corrupted the answer: the same, never a 500 or broken JSON', async () => {
    const inner = createMemoryReplayStore();
    const corrupting: ReplayStore = {
      reserve: (key, lease, delivery) => {
        const state = inner.reserve(key, lease, delivery);
        return typeof state === 'object' ? { state: 'done', answer: '{"not":"a list' } : state;
      },
      commit: (key, ttl, delivery, answer) => inner.commit(key, ttl, delivery, answer),
      release: (key, delivery) => inner.release(key, delivery),
    };
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({ token: TOKEN, replayStore: corrupting, onPayPerViewSync: () => ({ deny: ['1'] }), onError: (e) => void errors.push(e) });
    const { body, sync } = createTestPayPerViewSync({ token: TOKEN });
    await receiver.receive(post(body));
    const again = await receiver.receive(post(body));
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ DenyList: { ID: [] }, Solution: md5Base64(sync.puzzle! + TOKEN) });
    expect(errors).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['a bare list', ['1', '2']],
    ['a string', 'deny all'],
    ['deny as a string', { deny: '12' }],
    ['deny holding objects', { deny: [{ id: '1' }] }],
    ['a promise of a bare list', Promise.resolve(['1'])],
  ])('a handler returning %s failed (500), and its retry runs the handler again', async (_, returned) => {
    let calls = 0;
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({
      token: TOKEN,
      onPayPerViewSync: (() => {
        calls++;
        return returned;
      }) as never,
      onError: (error) => void errors.push(error),
    });
    const { body } = createTestPayPerViewSync({ token: TOKEN });
    const result = await receiver.receive(post(body));
    expect(result).toMatchObject({ outcome: 'failed', status: 500 });
    expect(result.body).not.toContain('DenyList');
    // onError: HANDLER_FAILED, with the TypeError for what the handler returned as its cause.
    expect(errors[0]).toMatchObject({ code: 'HANDLER_FAILED', cause: expect.any(TypeError) });
    await receiver.receive(post(body));
    expect(calls).toBe(2);
  });

  it('a handler that throws is 500, one that hangs is 503 HANDLER_TIMEOUT, and neither answers a deny list', async () => {
    const { body } = createTestPayPerViewSync({ token: TOKEN });
    const thrown = await receiverWith(() => {
      throw new Error('db down');
    }).receive(post(body));
    expect(thrown.status).toBe(500);
    expect(thrown.body).not.toContain('DenyList');
    const hung = await receiverWith(() => new Promise(() => undefined), { handlerTimeoutMs: 20 }).receive(post(createTestPayPerViewSync({ token: TOKEN }).body));
    expect(hung.status).toBe(503);
    expect(JSON.parse(hung.body).error.code).toBe('HANDLER_TIMEOUT');
    expect(hung.body).not.toContain('DenyList');
  });

  it('refuses an XML sync with 415 XML_NOT_SUPPORTED, and a forged one with 401', async () => {
    const receiver = receiverWith(() => undefined);
    const xml = await receiver.receive(post('<?xml version="1.0"?><ApiSyncRequest/>'));
    expect(xml.status).toBe(415);
    expect(JSON.parse(xml.body).error.code).toBe('XML_NOT_SUPPORTED');
    const forged = await receiver.receive(post(createTestPayPerViewSync({ token: TOKEN, forge: 'wrong-token' }).body));
    expect(forged.status).toBe(401);
  });

  it('dispatches syncs, stream notifications and server status at one endpoint', async () => {
    const seen: string[] = [];
    const receiver = createNotificationReceiver({
      token: TOKEN,
      onNotification: () => void seen.push('status'),
      onStreamNotification: () => void seen.push('stream'),
      onPayPerViewSync: () => void seen.push('ppv'),
    });
    await receiver.receive(post(createTestPayPerViewSync({ token: TOKEN, players: [] }).body));
    await receiver.receive(post(createTestStreamNotification({ token: TOKEN }).body));
    await receiver.receive(post(createTestNotification({ token: TOKEN }).body));
    expect(seen).toEqual(['ppv', 'stream', 'status']);
  });

  it('reads bodies up to 8 MiB by default when it receives syncs, 8 KiB otherwise; maxBodyBytes still wins', () => {
    expect(receiverWith(() => undefined).limits.maxBodyBytes).toBe(8 * 1024 * 1024);
    expect(createNotificationReceiver({ token: TOKEN, onNotification: () => undefined }).limits.maxBodyBytes).toBe(8 * 1024);
    expect(receiverWith(() => undefined, { maxBodyBytes: 1000 }).limits.maxBodyBytes).toBe(1000);
  });
});
