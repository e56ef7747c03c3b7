// `check --kind advertizer-scenario <url>`: the scenario a real server serves, GET as Nimble polls it, then
// validated: Softvelum's valid example files pass, the broken ones fail with where and why.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeUntrustedServers, serveRedirect, serveTarget } from '../../untrusted-servers.js';
import { run } from '../run-main.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/advertizer/${name}`, import.meta.url), 'utf8');
const servers: Server[] = [];
afterEach(() => {
  closeUntrustedServers();
  for (const server of servers.splice(0)) server.close();
});

/** Serves `text` to a GET of /scenario.json, as a static file server would: anything else is a 404 or a 405. */
async function serveScenario(text: string | Uint8Array): Promise<{ url: string; methods: string[] }> {
  const methods: string[] = [];
  const server = createServer((request, response) => {
    methods.push(request.method ?? '');
    request.resume();
    if (request.url !== '/scenario.json') return void response.writeHead(404).end();
    if (request.method !== 'GET') return void response.writeHead(405, { allow: 'GET' }).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(text);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scenario.json`, methods };
}

const check = (url: string) => run(['check', url, '--kind', 'advertizer-scenario', '--timeout', '5']);
const verdictOf = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('the scenario'))!;

describe('check --kind advertizer-scenario <url>', () => {
  it.each(['video-tutorial-preroll.json', 'demo-page-ads.json'])('passes Softvelum\'s %s, fetched with one GET and no token', async (name) => {
    const { url, methods } = await serveScenario(fixture(name));
    const result = await check(url);
    expect(result.stdout).toMatch(/\npassed: 1 cases \(advertizer-scenario\)\n$/);
    expect(result.code).toBe(0);
    expect(methods).toEqual(['GET']);
  });

  it('says how much it read, and points at the session handler to check next', async () => {
    const { url } = await serveScenario(fixture('per-session-response.json'));
    const result = await check(url);
    expect(verdictOf(result.stdout)).toMatch(/2xx\s+200\s+ok \(5 contents, 0 rules, a session handler \(check it with --kind advertizer-session http:\/\/127\.0\.0\.1:8085\/session-handler\)\)$/);
    expect(result.code).toBe(0);
  });

  it('never prints the session handler URL\'s query or credentials (they may carry a signature)', async () => {
    const scenario = JSON.parse(fixture('per-session-response.json')) as { session_handler: { url: string } };
    scenario.session_handler.url = 'https://user:pass-5ecret@ads.example.com/session?sig=SECRETSIG#frag';
    const { url } = await serveScenario(JSON.stringify(scenario));
    const result = await check(url);
    expect(verdictOf(result.stdout)).toContain('check it with --kind advertizer-session https://ads.example.com/session)');
    expect(result.stdout).not.toMatch(/SECRETSIG|5ecret|frag/);
  });

  it.each([
    ['radio-ads.json', /not valid JSON at line 1, column 1/],
    ['scte35.json', /not valid JSON at line 1, column 1/],
    ['red-button.json', /not valid JSON at line 2, column \d+/],
  ])('fails Softvelum\'s broken %s (exit 1), saying where', async (name, where) => {
    const { url } = await serveScenario(fixture(name));
    const result = await check(url);
    const verdict = verdictOf(result.stdout);
    expect(verdict).toContain('MISS: Nimble cannot use this scenario (1 problem): ');
    expect(verdict).toMatch(where);
    expect(result.stdout).toMatch(/\nFAILED: 1 of 1 cases \(advertizer-scenario\)\n$/);
    expect(result.code).toBe(1);
  });

  it('judges the bytes served as validateAdvertizerScenario does: a byte-order mark or bytes that are not UTF-8 fail', async () => {
    const text = fixture('video-tutorial-preroll.json');
    const bom = await serveScenario(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(verdictOf((await check(bom.url)).stdout)).toMatch(/MISS: Nimble cannot use this scenario \(1 problem\): .*byte-order mark/);
    const latin1 = await serveScenario(Buffer.from(text.replace('PRE-ROLL', 'PRÉ-ROLL'), 'latin1'));
    const result = await check(latin1.url);
    expect(verdictOf(result.stdout)).toMatch(/MISS: Nimble cannot use this scenario \(1 problem\): .*UTF-8/);
    expect(result.code).toBe(1);
  });

  it('fails a scenario whose rule plays a content it does not have, naming the path', async () => {
    const scenario = JSON.parse(fixture('video-tutorial-preroll.json')) as { rules: { contents: { id: string }[] }[] };
    scenario.rules[0]!.contents[0]!.id = 'mid-roll';
    const { url } = await serveScenario(JSON.stringify(scenario));
    const result = await check(url);
    expect(verdictOf(result.stdout)).toContain('rules[0].contents[0].id: no content "mid-roll"');
    expect(result.code).toBe(1);
  });

  it('lists the first five problems of many, and how many more', async () => {
    const scenario = { contents: [], rules: Array.from({ length: 7 }, (_, i) => ({ id: `r${i}`, type: 'global', time_sync: 'stream', time_offset: 0, contents: [{ id: `c${i}` }] })) };
    const { url } = await serveScenario(JSON.stringify(scenario));
    const verdict = verdictOf((await check(url)).stdout);
    expect(verdict).toContain('(7 problems)');
    expect(verdict).toContain('rules[4].contents[0].id: no content "c4"; and 2 more');
    expect(verdict).not.toContain('"c5"');
  });

  it('advises (exit 0) on a field Nimble may not know', async () => {
    const scenario = { ...(JSON.parse(fixture('video-tutorial-preroll.json')) as object), comment: 'pre-roll only' };
    const { url } = await serveScenario(JSON.stringify(scenario));
    const result = await check(url);
    expect(verdictOf(result.stdout)).toMatch(/advice: 1 contents, 1 rules; fields Nimble may ignore: comment: /);
    expect(result.stdout).toMatch(/\npassed: 1 cases \(advertizer-scenario\), but 1 is advice: read that row\n$/);
    expect(result.code).toBe(0);
  });

  it('fails a 404, and a redirect it does not follow', async () => {
    const { url } = await serveScenario('{}');
    const missing = await check(url.replace('/scenario.json', '/other.json'));
    expect(verdictOf(missing.stdout)).toMatch(/2xx\s+404\s+MISS: not accepted: Nimble gets no scenario/);
    expect(missing.code).toBe(1);
    const target = await serveTarget();
    const moved = await serveRedirect(302, target.url);
    const redirected = await run(['check', moved.url, '--kind', 'advertizer-scenario', '--timeout', '5']);
    expect(verdictOf(redirected.stdout)).toMatch(/MISS: a redirect to 127\.0\.0\.1:\d+, not followed: whether Nimble follows a redirect is not documented; /);
    expect(redirected.code).toBe(1);
    expect(target.seen.requests).toBe(0);
  });
});
