import { describe, expect, it } from 'vitest';
import { parseUrl } from '../../src/lib/parse-url.js';

describe('parseUrl(text, base?)', () => {
  it('is new URL(text, base), or undefined for no URL', () => {
    expect(parseUrl('https://bücher.example/a')?.href).toBe('https://xn--bcher-kva.example/a');
    expect(parseUrl('/b', 'https://cdn.example.com/a')?.href).toBe('https://cdn.example.com/b');
    expect(parseUrl('/relative')).toBeUndefined();
    expect(parseUrl('http://[::1')).toBeUndefined();
  });

  it('parses non-ASCII text the 20,000th time too (what URL.canParse does not do on Node 20 and 22)', () => {
    let refused = 0;
    for (let i = 0; i < 20_000; i++) if (parseUrl('https://bücher.example/vod/a.mp4') === undefined) refused++;
    expect(refused).toBe(0);
  });
});
