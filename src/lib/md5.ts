// Hex and Base64 encodings of the MD5 computed by md5-core.ts: what the kinds and the signing functions use.
import { md5State } from './md5-core.js';

export { md5State, state } from './md5-core.js';

// Marked pure: a bundler drops the table from an application that never encodes a hash as hex.
const NIBBLE = /* @__PURE__ */ Array.from('0123456789abcdef', (char) => char.charCodeAt(0));

/** Lowercase hex MD5 of the UTF-8 bytes of `first + second`. */
export function md5Hex(first: string, second = ''): string {
  const s = md5State(first, second);
  const a = s[0]!;
  const b = s[1]!;
  const c = s[2]!;
  const d = s[3]!;
  // One flat string from 32 char codes: measured faster than concatenating 16 two-character pieces.
  return String.fromCharCode(
    NIBBLE[(a >>> 4) & 15]!, NIBBLE[(a >>> 0) & 15]!,
    NIBBLE[(a >>> 12) & 15]!, NIBBLE[(a >>> 8) & 15]!,
    NIBBLE[(a >>> 20) & 15]!, NIBBLE[(a >>> 16) & 15]!,
    NIBBLE[(a >>> 28) & 15]!, NIBBLE[(a >>> 24) & 15]!,
    NIBBLE[(b >>> 4) & 15]!, NIBBLE[(b >>> 0) & 15]!,
    NIBBLE[(b >>> 12) & 15]!, NIBBLE[(b >>> 8) & 15]!,
    NIBBLE[(b >>> 20) & 15]!, NIBBLE[(b >>> 16) & 15]!,
    NIBBLE[(b >>> 28) & 15]!, NIBBLE[(b >>> 24) & 15]!,
    NIBBLE[(c >>> 4) & 15]!, NIBBLE[(c >>> 0) & 15]!,
    NIBBLE[(c >>> 12) & 15]!, NIBBLE[(c >>> 8) & 15]!,
    NIBBLE[(c >>> 20) & 15]!, NIBBLE[(c >>> 16) & 15]!,
    NIBBLE[(c >>> 28) & 15]!, NIBBLE[(c >>> 24) & 15]!,
    NIBBLE[(d >>> 4) & 15]!, NIBBLE[(d >>> 0) & 15]!,
    NIBBLE[(d >>> 12) & 15]!, NIBBLE[(d >>> 8) & 15]!,
    NIBBLE[(d >>> 20) & 15]!, NIBBLE[(d >>> 16) & 15]!,
    NIBBLE[(d >>> 28) & 15]!, NIBBLE[(d >>> 24) & 15]!,
  );
}

// Marked pure: a bundler drops the table from an application that never signs a URL.
const BASE64 = /* @__PURE__ */ Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (char) => char.charCodeAt(0));

/** Base64 (with padding: 24 characters) of the raw 16-byte MD5 of the UTF-8 bytes of `first + second`. */
export function md5Base64(first: string, second = ''): string {
  const s = md5State(first, second);
  const bytes = new Array<number>(16);
  for (let word = 0; word < 4; word++) {
    const value = s[word]!;
    bytes[word * 4] = value & 0xff;
    bytes[word * 4 + 1] = (value >>> 8) & 0xff;
    bytes[word * 4 + 2] = (value >>> 16) & 0xff;
    bytes[word * 4 + 3] = (value >>> 24) & 0xff;
  }
  const codes: number[] = [];
  for (let i = 0; i < 15; i += 3) {
    const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    codes.push(BASE64[triple >>> 18]!, BASE64[(triple >>> 12) & 63]!, BASE64[(triple >>> 6) & 63]!, BASE64[triple & 63]!);
  }
  // The 16th byte: two characters and two padding characters.
  const last = bytes[15]!;
  codes.push(BASE64[last >>> 2]!, BASE64[(last & 3) << 4]!, 61, 61);
  return String.fromCharCode(...codes);
}
