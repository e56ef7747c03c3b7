/**
 * The index of the first C0 control, DEL or C1 control (U+0080-U+009F) in `text`, or -1: what a URL must
 * not carry (the URL parser drops CR, LF and tab silently, and NEL is a line break to some parsers).
 */
export function controlCharacterIndex(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return index;
  }
  return -1;
}
