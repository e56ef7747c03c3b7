// verifyStreamNotification, the one-call form of the stream kind's prepared verifier. Its forgeries (another
// token, a tampered or missing signature, stale or future events) are the conformance suite's
// (conformance.test.ts, through createStreamNotificationVerifier and the receiver).
import { describe, expect, it } from 'vitest';
import { verifyStreamNotification } from '../../../src/index.js';
import { createTestStreamNotification } from '../../../src/testing.js';
import { NOW, TOKEN, codeOf, expectCode } from '../../helpers.js';

describe('verifyStreamNotification(body, options)', () => {
  const options = { token: TOKEN, now: () => NOW };

  it.each(['nimble', 'wowza'] as const)('passes a genuine %s notification and returns it', (format) => {
    const { body } = createTestStreamNotification({ token: TOKEN, format, time: NOW, events: [{ stream: 'live/a' }, { stream: 'live/b', action: 'unpublish' }] });
    const notification = verifyStreamNotification(body, options);
    expect(notification.format).toBe(format);
    expect(notification.events.map((event) => `${event.action} ${event.stream}`)).toEqual(['publish live/a', 'unpublish live/b']);
  });

  it('accepts a Wowza request (no times) whatever the clock, even one at 1970', () => {
    const wowza = createTestStreamNotification({ token: TOKEN, format: 'wowza' }).body;
    expect(codeOf(() => verifyStreamNotification(wowza, { token: TOKEN, now: () => 0 }))).toBe('passed');
  });

  it('accepts a signature under any token while rotating; refuses one under another token (INVALID_SIGNATURE) without putting that token in the error', () => {
    const { body } = createTestStreamNotification({ token: TOKEN, time: NOW });
    expect(codeOf(() => verifyStreamNotification(body, { ...options, token: ['next-token', TOKEN] }))).toBe('passed');
    const error = expectCode(() => verifyStreamNotification(body, { ...options, token: 'a-secret-token' }), 'INVALID_SIGNATURE');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('a-secret-token');
  });

  it('takes an empty token as a TypeError', () => {
    expect(() => verifyStreamNotification('{}', { token: ' ' })).toThrow(TypeError);
  });
});
