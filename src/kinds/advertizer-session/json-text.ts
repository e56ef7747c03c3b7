/** Where a JSON text breaks, and the likely cause in plain English (what `AdvertizerScenarioProblem` carries of it). */
export interface JsonErrorLocation {
  /** The index in the string (UTF-16 code units, as `text.slice(offset)` counts) of the first character that cannot be JSON there; the text's length when it ends too early. */
  offset: number;
  /** The line, from 1: a line ends at LF, CR LF or a lone CR. */
  line: number;
  /** The column, from 1, in characters (Unicode code points: an emoji is one, a tab is one). */
  column: number;
  /** The likely cause and the fix, e.g. `a raw line break inside a string: escape it as \n`. */
  hint: string;
}

/** A failure found by the scanner: where, and why. */
interface Failure {
  offset: number;
  hint: string;
}

/** What the scanner expects next. */
type Expecting = 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'after';

const OPEN_OBJECT = 0x7b;

/**
 * Where `JSON.parse(text)` would fail, with the line, column and a likely cause; `undefined` exactly when
 * it succeeds. JSON.parse's own messages differ between engines and versions and often carry no position
 * (Node 20: `Unexpected token 'T', "The follow"... is not valid JSON`): this names the place and the
 * mistakes people make in hand-written files, such as a comment, prose before the object, a raw line
 * break inside a string, a trailing comma, single quotes, a missing comma or colon, an unquoted key, text
 * after the value, a byte-order mark.
 * (Not exported from the package: `validateAdvertizerScenario` reports it.) For example,
 * `locateJsonError('{"a": 1,}')` is `{ offset: 8, line: 1, column: 9, hint: 'a trailing comma before }: remove the comma' }`,
 * and `locateJsonError('{"a": 1}')` is undefined.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  const failure = scan(text);
  if (failure === undefined) return undefined;
  return { offset: failure.offset, ...lineAndColumn(text, failure.offset), hint: failure.hint };
}

/** The line and column (code points) of `offset` in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let index = 0; index < offset; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(index + 1) !== 0x0a)) {
      line++;
      column = 1;
    } else if (code === 0x0d) {
      // The CR of a CR LF: the LF ends the line.
    } else if (code >= 0xdc00 && code <= 0xdfff && index > 0 && isHighSurrogate(text.charCodeAt(index - 1))) {
      // The second half of a surrogate pair: one character with the first.
    } else {
      column++;
    }
  }
  return { line, column };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x24;
}

/** The character at `offset`, for a hint: `"x"` when printable ASCII, else `U+XXXX`. */
function describeAt(text: string, offset: number): string {
  const code = text.codePointAt(offset) ?? 0;
  if (code >= 0x21 && code <= 0x7e) return `"${String.fromCharCode(code)}"`;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The run of letters, digits and `_` at `offset`, at most 20 characters. */
function wordAt(text: string, offset: number): string {
  let end = offset;
  while (end < text.length && end - offset < 20 && (isLetter(text.charCodeAt(end)) || isDigit(text.charCodeAt(end)))) end++;
  return text.slice(offset, end);
}

/** A hint for characters that people write by mistake anywhere a token should be; `undefined` for others. */
function commonMistake(text: string, offset: number): string | undefined {
  const code = text.charCodeAt(offset);
  if (code === 0x2f) {
    const next = text.charCodeAt(offset + 1);
    if (next === 0x2a || next === 0x2f) return `a comment (${next === 0x2a ? '/*' : '//'}): JSON has no comments; remove it`;
    return undefined;
  }
  if (code === 0x23) return 'a comment (#): JSON has no comments; remove it';
  if (code === 0x27) return 'a single-quoted string: JSON strings and keys take double quotes (")';
  if (code === 0x201c || code === 0x201d || code === 0x2018 || code === 0x2019) {
    return `a typographic quote (${describeAt(text, offset)}): JSON takes the plain double quote (")`;
  }
  if (code === 0xfeff) {
    return offset === 0
      ? 'a byte-order mark (U+FEFF) starts the text: JSON.parse refuses it; save the file as UTF-8 without BOM'
      : 'a byte-order mark (U+FEFF) inside the text: remove it';
  }
  if (code === 0x00a0 || code === 0x0085 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000) {
    return `a Unicode space (${describeAt(text, offset)}): JSON allows only space, tab, CR and LF between tokens`;
  }
  return undefined;
}

/** The hint for a character where a value should start. */
function valueHint(text: string, offset: number, expecting: Expecting, stack: number[]): string {
  const mistake = commonMistake(text, offset);
  if (mistake !== undefined) return mistake;
  const code = text.charCodeAt(offset);
  const inObject = stack.length > 0 && text.charCodeAt(stack[stack.length - 1]!) === OPEN_OBJECT;
  if (isLetter(code)) {
    const word = wordAt(text, offset);
    const lower = word.toLowerCase();
    if (lower === 'true' || lower === 'false' || lower === 'null') return `${word}: JSON writes true, false and null in lower case`;
    if (word === 'NaN' || word === 'Infinity' || word === 'undefined') return `${word} is not JSON: write a number, or null`;
    if (stack.length === 0) {
      return `text ("${word}") where the value should start: prose before the object? JSON has no comments; remove the text before {`;
    }
    return `an unquoted string ("${word}"): put text in double quotes`;
  }
  if (code === 0x2b) return 'a plus sign before a number: JSON numbers take no +';
  if (code === 0x2e) return 'a number starting with a point: write 0.5, not .5';
  if (code === 0x2c) {
    if (expecting === 'first-value') return 'a comma with no value before it';
    if (stack.length === 0) return 'a comma where the value should start';
    return inObject ? 'a missing value after the colon' : 'two commas in a row: a missing value between them';
  }
  if (code === 0x5d && stack.length > 0 && !inObject) return 'a trailing comma before ]: remove the comma';
  if (code === 0x7d && inObject) return 'a missing value after the colon';
  if (code === 0x5d || code === 0x7d) return `a ${code === 0x5d ? ']' : '}'} that closes nothing open here`;
  return `unexpected ${describeAt(text, offset)} where a value should be`;
}

/** The hint for a character where a key (a string in double quotes) should be. */
function keyHint(text: string, offset: number, expecting: Expecting): string {
  const mistake = commonMistake(text, offset);
  if (mistake !== undefined) return mistake;
  const code = text.charCodeAt(offset);
  if (code === 0x7d) return 'a trailing comma before }: remove the comma';
  if (code === 0x5d) return 'a ] where } should close the object';
  if (isLetter(code) || isDigit(code)) return `an unquoted key (${wordAt(text, offset)}): put keys in double quotes ("${wordAt(text, offset)}": ...)`;
  if (code === 0x2c) return expecting === 'first-key' ? 'a comma with no member before it' : 'two commas in a row';
  return `unexpected ${describeAt(text, offset)} where a key in double quotes should be`;
}

/** The hint for a character after a complete value. */
function afterHint(text: string, offset: number, stack: number[]): string {
  const mistake = commonMistake(text, offset);
  if (mistake !== undefined) return mistake;
  const code = text.charCodeAt(offset);
  if (stack.length === 0) {
    const word = isLetter(code) ? ` ("${wordAt(text, offset)}")` : '';
    return `text after the value${word}: JSON holds one value; remove what follows it`;
  }
  const inObject = text.charCodeAt(stack[stack.length - 1]!) === OPEN_OBJECT;
  const startsValue = code === 0x22 || code === 0x7b || code === 0x5b || code === 0x2d || isDigit(code) || isLetter(code);
  if (inObject) {
    if (code === 0x22) return 'a missing comma between members (before this key)';
    if (code === 0x5d) return 'a ] where } should close the object';
    if (code === 0x3a) return 'a second colon: a key takes one value';
    return `unexpected ${describeAt(text, offset)} after a value: expected , or }`;
  }
  if (startsValue) return 'a missing comma between elements';
  if (code === 0x7d) return 'a } where ] should close the array';
  return `unexpected ${describeAt(text, offset)} after a value: expected , or ]`;
}

/** The hint for a text that ends where more was expected. */
function endHint(text: string, expecting: Expecting, stack: number[]): string {
  if (stack.length === 0) return text.length === 0 ? 'the text is empty' : 'the text is blank: no value';
  const open = stack[stack.length - 1]!;
  const { line, column } = lineAndColumn(text, open);
  const closer = text.charCodeAt(open) === OPEN_OBJECT ? '}' : ']';
  const where = `the ${closer === '}' ? '{' : '['} at line ${line}, column ${column} is never closed`;
  if (expecting === 'after') return `the text ends early: ${where} (a missing ${closer}?)`;
  return `the text ends where a ${expecting === 'key' || expecting === 'first-key' ? 'key' : expecting === 'colon' ? 'colon' : 'value'} should be: ${where}`;
}

/** The end of the string that starts (with `"`) at `start`, or why it is not a JSON string. */
function scanString(text: string, start: number): number | Failure {
  let index = start + 1;
  for (;;) {
    if (index >= text.length) {
      const { line, column } = lineAndColumn(text, start);
      return { offset: text.length, hint: `an unterminated string: the string at line ${line}, column ${column} has no closing quote` };
    }
    const code = text.charCodeAt(index);
    if (code === 0x22) return index + 1;
    if (code === 0x5c) {
      const escape = text.charCodeAt(index + 1);
      if (escape === 0x75) {
        for (let digit = 2; digit < 6; digit++) {
          if (!isHexDigit(text.charCodeAt(index + digit))) return { offset: index, hint: 'a \\u escape takes four hex digits (\\u00e9)' };
        }
        index += 6;
        continue;
      }
      // " \ / b f n r t
      if (escape === 0x22 || escape === 0x5c || escape === 0x2f || escape === 0x62 || escape === 0x66 || escape === 0x6e || escape === 0x72 || escape === 0x74) {
        index += 2;
        continue;
      }
      if (index + 1 >= text.length) {
        const { line, column } = lineAndColumn(text, start);
        return { offset: text.length, hint: `an unterminated string: the string at line ${line}, column ${column} has no closing quote` };
      }
      // Named, not echoed, unless printable ASCII: a hint may reach a terminal or a log (a line break, U+202E).
      const escaped = text.codePointAt(index + 1)!;
      const shown = escaped >= 0x21 && escaped <= 0x7e ? `\\${String.fromCharCode(escaped)}` : `a backslash before ${describeAt(text, index + 1)}`;
      return { offset: index, hint: `${shown} is not a JSON escape: write \\\\ for a backslash` };
    }
    if (code < 0x20) {
      if (code === 0x0a || code === 0x0d) return { offset: index, hint: 'a raw line break inside a string: escape it as \\n' };
      if (code === 0x09) return { offset: index, hint: 'a raw tab inside a string: escape it as \\t' };
      const name = code.toString(16).toUpperCase().padStart(4, '0');
      return { offset: index, hint: `a control character (U+${name}) inside a string: escape it as \\u${name}` };
    }
    index++;
  }
}

/** The end of the number that starts at `start` (a `-` or a digit), or why it is not a JSON number. */
function scanNumber(text: string, start: number): number | Failure {
  let index = start;
  if (text.charCodeAt(index) === 0x2d) index++;
  const first = text.charCodeAt(index);
  if (first === 0x30) {
    index++;
    const next = text.charCodeAt(index);
    if (isDigit(next)) return { offset: start, hint: 'a number with a leading zero: write 7, not 07' };
    if (next === 0x78 || next === 0x58) return { offset: start, hint: 'a hexadecimal number: JSON numbers are decimal' };
  } else if (isDigit(first)) {
    while (isDigit(text.charCodeAt(index))) index++;
  } else {
    return { offset: index, hint: first === 0x49 ? '-Infinity is not JSON: write a number, or null' : 'a minus sign without digits after it' };
  }
  if (text.charCodeAt(index) === 0x2e) {
    index++;
    if (!isDigit(text.charCodeAt(index))) return { offset: index, hint: 'a decimal point without digits after it: write 1.0 or 1' };
    while (isDigit(text.charCodeAt(index))) index++;
  }
  const exponent = text.charCodeAt(index);
  if (exponent === 0x65 || exponent === 0x45) {
    index++;
    const sign = text.charCodeAt(index);
    if (sign === 0x2b || sign === 0x2d) index++;
    if (!isDigit(text.charCodeAt(index))) return { offset: index, hint: 'an exponent without digits after it' };
    while (isDigit(text.charCodeAt(index))) index++;
  }
  return index;
}

/** The first place where `text` stops being JSON, or `undefined` when it is JSON: one pass, no recursion. */
function scan(text: string): Failure | undefined {
  // The offsets of the { and [ still open, innermost last (an array, not recursion: V8's JSON.parse takes
  // any depth, so must this).
  const stack: number[] = [];
  let expecting: Expecting = 'value';
  let index = 0;
  for (;;) {
    // JSON's whitespace: space, tab, LF, CR, nothing else.
    let code = text.charCodeAt(index);
    while (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) code = text.charCodeAt(++index);
    if (index >= text.length) {
      if (expecting === 'after' && stack.length === 0) return undefined;
      return { offset: text.length, hint: endHint(text, expecting, stack) };
    }
    switch (expecting) {
      case 'value':
      case 'first-value': {
        if (code === 0x7b || code === 0x5b) {
          stack.push(index);
          index++;
          expecting = code === 0x7b ? 'first-key' : 'first-value';
          continue;
        }
        if (code === 0x5d && expecting === 'first-value') {
          stack.pop();
          index++;
          expecting = 'after';
          continue;
        }
        let end: number | Failure | undefined;
        if (code === 0x22) end = scanString(text, index);
        else if (code === 0x2d || isDigit(code)) end = scanNumber(text, index);
        else if (text.startsWith('true', index) || text.startsWith('null', index)) end = index + 4;
        else if (text.startsWith('false', index)) end = index + 5;
        if (end === undefined) return { offset: index, hint: valueHint(text, index, expecting, stack) };
        if (typeof end !== 'number') return end;
        index = end;
        expecting = 'after';
        continue;
      }
      case 'key':
      case 'first-key': {
        if (code === 0x7d && expecting === 'first-key') {
          stack.pop();
          index++;
          expecting = 'after';
          continue;
        }
        if (code !== 0x22) return { offset: index, hint: keyHint(text, index, expecting) };
        const end = scanString(text, index);
        if (typeof end !== 'number') return end;
        index = end;
        expecting = 'colon';
        continue;
      }
      case 'colon': {
        if (code !== 0x3a) {
          const hint = code === 0x3d ? 'an = between a key and its value: JSON takes a colon' : (commonMistake(text, index) ?? 'a missing colon between the key and its value');
          return { offset: index, hint };
        }
        index++;
        expecting = 'value';
        continue;
      }
      case 'after': {
        const open = stack[stack.length - 1];
        if (open === undefined) return { offset: index, hint: afterHint(text, index, stack) };
        const inObject = text.charCodeAt(open) === OPEN_OBJECT;
        if (code === 0x2c) {
          index++;
          expecting = inObject ? 'key' : 'value';
          continue;
        }
        if (code === (inObject ? 0x7d : 0x5d)) {
          stack.pop();
          index++;
          continue;
        }
        return { offset: index, hint: afterHint(text, index, stack) };
      }
    }
  }
}
