import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/lib/edit-distance.js';

describe('editDistance(a, b)', () => {
  it.each([
    ['', '', 0],
    ['rules', 'rules', 0],
    ['rule', 'rules', 1],
    ['rlues', 'rules', 2],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['timeout', 'time-out', 1],
  ])('%j to %j is %i (and the same the other way)', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});
