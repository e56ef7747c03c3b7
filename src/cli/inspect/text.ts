// A body or an answer as the inspector page shows it: decoded, pretty-printed when it is JSON, secrets
// redacted, cut to what a page can show.
import type { InspectedText } from './entry.js';
import { redactJson, redactText } from './redact.js';

/** The most characters of a body or an answer the page is sent: more is cut, and the page says so. */
export const SHOWN_CHARACTERS = 256 * 1024;
/**
 * The largest body parsed as JSON to be pretty-printed; a larger one is shown as text. Parsing, redacting
 * and printing a hostile 8 MiB body (nested a million deep, a million keys) took over 2 s of listen's event
 * loop; the page shows a quarter of a megabyte of it anyway.
 */
export const MAX_PRETTY_BYTES = 1024 * 1024;

/** `bytes` as the page shows it (see InspectedText). */
export function inspectText(bytes: Uint8Array, totalBytes = bytes.byteLength): InspectedText {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  if (bytes.byteLength > MAX_PRETTY_BYTES) {
    // Only what is shown is decoded (a character is at most 4 bytes) and looked at.
    // Cut again once redacted: a redacted value can be longer than the value.
    const text = redactText(decoder.decode(bytes.subarray(0, SHOWN_CHARACTERS * 4)).slice(0, SHOWN_CHARACTERS)).slice(0, SHOWN_CHARACTERS);
    return { text, json: false, truncated: true, bytes: totalBytes };
  }
  // Not fatal: bytes that are not UTF-8 are shown as U+FFFD, as a browser would.
  const decoded = decoder.decode(bytes);
  let text: string;
  let json = false;
  try {
    text = JSON.stringify(redactJson(JSON.parse(decoded)), null, 2);
    json = true;
  } catch {
    // Not JSON (or cut short, or nested past the stack): shown as text, its secrets redacted all the same.
    text = redactText(decoded);
  }
  const truncated = text.length > SHOWN_CHARACTERS || totalBytes > bytes.byteLength;
  return { text: text.length > SHOWN_CHARACTERS ? text.slice(0, SHOWN_CHARACTERS) : text, json, truncated, bytes: totalBytes };
}
