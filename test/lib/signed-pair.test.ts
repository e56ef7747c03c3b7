// The signature of stream notifications and pay-per-view syncs: MD5(ID + Puzzle + token), base64
// (src/lib/signed-pair.ts).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSignature, verifySignature } from '../../src/index.js';
import { TOKEN } from '../helpers.js';
import vectors from '../fixtures/signature-vectors.json' with { type: 'json' };

describe('computeSignature(id, puzzle, token)', () => {
  it.each(vectors)('matches OpenSSL for id $id', ({ id, puzzle, token, signature }) => {
    expect(computeSignature(id, puzzle, token)).toBe(signature);
  });

  it('matches node:crypto on random input, non-ASCII and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (id, puzzle, token) => {
        const expected = createHash('md5').update(id + puzzle + token, 'utf8').digest('base64');
        return computeSignature(id, puzzle, token) === expected;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('verifySignature({ id, puzzle, signature }, token)', () => {
  const ID = '5c6b2a4e-7f1d-4a8e-9b3c-2d1e0f9a8b7c';
  const PUZZLE = '0f3d2c1b-4a5e-6f70-8192-a3b4c5d6e7f8';
  const signed = { id: ID, puzzle: PUZZLE, signature: computeSignature(ID, PUZZLE, TOKEN) };

  it('is true for the right token, also among several while rotating, and for upper-case UUIDs', () => {
    expect(verifySignature(signed, TOKEN)).toBe(true);
    expect(verifySignature(signed, ['new-token', TOKEN])).toBe(true);
    const upper = { id: ID.toUpperCase(), puzzle: PUZZLE.toUpperCase() };
    expect(verifySignature({ ...upper, signature: computeSignature(upper.id, upper.puzzle, TOKEN) }, TOKEN)).toBe(true);
  });

  it.each([
    ['another token', signed, 'other'],
    ['no signature', { id: ID, puzzle: PUZZLE }, TOKEN],
    ['no puzzle', { id: ID, signature: signed.signature }, TOKEN],
    ['a garbage signature', { ...signed, signature: '!!' }, TOKEN],
    ['an empty token list', signed, []],
    ['null', null, TOKEN],
    ['an ID that is not a UUID, rightly signed', { id: 'an-id', puzzle: PUZZLE, signature: computeSignature('an-id', PUZZLE, TOKEN) }, TOKEN],
    ['a Puzzle that is not a UUID, rightly signed', { id: ID, puzzle: 'p', signature: computeSignature(ID, 'p', TOKEN) }, TOKEN],
    ['the boundary moved by one character', { id: ID + PUZZLE[0], puzzle: PUZZLE.slice(1), signature: signed.signature }, TOKEN],
    ['a Solution as signature (ID + Puzzle spelling a Puzzle)', { id: PUZZLE.slice(0, 8), puzzle: PUZZLE.slice(8), signature: computeSignature(PUZZLE, '', TOKEN) }, TOKEN],
  ])('is false, never a throw, for %s', (_name, notification, token) => {
    expect(verifySignature(notification as never, token as never)).toBe(false);
  });

  it('property: sign then verify holds for UUIDs; another id, puzzle or token fails; no other cut of ID + Puzzle verifies', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 71 }), (id, puzzle, other, token, change, cut) => {
        const signature = computeSignature(id, puzzle, token);
        const joined = id + puzzle;
        return (
          verifySignature({ id, puzzle, signature }, token) &&
          (other === id || !verifySignature({ id: other, puzzle, signature }, token)) &&
          (other === puzzle || !verifySignature({ id, puzzle: other, signature }, token)) &&
          !verifySignature({ id, puzzle, signature }, token + change) &&
          (cut === 36 || !verifySignature({ id: joined.slice(0, cut), puzzle: joined.slice(cut), signature }, token))
        );
      }),
      { numRuns: 1000 },
    );
  });
});
