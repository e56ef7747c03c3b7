// What the inspector never shows in full: anything that, copied off a screenshot, would let someone replay a
// request or sign one. A server status `digest` with its `time` is a notification anyone can re-send; a
// `Signature` with its `ID` and `Puzzle` is a stream notification or a sync; a `wmsAuthSign` or
// `publishsign` in a playback URL lets a player in; a pay-per-view `Solution` answers a puzzle. Their first
// characters stay, so that two requests can still be told apart.

/** Field, query and header names whose values are secrets or signatures (compared lower-cased). */
const SECRET_NAMES = new Set([
  'digest',
  'signature',
  'solution',
  'token',
  'password',
  'passwd',
  'secret',
  'wmsauthsign',
  'publishsign',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'sign',
  'sig',
]);

/** Headers whose names say they carry a secret (`x-hub-signature`, `x-api-token`, `x-digest`, `x-sig`). */
const SECRET_HEADER = /sig|digest|token|secret|auth|cookie|key/i;

/** How many characters of a secret stay visible: enough to tell two apart, far too few to replay (6 of an MD5's 32 hex digits). */
const SHOWN = 6;

/** A secret value as shown: its first characters and an ellipsis when it is long, else nothing of it. */
export function redactSecret(value: string): string {
  return value.length >= 4 * SHOWN ? `${value.slice(0, SHOWN)}… (redacted)` : '… (redacted)';
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A JSON string's escapes (`\u0065`) undone, for a name found in text that is not whole JSON. */
function unescapeJson(name: string): string {
  try {
    return JSON.parse(`"${name}"`) as string;
  } catch {
    return name;
  }
}

const isSecretName = (name: string): boolean => SECRET_NAMES.has(name.toLowerCase());

/**
 * `name=value` pairs of a query or a form (`?wmsAuthSign=...&x=1`, `;` separating too), and `"name": "value"`
 * (or single-quoted) pairs of JSON the parser could not read. A name starts only where a word does and is
 * bounded, and no part can backtrack over another, so that the scan stays linear on any text: a first
 * version took 88 s on a 256 KiB body of one long word, with listen's event loop blocked.
 */
const PAIR = /(?<![\w%-])((?:[A-Za-z_]|%[0-9A-Fa-f]{2})(?:[\w-]|%[0-9A-Fa-f]{2}){0,63})=([^&;\s"'<>#]*)/g;
const QUOTED_PAIR = /(["'])((?:[A-Za-z_]|\\u[0-9A-Fa-f]{4})(?:[\w-]|\\u[0-9A-Fa-f]{4}){0,63})\1(\s{0,64}:\s{0,64})(["'])((?:(?!\4)[^\\]|\\.)*)\4/g;

/** The most times a value is decoded to look for a URL carried inside a URL. */
const MAX_NESTING = 4;

/** Whether a query value holds a secret of its own once decoded: a signed URL carried, percent-encoded, in another URL. */
function holdsSecret(value: string, depth: number): boolean {
  if (depth >= MAX_NESTING || !value.includes('%')) return false;
  const decoded = decodeSafely(value);
  return decoded !== value && redactText(decoded, depth + 1) !== decoded;
}

/** Text that may hold secrets in query or form pairs, or in JSON that is not whole: each value redacted. */
export function redactText(text: string, depth = 0): string {
  return text
    .replace(PAIR, (pair, name: string, value: string) =>
      value !== '' && (isSecretName(decodeSafely(name)) || holdsSecret(value, depth)) ? `${name}=${redactSecret(decodeSafely(value))}` : pair,
    )
    .replace(QUOTED_PAIR, (pair, quote: string, name: string, colon: string, open: string, value: string) =>
      isSecretName(unescapeJson(name)) ? `${quote}${name}${quote}${colon}${open}${redactSecret(value)}${open}` : pair,
    );
}

/**
 * A parsed JSON value with every secret redacted: whatever lies under a secret's name (a string, a number,
 * each item of a list or field of an object), and secrets in any string (a playback `url`'s query, JSON
 * inside a string). A copy: the value itself is not changed.
 */
export function redactJson(value: unknown, secret = false): unknown {
  if (typeof value === 'string') return secret ? redactSecret(value) : redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secret));
  if (typeof value !== 'object' || value === null) return secret && value !== null ? redactSecret(String(value)) : value;
  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    // Defined, not assigned: a body's own "__proto__" field must stay a field, not become the copy's prototype.
    Object.defineProperty(copy, name, { value: redactJson(field, secret || isSecretName(name)), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** A header's value as shown: redacted when its name says it is a secret, else with any query secret redacted (a Referer's). */
export function redactHeader(name: string, value: string): string {
  return isSecretName(name) || SECRET_HEADER.test(name) ? redactSecret(value) : redactText(value);
}
