import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSignature, computeSolution, createPayPerViewResponse } from '../../../src/index.js';
import { md5Base64 } from './samples.js';
import vectors from '../../fixtures/pay-per-view-vectors.json' with { type: 'json' };

describe('computeSignature and computeSolution match OpenSSL', () => {
  it.each(vectors.syncs)('for ID $id', ({ id, puzzle, token, signature, solution }) => {
    expect(computeSignature(id, puzzle, token)).toBe(signature);
    expect(computeSolution(puzzle, token)).toBe(solution);
  });

  it('computeSolution matches node:crypto on random input, non-ASCII included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (puzzle, token) => computeSolution(puzzle, token) === md5Base64(puzzle + token)),
      { numRuns: 1000 },
    );
  });
});

describe('createPayPerViewResponse({ puzzle, token, deny })', () => {
  const puzzle = 'e34b51a3-4018-4707-8afe-890409202ec8';

  it('answers the deny list as strings, each once, with the Solution (node:crypto)', () => {
    expect(createPayPerViewResponse({ puzzle, token: 'secret', deny: ['2', 1, '2', 3] })).toEqual({
      DenyList: { ID: ['2', '1', '3'] },
      Solution: md5Base64(`${puzzle}secret`),
    });
  });

  it('takes any iterable, and no deny list as an empty one; the Solution is always there', () => {
    function* ids() {
      yield 'a';
      yield 'b';
    }
    expect(createPayPerViewResponse({ puzzle, token: 'secret', deny: new Set(['x']) }).DenyList.ID).toEqual(['x']);
    expect(createPayPerViewResponse({ puzzle, token: 'secret', deny: ids() }).DenyList.ID).toEqual(['a', 'b']);
    expect(JSON.stringify(createPayPerViewResponse({ puzzle, token: 'secret' }))).toBe(`{"DenyList":{"ID":[]},"Solution":"${md5Base64(`${puzzle}secret`)}"}`);
  });

  it.each<[string, unknown]>([
    ['a string deny list (iterable by character)', { puzzle, token: 't', deny: '123' }],
    ['a number deny list', { puzzle, token: 't', deny: 5 }],
    ['an id that is an object', { puzzle, token: 't', deny: [{ id: 1 }] }],
    ['an empty id', { puzzle, token: 't', deny: [''] }],
    ['a fractional id', { puzzle, token: 't', deny: [1.5] }],
    ['no token', { puzzle, deny: [] }],
    ['an empty puzzle', { puzzle: '', token: 't' }],
    // Its Solution would sign the ID + Puzzle of a new request: the Solution oracle.
    ['a puzzle that is not a UUID (72 characters: a new ID + Puzzle)', { puzzle: `${puzzle}${puzzle}`, token: 't' }],
    ['a puzzle that is not a UUID (a placeholder)', { puzzle: '42342-33434-343434-34343', token: 't' }],
    ['nothing', undefined],
  ])('refuses %s with a TypeError', (_, options) => {
    expect(() => createPayPerViewResponse(options as never)).toThrow(TypeError);
  });
});
