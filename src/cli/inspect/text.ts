// A body or an answer as the inspector page shows it: decoded, pretty-printed when it is JSON, secrets
// redacted, cut to what a page can show.
import type { InspectedText } from './entry.js';
import { redactJson, redactText } from './redact.js';

/** The most characters of a body or an answer the page is sent: more is cut, and the page says so. */
export const SHOWN_CHARACTERS = 256 * 1024;

/** `bytes` as the page shows it (see InspectedText). */
export function inspectText(bytes: Uint8Array, totalBytes = bytes.byteLength): InspectedText {
  // Not fatal: bytes that are not UTF-8 are shown as U+FFFD, as a browser would.
  const decoded = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
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
