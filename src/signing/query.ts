// What both URL signatures share: their value is the Base64 of a query string, so each part put in it is
// checked for what would break that query string.
import { misuse } from '../lib/misuse.js';

let utf8: TextEncoder | undefined;

/** The UTF-8 bytes of `text`. */
export const utf8Bytes = (text: string): Uint8Array => (utf8 ??= new TextEncoder()).encode(text);

/** Base64, with padding, of the UTF-8 bytes of `text`. */
export function base64Of(text: string): string {
  let binary = '';
  for (const byte of utf8Bytes(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * A part of the signed query string: a non-empty string without `&`, `=` or white space, nor any of the
 * characters of `alsoForbidden` (`?` where the value itself goes into a query, as SRT's stream id).
 */
export function readQueryPart(value: unknown, name: string, alsoForbidden = ''): string {
  if (typeof value !== 'string' || value === '') throw misuse(`options.${name} must be a non-empty string`);
  if (/[&=\s]/.test(value) || [...alsoForbidden].some((char) => value.includes(char))) {
    const listed = ['&', '=', ...alsoForbidden].map((char) => `"${char}"`).join(', ');
    throw misuse(`options.${name} must not contain ${listed} or white space: Nimble reads the signature as a query string`);
  }
  return value;
}
