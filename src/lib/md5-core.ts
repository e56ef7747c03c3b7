// A compact synchronous MD5 (RFC 1321) over the UTF-8 bytes of a string.
//
// Why not node:crypto: the core must run unchanged where there is no node:crypto (browsers, workers,
// Deno without compat) and WebCrypto has no MD5. Why not @noble/hashes: on this package's input
// (a ~55-byte string) this code measured about 4x its speed and 1.5x node:crypto's createHash (see
// docs/performance.md and `npm run bench`). It is tested differentially against node:crypto on random
// input, non-ASCII and lone surrogates included (test/md5.test.ts).

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

    a = (a + ((b & c) | (~b & d)) + x0 + -680876936) | 0;
    a = (((a << 7) | (a >>> 25)) + b) | 0;
    d = (d + ((a & b) | (~a & c)) + x1 + -389564586) | 0;
    d = (((d << 12) | (d >>> 20)) + a) | 0;
    c = (c + ((d & a) | (~d & b)) + x2 + 606105819) | 0;
    c = (((c << 17) | (c >>> 15)) + d) | 0;
    b = (b + ((c & d) | (~c & a)) + x3 + -1044525330) | 0;
    b = (((b << 22) | (b >>> 10)) + c) | 0;
    a = (a + ((b & c) | (~b & d)) + x4 + -176418897) | 0;
    a = (((a << 7) | (a >>> 25)) + b) | 0;
    d = (d + ((a & b) | (~a & c)) + x5 + 1200080426) | 0;
    d = (((d << 12) | (d >>> 20)) + a) | 0;
    c = (c + ((d & a) | (~d & b)) + x6 + -1473231341) | 0;
    c = (((c << 17) | (c >>> 15)) + d) | 0;
    b = (b + ((c & d) | (~c & a)) + x7 + -45705983) | 0;
    b = (((b << 22) | (b >>> 10)) + c) | 0;
    a = (a + ((b & c) | (~b & d)) + x8 + 1770035416) | 0;
    a = (((a << 7) | (a >>> 25)) + b) | 0;
    d = (d + ((a & b) | (~a & c)) + x9 + -1958414417) | 0;
    d = (((d << 12) | (d >>> 20)) + a) | 0;
    c = (c + ((d & a) | (~d & b)) + x10 + -42063) | 0;
    c = (((c << 17) | (c >>> 15)) + d) | 0;
    b = (b + ((c & d) | (~c & a)) + x11 + -1990404162) | 0;
    b = (((b << 22) | (b >>> 10)) + c) | 0;
    a = (a + ((b & c) | (~b & d)) + x12 + 1804603682) | 0;
    a = (((a << 7) | (a >>> 25)) + b) | 0;
    d = (d + ((a & b) | (~a & c)) + x13 + -40341101) | 0;
    d = (((d << 12) | (d >>> 20)) + a) | 0;
    c = (c + ((d & a) | (~d & b)) + x14 + -1502002290) | 0;
    c = (((c << 17) | (c >>> 15)) + d) | 0;
    b = (b + ((c & d) | (~c & a)) + x15 + 1236535329) | 0;
    b = (((b << 22) | (b >>> 10)) + c) | 0;

    a = (a + ((b & d) | (c & ~d)) + x1 + -165796510) | 0;
    a = (((a << 5) | (a >>> 27)) + b) | 0;
    d = (d + ((a & c) | (b & ~c)) + x6 + -1069501632) | 0;
    d = (((d << 9) | (d >>> 23)) + a) | 0;
    c = (c + ((d & b) | (a & ~b)) + x11 + 643717713) | 0;
    c = (((c << 14) | (c >>> 18)) + d) | 0;
    b = (b + ((c & a) | (d & ~a)) + x0 + -373897302) | 0;
    b = (((b << 20) | (b >>> 12)) + c) | 0;
    a = (a + ((b & d) | (c & ~d)) + x5 + -701558691) | 0;
    a = (((a << 5) | (a >>> 27)) + b) | 0;
    d = (d + ((a & c) | (b & ~c)) + x10 + 38016083) | 0;
    d = (((d << 9) | (d >>> 23)) + a) | 0;
    c = (c + ((d & b) | (a & ~b)) + x15 + -660478335) | 0;
    c = (((c << 14) | (c >>> 18)) + d) | 0;
    b = (b + ((c & a) | (d & ~a)) + x4 + -405537848) | 0;
    b = (((b << 20) | (b >>> 12)) + c) | 0;
    a = (a + ((b & d) | (c & ~d)) + x9 + 568446438) | 0;
    a = (((a << 5) | (a >>> 27)) + b) | 0;
    d = (d + ((a & c) | (b & ~c)) + x14 + -1019803690) | 0;
    d = (((d << 9) | (d >>> 23)) + a) | 0;
    c = (c + ((d & b) | (a & ~b)) + x3 + -187363961) | 0;
    c = (((c << 14) | (c >>> 18)) + d) | 0;
    b = (b + ((c & a) | (d & ~a)) + x8 + 1163531501) | 0;
    b = (((b << 20) | (b >>> 12)) + c) | 0;
    a = (a + ((b & d) | (c & ~d)) + x13 + -1444681467) | 0;
    a = (((a << 5) | (a >>> 27)) + b) | 0;
    d = (d + ((a & c) | (b & ~c)) + x2 + -51403784) | 0;
    d = (((d << 9) | (d >>> 23)) + a) | 0;
    c = (c + ((d & b) | (a & ~b)) + x7 + 1735328473) | 0;
    c = (((c << 14) | (c >>> 18)) + d) | 0;
    b = (b + ((c & a) | (d & ~a)) + x12 + -1926607734) | 0;
    b = (((b << 20) | (b >>> 12)) + c) | 0;

    a = (a + (b ^ c ^ d) + x5 + -378558) | 0;
    a = (((a << 4) | (a >>> 28)) + b) | 0;
    d = (d + (a ^ b ^ c) + x8 + -2022574463) | 0;
    d = (((d << 11) | (d >>> 21)) + a) | 0;
    c = (c + (d ^ a ^ b) + x11 + 1839030562) | 0;
    c = (((c << 16) | (c >>> 16)) + d) | 0;
    b = (b + (c ^ d ^ a) + x14 + -35309556) | 0;
    b = (((b << 23) | (b >>> 9)) + c) | 0;
    a = (a + (b ^ c ^ d) + x1 + -1530992060) | 0;
    a = (((a << 4) | (a >>> 28)) + b) | 0;
    d = (d + (a ^ b ^ c) + x4 + 1272893353) | 0;
    d = (((d << 11) | (d >>> 21)) + a) | 0;
    c = (c + (d ^ a ^ b) + x7 + -155497632) | 0;
    c = (((c << 16) | (c >>> 16)) + d) | 0;
    b = (b + (c ^ d ^ a) + x10 + -1094730640) | 0;
    b = (((b << 23) | (b >>> 9)) + c) | 0;
    a = (a + (b ^ c ^ d) + x13 + 681279174) | 0;
    a = (((a << 4) | (a >>> 28)) + b) | 0;
    d = (d + (a ^ b ^ c) + x0 + -358537222) | 0;
    d = (((d << 11) | (d >>> 21)) + a) | 0;
    c = (c + (d ^ a ^ b) + x3 + -722521979) | 0;
    c = (((c << 16) | (c >>> 16)) + d) | 0;
    b = (b + (c ^ d ^ a) + x6 + 76029189) | 0;
    b = (((b << 23) | (b >>> 9)) + c) | 0;
    a = (a + (b ^ c ^ d) + x9 + -640364487) | 0;
    a = (((a << 4) | (a >>> 28)) + b) | 0;
    d = (d + (a ^ b ^ c) + x12 + -421815835) | 0;
    d = (((d << 11) | (d >>> 21)) + a) | 0;
    c = (c + (d ^ a ^ b) + x15 + 530742520) | 0;
    c = (((c << 16) | (c >>> 16)) + d) | 0;
    b = (b + (c ^ d ^ a) + x2 + -995338651) | 0;
    b = (((b << 23) | (b >>> 9)) + c) | 0;

    a = (a + (c ^ (b | ~d)) + x0 + -198630844) | 0;
    a = (((a << 6) | (a >>> 26)) + b) | 0;
    d = (d + (b ^ (a | ~c)) + x7 + 1126891415) | 0;
    d = (((d << 10) | (d >>> 22)) + a) | 0;
    c = (c + (a ^ (d | ~b)) + x14 + -1416354905) | 0;
    c = (((c << 15) | (c >>> 17)) + d) | 0;
    b = (b + (d ^ (c | ~a)) + x5 + -57434055) | 0;
    b = (((b << 21) | (b >>> 11)) + c) | 0;
    a = (a + (c ^ (b | ~d)) + x12 + 1700485571) | 0;
    a = (((a << 6) | (a >>> 26)) + b) | 0;
    d = (d + (b ^ (a | ~c)) + x3 + -1894986606) | 0;
    d = (((d << 10) | (d >>> 22)) + a) | 0;
    c = (c + (a ^ (d | ~b)) + x10 + -1051523) | 0;
    c = (((c << 15) | (c >>> 17)) + d) | 0;
    b = (b + (d ^ (c | ~a)) + x1 + -2054922799) | 0;
    b = (((b << 21) | (b >>> 11)) + c) | 0;
    a = (a + (c ^ (b | ~d)) + x8 + 1873313359) | 0;
    a = (((a << 6) | (a >>> 26)) + b) | 0;
    d = (d + (b ^ (a | ~c)) + x15 + -30611744) | 0;
    d = (((d << 10) | (d >>> 22)) + a) | 0;
    c = (c + (a ^ (d | ~b)) + x6 + -1560198380) | 0;
    c = (((c << 15) | (c >>> 17)) + d) | 0;
    b = (b + (d ^ (c | ~a)) + x13 + 1309151649) | 0;
    b = (((b << 21) | (b >>> 11)) + c) | 0;
    a = (a + (c ^ (b | ~d)) + x4 + -145523070) | 0;
    a = (((a << 6) | (a >>> 26)) + b) | 0;
    d = (d + (b ^ (a | ~c)) + x11 + -1120210379) | 0;
    d = (((d << 10) | (d >>> 22)) + a) | 0;
    c = (c + (a ^ (d | ~b)) + x2 + 718787259) | 0;
    c = (((c << 15) | (c >>> 17)) + d) | 0;
    b = (b + (d ^ (c | ~a)) + x9 + -343485551) | 0;
    b = (((b << 21) | (b >>> 11)) + c) | 0;

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
