// formatNotificationTime: a time as WMSPanel writes it in a server status notification
// (src/kinds/server-status/time.ts).
import { describe, expect, it } from 'vitest';
import { computeDigest, formatNotificationTime, parseNotification } from '../../../src/index.js';

describe('formatNotificationTime', () => {
  it.each([
    [Date.UTC(2014, 9, 16, 3, 13, 31, 999), '2014-10-16 03:13:31 UTC'],
    [new Date('2000-01-02T03:04:05Z'), '2000-01-02 03:04:05 UTC'],
    [new Date('0099-12-31T23:59:59Z'), '0099-12-31 23:59:59 UTC'],
  ])('formatNotificationTime(%s) is %s', (date, text) => {
    expect(formatNotificationTime(date)).toBe(text);
  });

  it('round-trips through parseNotification to the whole second', () => {
    const time = formatNotificationTime(1_700_000_000_123);
    const n = parseNotification({ time, digest: computeDigest(time, 't'), server: 's', status: 'offline' });
    expect(n.date.getTime()).toBe(1_700_000_000_000);
  });

  it.each([Number.NaN, new Date('nope'), Date.UTC(10_000, 0, 1)])('formatNotificationTime(%s) is a TypeError', (date) => {
    expect(() => formatNotificationTime(date)).toThrow(TypeError);
  });
});
