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
]);

/** Headers whose names say they carry a secret (`x-hub-signature`, `x-api-token`). */
const SECRET_HEADER = /signature|token|secret|auth|cookie|key/i;

/** How many characters of a secret stay visible: enough to tell two apart, far too few to replay (6 of an MD5's 32 hex digits). */
const SHOWN = 6;

/** A secret value as shown: its first characters and an ellipsis when it is long, else nothing of it. */
export function redactSecret(value: string): string {
  return value.length >= 4 * SHOWN ? `${value.slice(0, SHOWN)}… (redacted)` : '… (redacted)';
}

const isSecretName = (name: string): boolean => SECRET_NAMES.has(name.toLowerCase());

/**
 * `name=value` pairs of a query or a form (`?wmsAuthSign=...&x=1`), and `"name": "value"` pairs of JSON the
 * parser could not read, whose name is a secret's: the value redacted. Each part is bounded and a name
 * starts only where a word does, so that the scan stays linear on any text: unbounded, a 256 KiB body of one
 * long word took 88 s, with listen's event loop blocked.
 */
const PAIR = /(?<![\w-])([A-Za-z_][\w-]{0,63})=([^&\s"'<>#]{0,4096})/g;
const QUOTED_PAIR = /("([A-Za-z_][\w-]{0,63})"\s{0,64}:\s{0,64}")((?:[^"\\]|\\.){0,4096})"/g;

/** Text that may hold secrets in query or form pairs, or in JSON that is not whole: each value redacted. */
export function redactText(text: string): string {
  return text
    .replace(PAIR, (pair, name: string, value: string) => (isSecretName(name) && value !== '' ? `${name}=${redactSecret(decodeSafely(value))}` : pair))
    .replace(QUOTED_PAIR, (pair, head: string, name: string, value: string) => (isSecretName(name) ? `${head}${redactSecret(value)}"` : pair));
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A parsed JSON value with every secret redacted: the string under a secret's name, and secrets in the
 * query of any string (a playback `url`). A copy: the value itself is not changed.
 */
export function redactJson(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('=') ? redactText(value) : value;
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    const shown = isSecretName(name) && field !== null && typeof field !== 'object' ? redactSecret(String(field)) : redactJson(field);
    // Defined, not assigned: a body's own "__proto__" field must stay a field, not become the copy's prototype.
    Object.defineProperty(copy, name, { value: shown, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** A header's value as shown: redacted when its name says it is a secret, else with any query secret redacted (a Referer's). */
export function redactHeader(name: string, value: string): string {
  return isSecretName(name) || SECRET_HEADER.test(name) ? redactSecret(value) : redactText(value);
}
