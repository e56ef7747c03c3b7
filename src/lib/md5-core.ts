// A compact synchronous MD5 (RFC 1321) over the UTF-8 bytes of a string.
//
// Why not node:crypto: the core must run unchanged where there is no node:crypto (browsers, workers,
// Deno without compat) and WebCrypto has no MD5. Why not @noble/hashes: on this package's input
// (a ~55-byte string) this code measured about 4x its speed and 1.5x node:crypto's createHash (see
// docs/performance.md and `npm run bench`). It is tested differentially against node:crypto on random
// input, non-ASCII and lone surrogates included (test/lib/md5.test.ts).
//
// Why this form: the 64 steps are still written out (a loop over tables of constants, shifts and word
// indexes measured about 10% slower on Node 20), but each in one line, with two tiny helpers and the
// constants computed, not written: about a fifth smaller, minified and gzipped, than every step written
// out with its literal constant, and no slower (see md5State).

// Every top-level value is marked pure (or built in a pure function) so that a bundler can drop the
// module's buffers from an application that never hashes: nothing here runs for its side effects.
const encoder = /* @__PURE__ */ new TextEncoder();
const words = /* @__PURE__ */ new Int32Array(16);
/** The four state words of the last hash computed by {@link md5State}. */
export const state = /* @__PURE__ */ new Int32Array(4);

// Reused between calls (the whole module is synchronous, so nothing can interleave). Inputs larger than
// this are hashed in a buffer of their own, so one huge input does not pin memory for ever.
const CACHED_BUFFER_BYTES = 4096;
const cached = /* @__PURE__ */ new Uint8Array(CACHED_BUFFER_BYTES);
const cachedWords = /* @__PURE__ */ (() => new Int32Array(cached.buffer))();
// MD5 reads little-endian words: on little-endian platforms (all current ones) read them in place.
const LITTLE_ENDIAN = /* @__PURE__ */ (() => new Uint8Array(new Uint32Array([1]).buffer)[0] === 1)();
let padded = cached;
let paddedWords = cachedWords;


/** Writes the UTF-8 bytes of `input` into `bytes` from `at`; returns where they end. */
function encode(input: string, bytes: Uint8Array, at: number): number {
  const chars = input.length;
  for (let i = 0; i < chars; i++) {
    const code = input.charCodeAt(i);
    // Non-ASCII: let the platform encode (lone surrogates become U+FFFD, as in node:crypto).
    if (code >= 0x80) return at + encoder.encodeInto(input, bytes.subarray(at)).written;
    bytes[at + i] = code;
  }
  return at + chars;
}

/**
 * Writes the UTF-8 bytes of `first + second`, then MD5 padding, into `padded`; returns the padded length.
 * Two parts, not one concatenated string: reading a concatenation char by char was measured at about
 * three times the cost of reading its two flat halves.
 */
function pad(first: string, second: string): number {
  const last = first.charCodeAt(first.length - 1);
  if (last >= 0xd800 && last <= 0xdbff && second.length > 0) {
    // A surrogate pair split between the parts must be encoded as one character.
    first += second;
    second = '';
  }
  // UTF-8 needs at most 3 bytes per UTF-16 code unit; + 1 for 0x80, + 8 for the length, rounded up.
  const worst = ((((first.length + second.length) * 3 + 8) >>> 6) << 6) + 64;
  if (worst <= CACHED_BUFFER_BYTES) {
    padded = cached;
    paddedWords = cachedWords;
  } else {
    padded = new Uint8Array(worst);
    paddedWords = new Int32Array(padded.buffer);
  }
  const bytes = padded;
  const n = encode(second, bytes, encode(first, bytes, 0));
  const length = (((n + 8) >>> 6) << 6) + 64;
  bytes[n] = 0x80;
  bytes.fill(0, n + 1, length - 8);
  const lowBits = (n * 8) % 0x100000000;
  const highBits = Math.floor(n / 0x20000000);
  for (let i = 0; i < 4; i++) {
    bytes[length - 8 + i] = (lowBits >>> (8 * i)) & 0xff;
    bytes[length - 4 + i] = (highBits >>> (8 * i)) & 0xff;
  }
  return length;
}

/**
 * Hashes the UTF-8 bytes of `first + second` into {@link state} (four little-endian words) and returns it.
 */
export function md5State(first: string, second = ''): Int32Array {
  // Step n's constant (RFC 1321, 3.4): floor(abs(sin(n)) * 2^32), as a signed 32-bit integer; called with
  // -n where sin(n) < 0. For each of the 64, abs(sin(n)) * 2^32 is at least 0.015 from an integer, so any
  // Math.sin within a few ulps gives it exactly. V8 folds t(literal) into that constant in optimized code
  // (and in Bun's JavaScriptCore this form measured faster than literal constants).
  const t = (n: number): number => (Math.sin(n) * 2 ** 32) | 0;
  const rotl = (q: number, s: number): number => (q << s) | (q >>> -s);
  // Why the helpers are closures here and each step is written the way it is (all measured on Node 20):
  // - Both are small enough (24 and 17 bytes of bytecode; V8 always inlines up to 27) to be inlined at all
  //   64 call sites, which the four RFC step functions FF, GG, HH and II are not (61 bytes: V8 inlined 14
  //   of their 64 calls, and hashing was 3x slower).
  // - Declared here, V8 knows each call's callee: no check at the call sites, no closure allocated.
  // - t(n) comes first, so that no partial sum is pending across its call (else V8 keeps the sums exact
  //   and checks them for overflow); F, G, H or I comes last, so that the newest word's dependency chain
  //   is one addition, the rotation and one addition.
  const length = pad(first, second);
  const bytes = padded;
  let w = words;
  let a = 1732584193;
  let b = -271733879;
  let c = -1732584194;
  let d = 271733878;
  for (let offset = 0; offset < length; offset += 64) {
    let i = 0;
    if (LITTLE_ENDIAN) {
      w = paddedWords;
      i = offset >>> 2;
    } else {
      for (let j = 0, o = offset; j < 16; j++, o += 4) {
        w[j] = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
      }
    }
    const x0 = w[i + 0]!;
    const x1 = w[i + 1]!;
    const x2 = w[i + 2]!;
    const x3 = w[i + 3]!;
    const x4 = w[i + 4]!;
    const x5 = w[i + 5]!;
    const x6 = w[i + 6]!;
    const x7 = w[i + 7]!;
    const x8 = w[i + 8]!;
    const x9 = w[i + 9]!;
    const x10 = w[i + 10]!;
    const x11 = w[i + 11]!;
    const x12 = w[i + 12]!;
    const x13 = w[i + 13]!;
    const x14 = w[i + 14]!;
    const x15 = w[i + 15]!;
    const oa = a;
    const ob = b;
    const oc = c;
    const od = d;

    // Round 1, F(x, y, z) = (x & y) | (~x & z) = z ^ (x & (y ^ z)); words 0, 1, 2, ... 15.
    a = (b + rotl((t(1) + a + x0 + (d ^ (b & (c ^ d)))) | 0, 7)) | 0;
    d = (a + rotl((t(2) + d + x1 + (c ^ (a & (b ^ c)))) | 0, 12)) | 0;
    c = (d + rotl((t(3) + c + x2 + (b ^ (d & (a ^ b)))) | 0, 17)) | 0;
    b = (c + rotl((t(-4) + b + x3 + (a ^ (c & (d ^ a)))) | 0, 22)) | 0;
    a = (b + rotl((t(-5) + a + x4 + (d ^ (b & (c ^ d)))) | 0, 7)) | 0;
    d = (a + rotl((t(-6) + d + x5 + (c ^ (a & (b ^ c)))) | 0, 12)) | 0;
    c = (d + rotl((t(7) + c + x6 + (b ^ (d & (a ^ b)))) | 0, 17)) | 0;
    b = (c + rotl((t(8) + b + x7 + (a ^ (c & (d ^ a)))) | 0, 22)) | 0;
    a = (b + rotl((t(9) + a + x8 + (d ^ (b & (c ^ d)))) | 0, 7)) | 0;
    d = (a + rotl((t(-10) + d + x9 + (c ^ (a & (b ^ c)))) | 0, 12)) | 0;
    c = (d + rotl((t(-11) + c + x10 + (b ^ (d & (a ^ b)))) | 0, 17)) | 0;
    b = (c + rotl((t(-12) + b + x11 + (a ^ (c & (d ^ a)))) | 0, 22)) | 0;
    a = (b + rotl((t(13) + a + x12 + (d ^ (b & (c ^ d)))) | 0, 7)) | 0;
    d = (a + rotl((t(14) + d + x13 + (c ^ (a & (b ^ c)))) | 0, 12)) | 0;
    c = (d + rotl((t(15) + c + x14 + (b ^ (d & (a ^ b)))) | 0, 17)) | 0;
    b = (c + rotl((t(-16) + b + x15 + (a ^ (c & (d ^ a)))) | 0, 22)) | 0;

    // Round 2, G(x, y, z) = (x & z) | (y & ~z) = y ^ (z & (x ^ y)); words 1, 6, 11, ... (5i + 1 mod 16).
    a = (b + rotl((t(-17) + a + x1 + (c ^ (d & (b ^ c)))) | 0, 5)) | 0;
    d = (a + rotl((t(-18) + d + x6 + (b ^ (c & (a ^ b)))) | 0, 9)) | 0;
    c = (d + rotl((t(19) + c + x11 + (a ^ (b & (d ^ a)))) | 0, 14)) | 0;
    b = (c + rotl((t(20) + b + x0 + (d ^ (a & (c ^ d)))) | 0, 20)) | 0;
    a = (b + rotl((t(21) + a + x5 + (c ^ (d & (b ^ c)))) | 0, 5)) | 0;
    d = (a + rotl((t(-22) + d + x10 + (b ^ (c & (a ^ b)))) | 0, 9)) | 0;
    c = (d + rotl((t(-23) + c + x15 + (a ^ (b & (d ^ a)))) | 0, 14)) | 0;
    b = (c + rotl((t(-24) + b + x4 + (d ^ (a & (c ^ d)))) | 0, 20)) | 0;
    a = (b + rotl((t(-25) + a + x9 + (c ^ (d & (b ^ c)))) | 0, 5)) | 0;
    d = (a + rotl((t(26) + d + x14 + (b ^ (c & (a ^ b)))) | 0, 9)) | 0;
    c = (d + rotl((t(27) + c + x3 + (a ^ (b & (d ^ a)))) | 0, 14)) | 0;
    b = (c + rotl((t(28) + b + x8 + (d ^ (a & (c ^ d)))) | 0, 20)) | 0;
    a = (b + rotl((t(-29) + a + x13 + (c ^ (d & (b ^ c)))) | 0, 5)) | 0;
    d = (a + rotl((t(-30) + d + x2 + (b ^ (c & (a ^ b)))) | 0, 9)) | 0;
    c = (d + rotl((t(-31) + c + x7 + (a ^ (b & (d ^ a)))) | 0, 14)) | 0;
    b = (c + rotl((t(32) + b + x12 + (d ^ (a & (c ^ d)))) | 0, 20)) | 0;

    // Round 3, H(x, y, z) = x ^ y ^ z; words 5, 8, 11, ... (3i + 5 mod 16).
    a = (b + rotl((t(33) + a + x5 + (b ^ c ^ d)) | 0, 4)) | 0;
    d = (a + rotl((t(34) + d + x8 + (a ^ b ^ c)) | 0, 11)) | 0;
    c = (d + rotl((t(-35) + c + x11 + (d ^ a ^ b)) | 0, 16)) | 0;
    b = (c + rotl((t(-36) + b + x14 + (c ^ d ^ a)) | 0, 23)) | 0;
    a = (b + rotl((t(-37) + a + x1 + (b ^ c ^ d)) | 0, 4)) | 0;
    d = (a + rotl((t(38) + d + x4 + (a ^ b ^ c)) | 0, 11)) | 0;
    c = (d + rotl((t(39) + c + x7 + (d ^ a ^ b)) | 0, 16)) | 0;
    b = (c + rotl((t(40) + b + x10 + (c ^ d ^ a)) | 0, 23)) | 0;
    a = (b + rotl((t(-41) + a + x13 + (b ^ c ^ d)) | 0, 4)) | 0;
    d = (a + rotl((t(-42) + d + x0 + (a ^ b ^ c)) | 0, 11)) | 0;
    c = (d + rotl((t(-43) + c + x3 + (d ^ a ^ b)) | 0, 16)) | 0;
    b = (c + rotl((t(44) + b + x6 + (c ^ d ^ a)) | 0, 23)) | 0;
    a = (b + rotl((t(45) + a + x9 + (b ^ c ^ d)) | 0, 4)) | 0;
    d = (a + rotl((t(46) + d + x12 + (a ^ b ^ c)) | 0, 11)) | 0;
    c = (d + rotl((t(47) + c + x15 + (d ^ a ^ b)) | 0, 16)) | 0;
    b = (c + rotl((t(-48) + b + x2 + (c ^ d ^ a)) | 0, 23)) | 0;

    // Round 4, I(x, y, z) = y ^ (x | ~z); words 0, 7, 14, ... (7i mod 16).
    a = (b + rotl((t(-49) + a + x0 + (c ^ (b | ~d))) | 0, 6)) | 0;
    d = (a + rotl((t(-50) + d + x7 + (b ^ (a | ~c))) | 0, 10)) | 0;
    c = (d + rotl((t(51) + c + x14 + (a ^ (d | ~b))) | 0, 15)) | 0;
    b = (c + rotl((t(52) + b + x5 + (d ^ (c | ~a))) | 0, 21)) | 0;
    a = (b + rotl((t(53) + a + x12 + (c ^ (b | ~d))) | 0, 6)) | 0;
    d = (a + rotl((t(-54) + d + x3 + (b ^ (a | ~c))) | 0, 10)) | 0;
    c = (d + rotl((t(-55) + c + x10 + (a ^ (d | ~b))) | 0, 15)) | 0;
    b = (c + rotl((t(-56) + b + x1 + (d ^ (c | ~a))) | 0, 21)) | 0;
    a = (b + rotl((t(57) + a + x8 + (c ^ (b | ~d))) | 0, 6)) | 0;
    d = (a + rotl((t(58) + d + x15 + (b ^ (a | ~c))) | 0, 10)) | 0;
    c = (d + rotl((t(59) + c + x6 + (a ^ (d | ~b))) | 0, 15)) | 0;
    b = (c + rotl((t(-60) + b + x13 + (d ^ (c | ~a))) | 0, 21)) | 0;
    a = (b + rotl((t(-61) + a + x4 + (c ^ (b | ~d))) | 0, 6)) | 0;
    d = (a + rotl((t(-62) + d + x11 + (b ^ (a | ~c))) | 0, 10)) | 0;
    c = (d + rotl((t(63) + c + x2 + (a ^ (d | ~b))) | 0, 15)) | 0;
    b = (c + rotl((t(64) + b + x9 + (d ^ (c | ~a))) | 0, 21)) | 0;

    a = (a + oa) | 0;
    b = (b + ob) | 0;
    c = (c + oc) | 0;
    d = (d + od) | 0;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  return state;
}
