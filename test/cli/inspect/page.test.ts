// The inspector's page, as far as it can be checked without a browser: its CSP allows exactly its one inline
// script and one inline style, it loads nothing from anywhere, and its script never turns text into markup.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspectorPage } from '../../../src/cli/inspect/page.js';

const { html, csp } = inspectorPage();

/** The text of every `<tag>…</tag>` in the page. */
const inline = (tag: string): string[] => [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'gi'))].map((match) => match[1]!);
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');
const directives = new Map(csp.split(';').map((part) => {
  const [name, ...values] = part.trim().split(/\s+/);
  return [name!, values] as const;
}));
const [script] = inline('script');
const [style] = inline('style');

describe('inspectorPage', () => {
  it('is built once', () => {
    expect(inspectorPage()).toBe(inspectorPage());
  });

  it('has exactly one inline script and one inline style, and nothing else to run or style', () => {
    expect(inline('script')).toHaveLength(1);
    expect(inline('style')).toHaveLength(1);
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html.match(/<style/gi)).toHaveLength(1);
    expect(html).not.toMatch(/<(link|iframe|object|embed|img|base|form|frame)\b/i);
    expect(script!.trim().length).toBeGreaterThan(1000);
    expect(style!.trim().length).toBeGreaterThan(500);
  });

  it('sends a strict CSP that allows exactly that script and that style by their SHA-256', () => {
    expect([...directives.keys()]).toEqual([
      'default-src',
      'script-src',
      'style-src',
      'connect-src',
      'img-src',
      'base-uri',
      'form-action',
      'frame-ancestors',
    ]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual([`'sha256-${sha256(script!)}'`]);
    expect(directives.get('style-src')).toEqual([`'sha256-${sha256(style!)}'`]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    for (const name of ['img-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(directives.get(name)).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe|\*|data:|https?:/);
  });

  it('is ASCII only, so that a wrong charset cannot change the hashed text', () => {
    expect(html).toMatch(/^[\t\n\r -~]*$/);
  });

  it('refers to nothing outside the inspector', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\b(src|href|action|srcset|poster)\s*=/i);
    expect(html).not.toMatch(/["'(=]\s*\/\/[^\s/]/);
    expect(style).not.toMatch(/url\(|@import/i);
    // The script reaches the inspector's own endpoints only, by path.
    expect(new Set([...script!.matchAll(/["'`](\/[^"'`$]*)/g)].map((match) => match[1]))).toEqual(new Set(["/api/requests/", "/events"]));
  });

  it('never turns text into markup or code, and has no inline handlers or style attributes', () => {
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc/);
    expect(html).not.toMatch(/\beval\s*\(|new Function|setTimeout\(\s*["'`]|setInterval/);
    expect(html).not.toMatch(/\bon[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('has the elements the DOM contract names', () => {
    for (const id of ['connection', 'listening', 'forwarding', 'filter-kind', 'filter-verdict', 'count', 'requests', 'detail', 'resend', 'resend-status']) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toMatch(/<select id="filter-kind"><option value="">[^<]+<\/option><option value="none">/);
    const verdicts = /<select id="filter-verdict">([\s\S]*?)<\/select>/.exec(html)![1]!;
    expect([...verdicts.matchAll(/<option(?: value="([^"]*)")?>([^<]*)<\/option>/g)].map((match) => match[1] ?? match[2])).toEqual([
      '',
      'pending',
      'accepted',
      'duplicate',
      'in-progress',
      'refused',
      'defaulted',
      'failed',
    ]);
    expect(html).toContain('<label for="filter-kind">');
    expect(html).toContain('<label for="filter-verdict">');
    expect(html).toMatch(/<table id="requests" aria-label="[^"]+">/);
    expect(html).toMatch(/<button id="resend" type="button" disabled>Send again<\/button>/);
    for (const name of ['time', 'sender', 'request', 'type', 'kind', 'verdict', 'app', 'sent']) expect(html).toContain(`<th scope="col" class="${name}"`);
    expect(html).toContain('<title>wmspanel-notifications inspector</title>');
  });

  it('makes its rows and detail with the classes and data attributes of the contract', () => {
    for (const text of ['dataset.id', 'dataset.kind', 'dataset.outcome', '"selected"', '"hint"', '"panel ours"', '"panel theirs"', '"headers"', '"body"', '"x-wmspanel-inspector"']) {
      expect(script).toContain(text);
    }
  });
});
