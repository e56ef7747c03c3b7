import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../../src/kinds/advertizer-session/json-text.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/advertizer/${name}`, import.meta.url), 'utf8');

/** Whether the platform's JSON.parse takes `text`. */
const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('locateJsonError(text) on Softvelum\'s example files', () => {
  it.each(['video-tutorial-preroll.json', 'demo-page-ads.json', 'per-session-response.json', 'per-session-handler-request.json', 'per-session-handler-response.json'])(
    'is undefined for %s (valid JSON)',
    (name) => {
      expect(locateJsonError(fixture(name))).toBeUndefined();
    },
  );

  it('finds the prose before the object of radio-ads.json at line 1, column 1', () => {
    expect(locateJsonError(fixture('radio-ads.json'))).toEqual({
      offset: 0,
      line: 1,
      column: 1,
      hint: 'text ("The") where the value should start: prose before the object? JSON has no comments; remove the text before {',
    });
  });

  it('finds the comment of scte35.json at line 1, column 1', () => {
    expect(locateJsonError(fixture('scte35.json'))).toEqual({ offset: 0, line: 1, column: 1, hint: 'a comment (/*): JSON has no comments; remove it' });
  });

  it('finds the raw line break inside the first string of red-button.json at line 2, column 123', () => {
    // Counted by hand: line 2 is `"comment":{"This is the emulation of “big red button” push: ... right now.`,
    // 122 characters (the curly quotes are one character each, three bytes in UTF-8: `sed -n 2p | wc -m` says
    // 123 with the LF, `wc -c` 127), so the LF that ends it inside the string is column 123; line 1 is `{`
    // and its LF, so the offset is 2 + 122.
    const text = fixture('red-button.json');
    expect(text.split('\n')[1]).toHaveLength(122);
    expect(locateJsonError(text)).toEqual({ offset: 124, line: 2, column: 123, hint: 'a raw line break inside a string: escape it as \\n' });
  });
});

describe('locateJsonError(text) names the likely cause', () => {
  it.each<[string, string, number, number, string]>([
    ['an empty text', '', 1, 1, 'the text is empty'],
    ['a blank text', ' \n ', 2, 2, 'the text is blank: no value'],
    ['a byte-order mark', '\uFEFF{"contents":[]}', 1, 1, 'a byte-order mark (U+FEFF) starts the text: JSON.parse refuses it; save the file as UTF-8 without BOM'],
    ['a // comment', '{\n  // ads\n  "rules": []\n}', 2, 3, 'a comment (//): JSON has no comments; remove it'],
    ['a comment after the value', '{}\n/* end */', 2, 1, 'a comment (/*): JSON has no comments; remove it'],
    ['prose after the value', '{"rules":[]}\nThat is all.', 2, 1, 'text after the value ("That"): JSON holds one value; remove what follows it'],
    ['a second object', '{}{}', 1, 3, 'text after the value: JSON holds one value; remove what follows it'],
    ['a trailing comma in an object', '{"a": 1,\n}', 2, 1, 'a trailing comma before }: remove the comma'],
    ['a trailing comma in an array', '["hls", "sldp",]', 1, 16, 'a trailing comma before ]: remove the comma'],
    ['a single-quoted value', '{"a": \'b\'}', 1, 7, 'a single-quoted string: JSON strings and keys take double quotes (")'],
    ['a single-quoted key', "{'a': 1}", 1, 2, 'a single-quoted string: JSON strings and keys take double quotes (")'],
    ['typographic quotes', '{“a”: 1}', 1, 2, 'a typographic quote (U+201C): JSON takes the plain double quote (")'],
    ['an unquoted key', '{rules: []}', 1, 2, 'an unquoted key (rules): put keys in double quotes ("rules": ...)'],
    ['an unquoted value', '{"type": global}', 1, 10, 'an unquoted string ("global"): put text in double quotes'],
    ['a missing comma between members', '{"a": 1\n "b": 2}', 2, 2, 'a missing comma between members (before this key)'],
    ['a missing comma between elements', '[{} {}]', 1, 5, 'a missing comma between elements'],
    ['a missing colon', '{"a" 1}', 1, 6, 'a missing colon between the key and its value'],
    ['an = for a colon', '{"a" = 1}', 1, 6, 'an = between a key and its value: JSON takes a colon'],
    ['a missing value', '{"a": }', 1, 7, 'a missing value after the colon'],
    ['two commas', '[1,,2]', 1, 4, 'two commas in a row: a missing value between them'],
    ['a raw tab in a string', '{"a": "x\ty"}', 1, 9, 'a raw tab inside a string: escape it as \\t'],
    ['a raw CR in a string', '{"a": "x\r\ny"}', 1, 9, 'a raw line break inside a string: escape it as \\n'],
    ['another control character', '["\u0001"]', 1, 3, 'a control character (U+0001) inside a string: escape it as \\u0001'],
    ['a # comment', '# ads for the radio\n{}', 1, 1, 'a comment (#): JSON has no comments; remove it'],
    ['a bad escape', '["C:\\temp\\x"]', 1, 10, '\\x is not a JSON escape: write \\\\ for a backslash'],
    // What follows the backslash is named, not echoed, unless printable ASCII: a hint may reach a terminal or a log.
    ['a backslash before a line break', '["a\\\nb"]', 1, 4, 'a backslash before U+000A is not a JSON escape: write \\\\ for a backslash'],
    ['a backslash before U+202E', '["a\\\u202eb"]', 1, 4, 'a backslash before U+202E is not a JSON escape: write \\\\ for a backslash'],
    ['a short \\u escape', '["\\u12"]', 1, 3, 'a \\u escape takes four hex digits (\\u00e9)'],
    ['a \\u escape with three hex digits', '["\\u00eg"]', 1, 3, 'a \\u escape takes four hex digits (\\u00e9)'],
    ['an unterminated string', '{"a": "b', 1, 9, 'an unterminated string: the string at line 1, column 7 has no closing quote'],
    ['an object never closed', '{"a": [1]\n', 2, 1, 'the text ends early: the { at line 1, column 1 is never closed (a missing }?)'],
    ['an array never closed', '{"a": [1, 2', 1, 12, 'the text ends early: the [ at line 1, column 7 is never closed (a missing ]?)'],
    ['a key never written', '{"a": 1,', 1, 9, 'the text ends where a key should be: the { at line 1, column 1 is never closed'],
    ['a ] closing an object', '{"a": 1]', 1, 8, 'a ] where } should close the object'],
    ['a } closing an array', '[1}', 1, 3, 'a } where ] should close the array'],
    ['True in capitals', '{"a": True}', 1, 7, 'True: JSON writes true, false and null in lower case'],
    ['NaN', '[NaN]', 1, 2, 'NaN is not JSON: write a number, or null'],
    ['-Infinity', '[-Infinity]', 1, 3, '-Infinity is not JSON: write a number, or null'],
    ['a leading zero', '[010]', 1, 2, 'a number with a leading zero: write 7, not 07'],
    ['a hexadecimal number', '[0x10]', 1, 2, 'a hexadecimal number: JSON numbers are decimal'],
    ['a plus sign', '[+1]', 1, 2, 'a plus sign before a number: JSON numbers take no +'],
    ['a leading point', '[.5]', 1, 2, 'a number starting with a point: write 0.5, not .5'],
    ['a trailing point', '[1.]', 1, 4, 'a decimal point without digits after it: write 1.0 or 1'],
    ['an empty exponent', '[1e]', 1, 4, 'an exponent without digits after it'],
    ['a no-break space', '{"a":\u00a01}', 1, 6, 'a Unicode space (U+00A0): JSON allows only space, tab, CR and LF between tokens'],
  ])('%s', (_, text, line, column, hint) => {
    expect(parses(text)).toBe(false);
    expect(locateJsonError(text)).toMatchObject({ line, column, hint });
  });

  it('counts CR LF as one line break and a lone CR as one', () => {
    expect(locateJsonError('{\r\n"a":\r\nx}')).toMatchObject({ line: 3, column: 1 });
    expect(locateJsonError('{\r"a":\rx}')).toMatchObject({ line: 3, column: 1 });
  });

  it('counts columns in characters: an emoji (two UTF-16 code units) is one column, the offset counts code units', () => {
    // [ " 😀 😀 " , space: 7 characters, 9 code units before the x.
    expect(locateJsonError('["😀😀", x]')).toEqual({ offset: 9, line: 1, column: 8, hint: 'an unquoted string ("x"): put text in double quotes' });
  });

  it('takes any depth, as JSON.parse does (no recursion)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parses(deep)).toBe(true);
    expect(locateJsonError(deep)).toBeUndefined();
    expect(locateJsonError(deep.slice(0, -1))).toMatchObject({ offset: 199_999, hint: expect.stringMatching(/^the text ends early: the \[ at line 1, column 1 is never closed/) });
  });
});

describe('locateJsonError(text) agrees with JSON.parse', () => {
  // What JSON is made of, with the mistakes people make: more likely to build near-JSON than any string.
  const jsonish = fc.constantFrom(...'{}[]",:\\/ \t\n\r0123456789-+.eEtrufalsn\'x*u\u00a0\ufeff\u2028'.split(''), '\ud83d', '\ude00', '😀', '"a"', 'true', 'null', '1e5', '\\u00e9');
  const agrees = (text: string): boolean => {
    const located = locateJsonError(text);
    if (located === undefined) return parses(text);
    if (parses(text)) return false;
    // The position is inside the text, and line and column say the same as the offset (counted another way).
    const before = text.slice(0, located.offset).split(/\r\n|\r|\n/);
    return located.offset >= 0 && located.offset <= text.length && located.line === before.length && located.column === [...before[before.length - 1]!].length + 1;
  };

  it('for arbitrary strings, and strings of JSON characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), agrees), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) }), agrees), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: jsonish, maxLength: 40 }), agrees), { numRuns: 1500 });
  });

  it('for JSON values with random insertions and deletions', () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.string({ unit: jsonish, maxLength: 3 }) });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 2), fc.array(edit, { minLength: 1, maxLength: 3 }), (value, indent, edits) => {
        let text = JSON.stringify(value, null, indent);
        for (const { at, remove, insert } of edits) {
          const index = at % (text.length + 1);
          text = text.slice(0, index) + insert + text.slice(index + remove);
        }
        return agrees(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('is undefined for every JSON value JSON.stringify writes', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, '\t'), (value, indent) => locateJsonError(JSON.stringify(value, null, indent)) === undefined), { numRuns: 300 });
  });
});
