// md5Hex, the MD5 every digest and signature is made of (src/lib/md5.ts, src/lib/md5-core.ts), against node:crypto.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../src/lib/md5.js';

const nodeMd5 = (input: string): string => createHash('md5').update(input, 'utf8').digest('hex');

describe('md5Hex against node:crypto', () => {
  it.each([
    ['empty', ''],
    ['55 bytes: one block', 'x'.repeat(55)],
    ['56 bytes: padding spills into a second block', 'x'.repeat(56)],
    ['64 bytes', 'x'.repeat(64)],
    ['119 bytes: the padding just fits the second block', 'y'.repeat(119)],
    ['120 bytes: padding spills into a third block', 'y'.repeat(120)],
    ['two-byte UTF-8', 'é'.repeat(40)],
    ['astral plane', '😀'.repeat(30)],
    ['lone surrogates become U+FFFD', '\ud800-\udfff-\ud83d'],
    ['larger than the cached buffer', 'z'.repeat(10_000) + 'é'],
  ])('md5Hex(%s) equals createHash("md5")', (_name, input) => {
    expect(md5Hex(input)).toBe(nodeMd5(input));
  });

  it('md5Hex(s) equals createHash("md5") for random strings, non-ASCII and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => md5Hex(input) === nodeMd5(input)),
      { numRuns: 3000 },
    );
  });

  it('md5Hex(s) equals createHash("md5") for random ASCII strings of every length up to 200', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 200 }), (input) => md5Hex(input) === nodeMd5(input)),
      { numRuns: 3000 },
    );
  });

  it('a huge input does not break later small ones', () => {
    const big = 'q'.repeat(100_000);
    expect(md5Hex(big)).toBe(nodeMd5(big));
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
});

describe('md5Hex(first, second) hashes the two parts as one string', () => {
  it('equals createHash("md5") of the concatenation, non-ASCII on either side', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 120 }), (first, second) => {
        return md5Hex(first, second) === nodeMd5(first + second);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['ASCII then non-ASCII', '2014-10-16 03:13:31 UTC', 'tökén'],
    ['non-ASCII then ASCII', 'tökén', 'plain'],
    ['a surrogate pair split across the parts', '\ud83d', '\ude00'],
  ])('%s', (_name, first, second) => {
    expect(md5Hex(first, second)).toBe(nodeMd5(first + second));
  });
});
