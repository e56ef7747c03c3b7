import { NotificationError } from './errors.js';

// What a body parser or a sender can turn a JSON body into, told from the decoded value alone. Looked at
// only once a body has been refused, so a genuine request never pays for it.

/**
 * A JSON object's start, `{"`: what a form parser leaves at the head of the first field name it makes of
 * one (every kind's body is an object).
 */
const JSON_OBJECT_START = /^\s*\{\s*"/;
/** The longest string looked into for a second encoding: far more than any notification. */
const MAX_ENCODED_TWICE_LENGTH = 1_048_576; // 1 Mi, written out: a bundler keeps a top-level product
const hasOwn = Object.prototype.hasOwnProperty;

/** Whether `text` is a JSON text of an object (or a list): a body encoded twice. */
function holdsJson(text: string): boolean {
  if (text.length > MAX_ENCODED_TWICE_LENGTH || !/^\s*[[{]/.test(text)) return false;
  try {
    const inner: unknown = JSON.parse(text);
    return typeof inner === 'object' && inner !== null;
  } catch {
    return false;
  }
}

/**
 * How many field names are looked at: a form parser makes the body's first characters (`{"`) the start
 * of its first field name, so the first few tell, whatever a hostile body holds after them.
 */
const FIELD_NAMES_LOOKED_AT = 8;

const FORM_FIELDS =
  'Body looks like form fields a body parser made of a JSON body (express.urlencoded()?): mount the receiver before the parser, or let the parser skip this route';
const ENCODED_TWICE = 'Body is a JSON string holding JSON, encoded twice (JSON.stringify of a JSON text?): send the JSON object itself';

/** The likely cause and fix when `value` has the shape of a mangled JSON body, else `undefined`. */
function describeMangledBody(value: unknown): string | undefined {
  if (typeof value === 'string') return holdsJson(value) ? ENCODED_TWICE : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  try {
    let looked = 0;
    for (const name in value) {
      // Own names only: an inherited one (a polluted prototype) is not the body's.
      if (!hasOwn.call(value, name)) continue;
      if (JSON_OBJECT_START.test(name)) return FORM_FIELDS;
      if (++looked === FIELD_NAMES_LOOKED_AT) break;
    }
  } catch {
    // A Proxy whose keys cannot be listed: nothing to tell.
  }
  return undefined;
}

/**
 * `error`, or, when a body was refused for its shape (`INVALID_NOTIFICATION`, `UNKNOWN_NOTIFICATION_KIND`)
 * and the decoded `value` shows what happened to it (a form parser's fields, JSON encoded twice), an error
 * of the same code whose message says the likely cause and the fix, with `error` as its `cause`. Never
 * quotes the body.
 */
export function explainMangledBody(value: unknown, error: NotificationError): NotificationError {
  if (error.code !== 'INVALID_NOTIFICATION' && error.code !== 'UNKNOWN_NOTIFICATION_KIND') return error;
  const hint = describeMangledBody(value);
  return hint === undefined ? error : new NotificationError(error.code, hint, { cause: error });
}
