/**
 * `new URL(text, base)`, or `undefined` when it is no URL. Not `URL.canParse`: on Node 20 and 22 it answers
 * false for any text with non-ASCII characters once V8 has optimised the call (after some 9,000 calls: a
 * unicode host, `https://bücher.example/`, is then refused for good), while `new URL` parses it. Node 24
 * and later do not have the bug. The tests call each user of it 20,000 times with such a URL.
 */
export function parseUrl(text: string, base?: string | URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
