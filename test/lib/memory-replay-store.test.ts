// The memory replay store (src/lib/memory-replay-store.ts): its states, its bounds, and its queue under churn.
import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore, type ReplayState } from '../../src/index.js';
import { replayKey } from '../../src/kinds/server-status/kind.js';
import { createInstrumentedMemoryReplayStore } from '../../src/lib/replay-store.js';

// One delivery per call unless a test says otherwise.
let deliveries = 0;
const next = (): string => `d${++deliveries}`;

describe('createMemoryReplayStore', () => {
  it('reserve(key) is reserved the first time, in-progress while held, done once committed', () => {
    const store = createMemoryReplayStore();
    expect(store.reserve('a', 1000, 'd1')).toBe('reserved');
    expect(store.reserve('a', 1000, 'd2')).toBe('in-progress');
    store.commit('a', 1000, 'd1');
    expect(store.reserve('a', 1000, 'd3')).toBe('done');
    expect(store.reserve('b', 1000, 'd4')).toBe('reserved');
    expect(store.size).toBe(2);
  });

  it('commit(key, ttl, delivery, answer) keeps the answer: reserve gives it back as { state: "done", answer } until the ttl', () => {
    let clock = 0;
    const store = createMemoryReplayStore({ now: () => clock });
    expect(store.reserve('a', 1000, 'd1')).toBe('reserved');
    store.commit('a', 5000, 'd1', '["17"]');
    expect(store.reserve('a', 1000, 'd2')).toEqual({ state: 'done', answer: '["17"]' });
    store.commit('b', 5000, 'gone', '[]');
    expect(store.reserve('b', 1000, 'd3')).toEqual({ state: 'done', answer: '[]' });
    clock = 5001;
    expect(store.reserve('a', 1000, 'd4')).toBe('reserved');
  });

  it('a done key expires after its ttl, an in-progress one after its lease', () => {
    let now = 0;
    const store = createMemoryReplayStore({ now: () => now });
    expect(store.reserve('a', 100, 'd1')).toBe('reserved');
    store.commit('a', 1000, 'd1');
    now = 999;
    expect(store.reserve('a', 100, next())).toBe('done');
    now = 1000;
    expect(store.reserve('a', 100, 'd2')).toBe('reserved');
    now = 1099;
    expect(store.reserve('a', 100, next())).toBe('in-progress');
    now = 1100;
    expect(store.reserve('a', 100, next())).toBe('reserved');
  });

  it('release(key, delivery) forgets it, so a retry after a failed handler is processed', () => {
    const store = createMemoryReplayStore();
    expect(store.reserve('a', 1000, 'd1')).toBe('reserved');
    store.release('a', 'd1');
    expect(store.reserve('a', 1000, 'd2')).toBe('reserved');
  });

  it('release and commit by a delivery that no longer holds the key change nothing', () => {
    let now = 0;
    const store = createMemoryReplayStore({ now: () => now });
    store.reserve('a', 100, 'slow');
    now = 100; // the slow delivery's lease ran out; another takes the key
    expect(store.reserve('a', 100, 'fast')).toBe('reserved');
    store.release('a', 'slow');
    expect(store.reserve('a', 100, next())).toBe('in-progress');
    store.commit('a', 1000, 'slow');
    expect(store.reserve('a', 100, next())).toBe('in-progress');
    store.commit('a', 1000, 'fast');
    store.release('a', 'fast'); // a done key is never released
    expect(store.reserve('a', 100, next())).toBe('done');
  });

  it('commit remembers a key that was evicted or expired while it was handled', () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 1, now: () => now });
    store.reserve('a', 100, 'd1');
    store.reserve('b', 100, 'd2'); // full: 'a' is evicted
    store.commit('a', 1000, 'd1');
    expect(store.reserve('a', 100, next())).toBe('done');
    now = 500;
    store.reserve('c', 100, 'd3');
    now = 700; // the lease of 'c' has run out
    store.commit('c', 1000, 'd3');
    expect(store.reserve('c', 100, next())).toBe('done');
  });

  it('never holds more than maxEntries, dropping expired keys first and then the oldest', () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 3, now: () => now });
    store.reserve('short', 10, next());
    store.reserve('b', 1000, next());
    store.reserve('c', 1000, next());
    now = 20;
    store.reserve('d', 1000, next()); // 'short' has expired: it goes, not 'b'
    expect(store.size).toBe(3);
    expect(store.reserve('b', 1000, next())).toBe('in-progress');
    store.reserve('e', 1000, next()); // full of live keys: the oldest ('b') goes
    expect(store.size).toBe(3);
    expect(store.reserve('c', 1000, next())).toBe('in-progress');
    expect(store.reserve('b', 1000, next())).toBe('reserved');
    for (let i = 0; i < 10_000; i++) store.reserve(`k${i}`, 1000, next());
    expect(store.size).toBe(3);
  });

  it('bounds each kind\'s keys apart: a flood of sig: keys never pushes out a server status key, nor the reverse', () => {
    const store = createMemoryReplayStore({ maxEntries: 3 });
    const status = replayKey({ digest: 'a'.repeat(32), server: 'edge1.example.com', status: 'offline' });
    store.reserve(status, 1000, 'd1');
    store.commit(status, 1000, 'd1');
    store.reserve('sig:first', 1000, 'd2');
    store.commit('sig:first', 1000, 'd2', '[]');
    for (let i = 0; i < 1000; i++) store.reserve(`sig:${i}`, 1000, next());
    expect(store.reserve(status, 1000, next())).toBe('done');
    // Its own oldest went.
    expect(store.reserve('sig:first', 1000, next())).toBe('reserved');
    expect(store.size).toBe(4);
    for (let i = 0; i < 1000; i++) store.reserve(replayKey({ digest: 'b'.repeat(32), server: `edge${i}`, status: 'offline' }), 1000, next());
    expect(store.reserve('sig:999', 1000, next())).toBe('in-progress');
    expect(store.size).toBe(6);
  });

  it('counts the keys it had to drop before they expired (evicted): its window was shorter than asked', () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 2, now: () => now });
    store.reserve('sig:a', 10, next());
    store.reserve('sig:b', 1000, next());
    now = 20;
    store.reserve('sig:c', 1000, next()); // 'sig:a' had expired: not counted
    expect(store.evicted).toBe(0);
    store.reserve('sig:d', 1000, next()); // full of live keys: 'sig:b' goes before its time
    store.reserve('other', 1000, next()); // another kind's space has room
    expect(store.evicted).toBe(1);
  });

  it('keeps at most 8 named key spaces apart; further prefixes share the unnamed one, so memory stays bounded', () => {
    const { store, queueLength } = createInstrumentedMemoryReplayStore({ maxEntries: 2 });
    for (let i = 0; i < 500; i++) store.reserve(`${String.fromCharCode(97 + (i % 26))}x:${i}`, 1000, next());
    expect(store.size).toBe(18);
    expect(queueLength()).toBeLessThanOrEqual(18 * 2);
  });

  it('an Infinity ttl never expires', () => {
    let now = 0;
    const store = createMemoryReplayStore({ now: () => now });
    store.reserve('a', 100, 'd1');
    store.commit('a', Infinity, 'd1');
    now = Number.MAX_SAFE_INTEGER;
    expect(store.reserve('a', 100, next())).toBe('done');
  });

  it.each([0, -1, 1.5, Number.NaN, '10'])('maxEntries %s is a TypeError', (maxEntries) => {
    expect(() => createMemoryReplayStore({ maxEntries: maxEntries as number })).toThrow(TypeError);
  });
});

describe('createMemoryReplayStore under churn', () => {
  it('a released and re-reserved key is not evicted by its old queue slot', () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 2, now: () => now });
    store.reserve('a', 1000, 'd1');
    store.release('a', 'd1');
    store.reserve('b', 1000, next());
    store.reserve('a', 1000, next()); // 'a' again: its first slot is stale
    expect(store.size).toBe(2);
    now = 1;
    store.reserve('c', 1000, next()); // full: the oldest live key ('b') goes, not the new 'a'
    expect(store.reserve('a', 1000, next())).toBe('in-progress');
    expect(store.reserve('b', 1000, next())).toBe('reserved');
  });

  it('forgets expired keys even when it never fills up, so memory stays bounded', () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 1_000_000, now: () => now });
    for (let i = 0; i < 50_000; i++) {
      now += 10;
      store.reserve(`k${i}`, 100, next());
    }
    // Only the keys of the last 100 ms are alive; the rest were dropped as the clock moved on.
    expect(store.size).toBeLessThanOrEqual(11);
  });

  it('reserve-then-release behind a live oldest key keeps the queue bounded (it grew by one slot a call)', () => {
    const { store, queueLength } = createInstrumentedMemoryReplayStore({ maxEntries: 100 });
    store.reserve('live', 1_000_000, 'd0');
    store.commit('live', 1_000_000, 'd0');
    // Each answer kept, and compared once: an expect per call would be most of this test's time.
    const answers = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const delivery = next();
      answers.add(String(store.reserve('failing', 1000, delivery)));
      store.release('failing', delivery);
    }
    expect([...answers]).toEqual(['reserved']);
    expect(store.size).toBe(1);
    expect(queueLength()).toBeLessThanOrEqual(2 * 100 + 1);
  });

  it('matches a reference model on random operations, and its map and queue stay bounded by maxEntries', async () => {
    const fc = (await import('fast-check')).default;
    const operation = fc.tuple(
      fc.constantFrom('reserve', 'commit', 'release', 'tick'),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 1, max: 50 }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (operations, maxEntries) => {
        let now = 0;
        const { store, queueLength } = createInstrumentedMemoryReplayStore({ maxEntries, now: () => now });
        // The model holds what the store holds while nothing was evicted (6 keys fit when maxEntries >= 6).
        const model = new Map<string, { until: number; holder: string | undefined }>();
        const holders = new Map<string, string>();
        const live = (key: string) => {
          const entry = model.get(key);
          return entry !== undefined && entry.until > now ? entry : undefined;
        };
        for (const [name, id, amount] of operations) {
          const key = `k${id}`;
          const delivery = holders.get(key) ?? 'none';
          if (name === 'tick') now += amount;
          else if (name === 'release') {
            store.release(key, delivery);
            if (live(key)?.holder === delivery) model.delete(key);
          } else if (name === 'commit') {
            store.commit(key, amount, delivery);
            const entry = live(key);
            if (entry === undefined || entry.holder === delivery) model.set(key, { until: now + amount, holder: undefined });
          } else {
            const fresh = next();
            const state = store.reserve(key, amount, fresh);
            const entry = live(key);
            const expected: ReplayState = entry === undefined ? 'reserved' : entry.holder === undefined ? 'done' : 'in-progress';
            if (expected === 'reserved') {
              model.set(key, { until: now + amount, holder: fresh });
              holders.set(key, fresh);
            }
            if (maxEntries >= 6 && state !== expected) return false;
          }
          if (store.size > maxEntries || queueLength() > 2 * maxEntries + 1) return false;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});
