// The stream kind's spec (src/kinds/stream/kind.ts) at the receive step: the age its handler is told, how
// long a replay is remembered, and its callback option. Its genuine bodies, forgeries and replays (a replay
// key on what the signature covers) through the receiver: the conformance suite (conformance.test.ts).
import { describe, expect, it } from 'vitest';
import { createNotificationReceiver, type StreamNotificationInfo } from '../../../src/index.js';
import { createTestStreamNotification } from '../../../src/testing.js';
import { NOW, TOKEN } from '../../helpers.js';
import { send as receive } from '../conformance/receive.js';

describe('the receive step with onStreamNotification', () => {
  it('tells the handler the age of the newest event, or no age for Wowza (no times)', async () => {
    const infos: StreamNotificationInfo[] = [];
    const receiver = createNotificationReceiver({ token: TOKEN, now: () => NOW + 5000, onStreamNotification: (_n, info) => void infos.push(info) });
    await receive(receiver, createTestStreamNotification({ token: TOKEN, time: NOW }).body);
    await receive(receiver, createTestStreamNotification({ token: TOKEN, format: 'wowza' }).body);
    expect(infos.map((info) => info.ageMs)).toEqual([5000, undefined]);
  });

  it('remembers a notification replayWindowSeconds from its arrival (a day by default), whatever its events\' times', async () => {
    const ttls: number[] = [];
    const options = {
      token: TOKEN,
      now: () => NOW,
      maxAgeSeconds: 600,
      onStreamNotification: () => undefined,
      replayStore: { reserve: () => 'reserved' as const, commit: (_key: string, ttlMs: number) => void ttls.push(ttlMs), release: () => undefined },
    };
    const receiver = createNotificationReceiver(options);
    await receive(receiver, createTestStreamNotification({ token: TOKEN, format: 'wowza' }).body);
    // Stamped nearly as old as maxAgeSeconds allows: its key lives as long all the same.
    await receive(receiver, createTestStreamNotification({ token: TOKEN, time: NOW - 599_000 }).body);
    await receive(createNotificationReceiver({ ...options, replayWindowSeconds: 7200 }), createTestStreamNotification({ token: TOKEN, time: NOW }).body);
    expect(ttls).toEqual([86_400_000, 86_400_000, 7_200_000]);
    expect(() => createNotificationReceiver({ ...options, replayWindowSeconds: 0 })).toThrow(/replayWindowSeconds/);
  });

  it('needs at least one callback, and each given one must be a function', () => {
    expect(() => createNotificationReceiver({ token: TOKEN } as never)).toThrow(/onNotification/);
    expect(() => createNotificationReceiver({ token: TOKEN, onStreamNotification: 'log' } as never)).toThrow(/onStreamNotification must be a function/);
  });
});
