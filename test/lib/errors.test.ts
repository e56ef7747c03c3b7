// NotificationError, its codes' statuses, and isNotificationError (src/lib/errors.ts).
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_ERROR_STATUS, NotificationError, isNotificationError } from '../../src/index.js';
import { hostileProxy } from '../helpers.js';

describe('NotificationError', () => {
  it.each(Object.entries(NOTIFICATION_ERROR_STATUS))('new NotificationError(%s) has status %s', (code, status) => {
    const error = new NotificationError(code as keyof typeof NOTIFICATION_ERROR_STATUS, 'message');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NotificationError');
    expect(error.status).toBe(status);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ error: { code, message: 'message' } });
  });

  it('has the documented statuses', () => {
    expect(NOTIFICATION_ERROR_STATUS).toEqual({
      INVALID_JSON: 400,
      XML_NOT_SUPPORTED: 415,
      BODY_UNREADABLE: 400,
      INVALID_NOTIFICATION: 400,
      UNKNOWN_NOTIFICATION_KIND: 400,
      INVALID_DIGEST: 401,
      INVALID_SIGNATURE: 401,
      STALE_NOTIFICATION: 401,
      UNKNOWN_SERVER: 403,
      UNKNOWN_STATUS: 403,
      UNKNOWN_SENDER: 403,
      METHOD_NOT_ALLOWED: 405,
      BODY_TIMEOUT: 408,
      NOTIFICATION_IN_PROGRESS: 409,
      BODY_TOO_LARGE: 413,
      TOO_MANY_NOTIFICATIONS_PER_TIME: 429,
      HANDLER_FAILED: 500,
      REPLAY_STORE_UNAVAILABLE: 503,
      HANDLER_TIMEOUT: 503,
    });
  });

  it('passes cause through', () => {
    const cause = new Error('inner');
    expect(new NotificationError('INVALID_JSON', 'outer', { cause }).cause).toBe(cause);
  });
});

describe('isNotificationError', () => {
  it('is true for a NotificationError and false for other errors and values', () => {
    expect(isNotificationError(new NotificationError('INVALID_DIGEST', 'x'))).toBe(true);
    expect(isNotificationError(new Error('x'))).toBe(false);
    expect(isNotificationError(null)).toBe(false);
    expect(isNotificationError('NotificationError')).toBe(false);
    expect(isNotificationError({ name: 'NotificationError', code: 'NOPE', status: 400 })).toBe(false);
    expect(isNotificationError({ name: 'NotificationError', code: 'toString', status: 400 })).toBe(false);
  });

  it('is false, and throws nothing, for a value whose reads throw (a Proxy a callback threw)', () => {
    const hostile = hostileProxy(new Error('x'));
    expect(isNotificationError(hostile)).toBe(false);
  });

  it('is true across realms and copies of the package (checks name and code)', () => {
    const foreign = runInNewContext(
      'const e = new Error("x"); e.name = "NotificationError"; e.code = "STALE_NOTIFICATION"; e.status = 401; e',
    ) as unknown;
    expect(foreign instanceof NotificationError).toBe(false);
    expect(isNotificationError(foreign)).toBe(true);
  });
});
