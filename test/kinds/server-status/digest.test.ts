import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDigest, verifyDigest } from '../../../src/index.js';
import vectors from '../../fixtures/digest-vectors.json' with { type: 'json' };

describe('computeDigest', () => {
  it.each(vectors)('computeDigest($time, $token) matches md5sum', ({ time, token, digest }) => {
    expect(computeDigest(time, token)).toBe(digest);
  });

  it('computeDigest returns 32 lowercase hex characters', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (time, token) => /^[0-9a-f]{32}$/.test(computeDigest(time, token))));
  });
});

describe('verifyDigest', () => {
  const [vector] = vectors;
  const { time, token, digest } = vector!;

  it.each(vectors)('verifyDigest({ $time }, $token) is true for the md5sum digest', (v) => {
    expect(verifyDigest({ time: v.time, digest: v.digest }, v.token)).toBe(true);
  });

  it('verifyDigest accepts an uppercase digest', () => {
    expect(verifyDigest({ time, digest: digest.toUpperCase() }, token)).toBe(true);
  });

  it('verifyDigest(notification, token) is false for a digest of another token', () => {
    expect(verifyDigest({ time, digest: computeDigest(time, 'other') }, token)).toBe(false);
  });

  /** The digest with its character at `at` replaced by what `lookAlike` makes of its char code. */
  const spoiltAt = (at: number, lookAlike: (code: number) => number) => digest.slice(0, at) + String.fromCharCode(lookAlike(digest.charCodeAt(at))) + digest.slice(at + 1);
  const firstDigit = digest.search(/[0-9]/);
  const firstLetter = digest.search(/[a-f]/);
  if (firstDigit < 0 || firstLetter < 0) throw new Error('the vector\'s digest needs a digit and a letter');

  it.each([
    ['31 characters', digest.slice(1)],
    ['33 characters', `${digest}0`],
    ['a non-hex character', `${digest.slice(0, 31)}g`],
    // Each look-alike stands where the character it folds into stands, so a decoder that folds would read the right digest.
    ['a control character where a digit was, that lowercasing by `| 0x20` folds into it', spoiltAt(firstDigit, (code) => code & ~0x20)],
    ['a fullwidth letter where its ASCII letter was, that NFKC folds into it', spoiltAt(firstLetter, (code) => code + 0xfee0)],
    ['a fullwidth digit where its ASCII digit was, that NFKC folds into it', spoiltAt(firstDigit, (code) => code + 0xfee0)],
    ['a character whose low byte is the letter that was there', spoiltAt(firstLetter, (code) => code + 0x100)],
    ['a character whose low seven bits are the digit that was there', spoiltAt(firstDigit, (code) => code + 0x80)],
    ['empty', ''],
    ['a number', 42],
    ['null', null],
    ['an array', [digest]],
  ])('verifyDigest returns false, never throws, for a digest that is %s', (_name, bad) => {
    expect(verifyDigest({ time, digest: bad as string }, token)).toBe(false);
  });

  it('verifyDigest returns false for a notification that is not an object or has no string time', () => {
    expect(verifyDigest(null as never, token)).toBe(false);
    expect(verifyDigest({ time: 5 as never, digest }, token)).toBe(false);
  });

  it('verifyDigest(notification, [old, new]) passes when any one token matches (rotation)', () => {
    expect(verifyDigest({ time, digest }, ['new-token', token])).toBe(true);
    expect(verifyDigest({ time, digest }, [token, 'new-token'])).toBe(true);
    expect(verifyDigest({ time, digest }, ['a', 'b'])).toBe(false);
    expect(verifyDigest({ time, digest }, [])).toBe(false);
  });

  it('verifyDigest works with an empty token, as a pure function', () => {
    expect(verifyDigest({ time, digest: computeDigest(time, '') }, '')).toBe(true);
  });

  it('property: a digest made by computeDigest verifies; changing time, token or digest fails', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary', minLength: 1 }),
        fc.nat(31),
        fc.integer({ min: 1, max: 15 }),
        (t, k, suffix, position, flip) => {
          const d = computeDigest(t, k);
          const flipped = d.slice(0, position) + (parseInt(d[position]!, 16) ^ flip).toString(16) + d.slice(position + 1);
          return (
            verifyDigest({ time: t, digest: d }, k) &&
            !verifyDigest({ time: t + suffix, digest: d }, k) &&
            !verifyDigest({ time: t, digest: d }, k + suffix) &&
            !verifyDigest({ time: t, digest: flipped }, k)
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
