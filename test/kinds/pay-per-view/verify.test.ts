import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSignature, verifyPayPerViewSync } from '../../../src/index.js';
import { createTestPayPerViewSync } from '../../../src/testing.js';
import { codeOf, expectCode } from '../../helpers.js';
import { NIMBLE_SYNC, NIMBLE_TOKEN, TOKEN, WOWZA_SYNC } from './samples.js';

describe('verifyPayPerViewSync(body, { token })', () => {
  it.each([
    ['wrong-token', 'INVALID_SIGNATURE'],
    ['tampered-signature', 'INVALID_SIGNATURE'],
    ['unsigned', 'INVALID_SIGNATURE'],
  ] as const)('refuses a %s sync with %s', (forge, code) => {
    expect(codeOf(() => verifyPayPerViewSync(createTestPayPerViewSync({ token: TOKEN, forge }).body, { token: TOKEN }))).toBe(code);
  });

  it('accepts the Softvelum-format sync under any token while rotating, and never puts a token or signature in an error', () => {
    expect(verifyPayPerViewSync(NIMBLE_SYNC, { token: ['new-token', NIMBLE_TOKEN] }).players).toHaveLength(2);
    const error = expectCode(() => verifyPayPerViewSync(NIMBLE_SYNC, { token: 'another-token' }), 'INVALID_SIGNATURE');
    const text = JSON.stringify(error) + String(error);
    expect(text).toContain('INVALID_SIGNATURE');
    expect(text).not.toContain('another-token');
    expect(text).not.toContain(computeSignature('5f0d5962-33b1-5137-ae6a-32776bcabc69', '8c537e85-9684-a3b5-cbd9-bbebe952b103', 'another-token'));
  });

  it('settles the signature before it reads a single player: a forged sync\'s tree is never walked', () => {
    const { body } = createTestPayPerViewSync({ token: 'another-token' });
    let reads = 0;
    const count = (): undefined => {
      reads++;
      return undefined;
    };
    const tree = new Proxy({}, { get: count, has: () => count() !== undefined, getOwnPropertyDescriptor: count, ownKeys: () => (count(), []) });
    const parsed = { ...(JSON.parse(body) as object), PayPerViewInfo: tree };
    expectCode(() => verifyPayPerViewSync(parsed, { token: TOKEN }), 'INVALID_SIGNATURE');
    expectCode(() => verifyPayPerViewSync({ ...parsed, Signature: undefined }, { token: TOKEN }), 'INVALID_SIGNATURE');
    expectCode(() => verifyPayPerViewSync({ ...parsed, ID: 'not-a-uuid' }, { token: TOKEN }), 'INVALID_NOTIFICATION');
    expect(reads).toBe(0);
  });

  it.each([
    ['an ID that is not a UUID', { ID: '1' }, /"ID" must be a UUID/],
    ['a Puzzle that is not a UUID', { Puzzle: '42342-33434-343434-34343' }, /"Puzzle" must be a UUID/],
  ])('refuses %s with INVALID_NOTIFICATION, saying so, before the signature', (_name, change, message) => {
    const value = { ...(JSON.parse(createTestPayPerViewSync({ token: TOKEN }).body) as object), ...change };
    expect(expectCode(() => verifyPayPerViewSync(value, { token: TOKEN }), 'INVALID_NOTIFICATION').message).toMatch(message);
  });

  it('property: a signed sync verifies; another ID, Puzzle or token fails; no other cut of ID + Puzzle is taken', () => {
    // Another token: the token and more, ending as a token may (not in white space). Another cut of the
    // signed text: anywhere but after the ID.
    const suffix = fc.string({ minLength: 1 }).filter((text) => text.trimEnd() === text);
    const otherCut = fc.integer({ min: 1, max: 71 }).filter((at) => at !== 36);
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), fc.string({ minLength: 1, maxLength: 40 }), suffix, otherCut, (id, puzzle, other, token, change, cut) => {
        fc.pre(token.trim() !== '' && token.trim() === token && other !== id && other !== puzzle);
        const { body } = createTestPayPerViewSync({ token, id, puzzle });
        expect(codeOf(() => verifyPayPerViewSync(body, { token }))).toBe('passed');
        const value = JSON.parse(body) as Record<string, unknown>;
        expect(codeOf(() => verifyPayPerViewSync({ ...value, ID: other }, { token }))).toBe('INVALID_SIGNATURE');
        expect(codeOf(() => verifyPayPerViewSync({ ...value, Puzzle: other }, { token }))).toBe('INVALID_SIGNATURE');
        // The signed text cut elsewhere: the same signature, refused for the form before it is checked.
        const joined = id + puzzle;
        expect(codeOf(() => verifyPayPerViewSync({ ...value, ID: joined.slice(0, cut), Puzzle: joined.slice(cut) }, { token }))).toBe('INVALID_NOTIFICATION');
        expect(codeOf(() => verifyPayPerViewSync(body, { token: token + change }))).toBe('INVALID_SIGNATURE');
      }),
      { numRuns: 300 },
    );
  });

  it('takes a missing or empty token as a TypeError', () => {
    expect(() => verifyPayPerViewSync(WOWZA_SYNC, { token: '' })).toThrow(TypeError);
    expect(() => verifyPayPerViewSync(WOWZA_SYNC, {} as { token: string })).toThrow(TypeError);
  });
});
