// The suite's own assertion helpers: each must fail when what it asserts is false, or the tests built on it
// could not fail either.
import { describe, expect, it } from 'vitest';
import { NotificationError } from '../src/index.js';
import { expectCode, throwsOnlyNotificationErrors } from './helpers.js';

const refuse = (): never => {
  throw new NotificationError('INVALID_DIGEST', 'refused');
};

describe('expectCode', () => {
  it('returns the NotificationError thrown with the code', () => {
    const error = expectCode(refuse, 'INVALID_DIGEST');
    expect([error.code, error.message]).toEqual(['INVALID_DIGEST', 'refused']);
  });

  it.each([
    ['returns', () => 'fine', /but it returned/],
    ['throws another code', refuse, /expected a NotificationError STALE_NOTIFICATION, got INVALID_DIGEST/],
    ['throws something else', () => { throw new Error('boom'); }, /got Error: boom/],
  ])('fails when the function %s', (_, run, message) => {
    expect(() => expectCode(run, 'STALE_NOTIFICATION')).toThrow(message);
  });

  it('resolves to the error a returned promise rejects with', async () => {
    const error = await expectCode(async () => refuse(), 'INVALID_DIGEST');
    expect(error).toBeInstanceOf(NotificationError);
  });

  it.each([
    ['resolves', async () => 'fine', /but the promise resolved/],
    ['rejects with another code', async () => refuse(), /got INVALID_DIGEST/],
    ['rejects with something else', () => Promise.reject(new TypeError('nope')), /got TypeError: nope/],
  ])('rejects when the promise %s', async (_, run, message) => {
    await expect(expectCode(run, 'BODY_TOO_LARGE')).rejects.toThrow(message);
  });

  it.fails('an async check that is never awaited fails its test', () => {
    void expectCode(async () => refuse(), 'INVALID_DIGEST');
  });
});

describe('throwsOnlyNotificationErrors', () => {
  it('lets a NotificationError and a return pass, and rethrows anything else', () => {
    expect(() => throwsOnlyNotificationErrors(refuse)(1)).not.toThrow();
    expect(() => throwsOnlyNotificationErrors(() => 1)(1)).not.toThrow();
    expect(() => throwsOnlyNotificationErrors(() => { throw new RangeError('x'); })(1)).toThrow(RangeError);
    const lookAlike = Object.assign(new Error('x'), { name: 'NotificationError', code: 'INVALID_DIGEST', status: 401 });
    expect(() => throwsOnlyNotificationErrors(() => { throw lookAlike; })(1)).toThrow('x');
  });
});
