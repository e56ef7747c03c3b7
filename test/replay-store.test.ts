import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore } from '../src/index.js';
import { replayKey } from '../src/replay-store.js';

describe('createMemoryReplayStore', () => {
  it('reserve(key) is true the first time and false for a replay', () => {
    const store = createMemoryReplayStore();
    expect(store.reserve('a', 1000)).toBe(true);
    expect(store.reserve('a', 1000)).toBe(false);
    expect(store.reserve('b', 1000)).toBe(true);
    expect(store.size).toBe(2);
  });

  it('a key expires after its ttl', () => {
    let now = 0;
    const store = createMemoryReplayStore({ now: () => now });
    expect(store.reserve('a', 1000)).toBe(true);
    now = 999;
    expect(store.reserve('a', 1000)).toBe(false);
    now = 1000;
    expect(store.reserve('a', 1000)).toBe(true);
  });

  it('release(key) forgets it, so a retry after a failed handler is processed', () => {
    const store = createMemoryReplayStore();
    expect(store.reserve('a', 1000)).toBe(true);
    store.release('a');
    expect(store.reserve('a', 1000)).toBe(true);
  });

  it('never holds more than maxEntries, dropping expired keys first and then the oldest', () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 3, now: () => now });
    store.reserve('short', 10);
    store.reserve('b', 1000);
    store.reserve('c', 1000);
    now = 20;
    store.reserve('d', 1000); // 'short' has expired: it goes, not 'b'
    expect(store.size).toBe(3);
    expect(store.reserve('b', 1000)).toBe(false);
    store.reserve('e', 1000); // full of live keys: the oldest ('b') goes
    expect(store.size).toBe(3);
    expect(store.reserve('c', 1000)).toBe(false);
    expect(store.reserve('b', 1000)).toBe(true);
    for (let i = 0; i < 10_000; i++) store.reserve(`k${i}`, 1000);
    expect(store.size).toBe(3);
  });

  it('an Infinity ttl never expires', () => {
    let now = 0;
    const store = createMemoryReplayStore({ now: () => now });
    store.reserve('a', Infinity);
    now = Number.MAX_SAFE_INTEGER;
    expect(store.reserve('a', Infinity)).toBe(false);
  });

  it.each([0, -1, 1.5, Number.NaN, '10'])('maxEntries %s is a TypeError', (maxEntries) => {
    expect(() => createMemoryReplayStore({ maxEntries: maxEntries as number })).toThrow(TypeError);
  });
});

describe('replayKey', () => {
  const base = { digest: 'ab'.repeat(16), server: 'edge1', status: 'offline' };

  it('differs for two servers going offline in the same second (same digest)', () => {
    expect(replayKey(base)).not.toBe(replayKey({ ...base, server: 'edge2' }));
  });

  it('differs by status, and cannot be confused by moving characters between status and server', () => {
    expect(replayKey(base)).not.toBe(replayKey({ ...base, status: 'online' }));
    expect(replayKey({ ...base, status: 'off', server: 'line1' })).not.toBe(replayKey({ ...base, status: 'offline', server: '1' }));
    expect(replayKey({ ...base, status: '1:a', server: 'b' })).not.toBe(replayKey({ ...base, status: '1', server: ':ab' }));
  });

  it('property: two different (digest, server, status) never share a key', async () => {
    const fc = (await import('fast-check')).default;
    const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
    const triple = fc.record({ digest: hex32, server: fc.string({ minLength: 1 }), status: fc.string({ minLength: 1 }) });
    fc.assert(
      fc.property(triple, triple, (a, b) => {
        const same = a.digest === b.digest && a.server === b.server && a.status === b.status;
        return same === (replayKey(a) === replayKey(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('ignores digest case, as verification does, so an uppercased replay is caught', () => {
    expect(replayKey({ ...base, digest: base.digest.toUpperCase() })).toBe(replayKey(base));
  });
});

describe('createMemoryReplayStore under churn', () => {
  it('a released and re-reserved key is not evicted by its old queue slot', () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 2, now: () => now });
    store.reserve('a', 1000);
    store.release('a');
    store.reserve('b', 1000);
    store.reserve('a', 1000); // 'a' again: its first slot is stale
    expect(store.size).toBe(2);
    now = 1;
    store.reserve('c', 1000); // full: the oldest live key ('b') goes, not the new 'a'
    expect(store.reserve('a', 1000)).toBe(false);
    expect(store.reserve('b', 1000)).toBe(true);
  });

  it('forgets expired keys even when it never fills up, so memory stays bounded', () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 1_000_000, now: () => now });
    for (let i = 0; i < 50_000; i++) {
      now += 10;
      store.reserve(`k${i}`, 100);
    }
    // Only the keys of the last 100 ms are alive; the rest were dropped as the clock moved on.
    expect(store.size).toBeLessThanOrEqual(11);
  });

  it('matches a simple reference model on random operations', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('reserve', 'release', 'tick'), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 50 })), {
          maxLength: 200,
        }),
        (operations) => {
          let now = 0;
          const store = createMemoryReplayStore({ maxEntries: 1000, now: () => now });
          const model = new Map<string, number>();
          for (const [operation, id, amount] of operations) {
            const key = `k${id}`;
            if (operation === 'tick') now += amount;
            else if (operation === 'release') {
              store.release(key);
              model.delete(key);
            } else {
              const fresh = !(model.has(key) && model.get(key)! > now);
              if (fresh) model.set(key, now + amount);
              if (store.reserve(key, amount) !== fresh) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});
