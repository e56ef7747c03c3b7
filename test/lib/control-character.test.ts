import { describe, expect, it } from 'vitest';
import { controlCharacterIndex } from '../../src/lib/control-character.js';

describe('controlCharacterIndex(text)', () => {
  it.each([
    ['https://a.example/', -1],
    ['https://a.example/\r\nSet-Cookie: x', 18],
    ['\u0000', 0],
    ['a\u007f', 1],
    ['ab\u0085', 2],
    ['a\u009fb', 1],
    // Not controls: a space, U+00A0, U+2028.
    ['a b\u00a0c\u2028', -1],
  ])('%j: %i', (text, index) => {
    expect(controlCharacterIndex(text)).toBe(index);
  });
});
