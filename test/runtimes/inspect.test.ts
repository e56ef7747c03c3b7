// `npx wmspanel-notifications listen --inspect` from the packed tarball, its page in headless Chromium
// (Debian's, driven by playwright-core): requests of every kind and verdict appear live, the filters, "send
// again", a body that tries to inject markup, the history bound under 5,000 requests, and --forward-to
// against a real app that accepts, refuses, hangs and is down. The screenshot in docs/cli.md is this test's
// own: WMSPANEL_UPDATE_SCREENSHOT=1 writes it to docs/images/inspector.png (else to a temporary folder).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { allowedMissing, findChromium, installCommand } from '../../scripts/system-packages.mjs';
import { createHistory, type InspectedRequest } from '../../src/cli/inspect/history.js';
import { createInspectorHandler } from '../../src/cli/inspect/server.js';
import { startListen } from '../cli/listen-process.js';
import { inspectedRequest } from '../cli/inspect/requests.js';
import { run } from '../cli/run-main.js';

const consumer = inject('consumer');
const CHROMIUM = findChromium();
const TOKEN = 'inspector-suite-token-4f1c9a';
const skip = CHROMIUM === undefined && allowedMissing('chromium');
const SCREENSHOT = process.env.WMSPANEL_UPDATE_SCREENSHOT === '1' ? new URL('../../docs/images/inspector.png', import.meta.url).pathname : join(mkdtempSync(join(tmpdir(), 'wmspanel-shot-')), 'inspector.png');

let browser: Browser;
const children: ChildProcessWithoutNullStreams[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  if (skip) return;
  expect(CHROMIUM, `Chromium is not installed: ${installCommand(['chromium'])}`).toBeDefined();
  browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve).closeAllConnections())));
});

/** `npx wmspanel-notifications listen ...` in the consumer project that installed the tarball. */
async function listen(args: string[], env: Record<string, string> = { WMSPANEL_TOKEN: TOKEN }) {
  const started = await startListen(
    'npx',
    ['--no-install', 'wmspanel-notifications', 'listen', '--port', '0', '--inspect', ...args],
    { cwd: consumer, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', npm_config_update_notifier: 'false', ...env } },
    children,
  );
  return { ...started, inspector: started.inspector! };
}

/** Opens the inspector page; fails the test on any CSP violation, page error or dialog (an injected script). */
async function open(inspector: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(inspector);
  await page.waitForSelector('#connection.live');
  return { page, problems };
}

const post = (url: string, body: string, contentType = 'application/json') => fetch(url, { method: 'POST', body, headers: { 'content-type': contentType } });

/** A body of each kind, made by `sign` with the suite's token. */
async function signed(args: string[]): Promise<string> {
  const made = await run(['sign', ...args], { env: { WMSPANEL_TOKEN: TOKEN } });
  expect(made.code, made.stderr).toBe(0);
  return made.stdout.trim();
}

/** The rows the page shows (not hidden by a filter), top to bottom: [id, kind, outcome]. */
const rows = (page: Page) =>
  page.$$eval('#requests tbody tr:not([hidden])', (trs) => trs.map((tr) => [Number(tr.getAttribute('data-id')), tr.getAttribute('data-kind'), tr.getAttribute('data-outcome')] as const));

/** Waits (at most `ms`) until row `id` shows `outcome`. */
const row = (page: Page, id: number, outcome: string, ms = 1000) => page.waitForSelector(`#requests tbody tr[data-id="${id}"][data-outcome="${outcome}"]`, { state: 'attached', timeout: ms });

describe.skipIf(skip)('listen --inspect in headless Chromium, from the packed tarball', () => {
  it('shows requests of every kind and every verdict listen gives within a second of their answer, newest first; filters; sends again', async () => {
    const listener = await listen([]);
    const { page, problems } = await open(listener.inspector);
    const kinds: [string, string[], string][] = [
      ['server-status', [], 'accepted'],
      ['stream', ['--kind', 'stream'], 'accepted'],
      ['pay-per-view', ['--kind', 'ppv', '--player', '17'], 'accepted'],
      ['publish-control', ['--kind', 'publish'], 'accepted'],
      ['playback-authorization', ['--kind', 'playback'], 'accepted'],
      ['advertizer-session', ['--kind', 'advertizer-session'], 'accepted'],
      ['server-status', ['--forge', 'wrong-token'], 'refused'],
      ['stream', ['--kind', 'stream', '--forge', 'tampered-signature'], 'refused'],
    ];
    let id = 0;
    for (const [kind, args, outcome] of kinds) {
      await post(listener.url, await signed(args));
      await row(page, ++id, outcome);
      expect(await page.getAttribute(`#requests tbody tr[data-id="${id}"]`, 'data-kind')).toBe(kind);
    }
    // A duplicate (the first body again), a request that is no notification, a GET.
    const first = JSON.parse((await (await fetch(`${listener.inspector}api/requests/1`)).text()) as string) as { body: unknown };
    expect(first).toBeTypeOf('object');
    await fetch(`${listener.inspector}api/requests/1/resend`, { method: 'POST', headers: { 'x-wmspanel-inspector': '1' } });
    await row(page, ++id, 'duplicate');
    await post(listener.url, '{"hello":"world"}');
    await row(page, ++id, 'refused');
    await fetch(listener.url);
    await row(page, ++id, 'refused');
    expect((await rows(page)).map(([rowId]) => rowId)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await page.textContent('#requests tbody tr[data-id="7"] td.verdict')).toMatch(/refused.*401.*INVALID_DIGEST/);

    // The refusal's detail: the fix hint, this package's answer.
    await page.click('#requests tbody tr[data-id="7"]');
    await page.waitForSelector('#detail .hint');
    expect(await page.textContent('#detail .hint')).toMatch(/INVALID_DIGEST[\s\S]*token/);
    expect(await page.textContent('#detail .ours')).toContain('401');

    // Filters: by kind, then by verdict too.
    await page.selectOption('#filter-kind', 'stream');
    expect((await rows(page)).map(([rowId, kind]) => [rowId, kind])).toEqual([
      [8, 'stream'],
      [2, 'stream'],
    ]);
    await page.selectOption('#filter-verdict', 'refused');
    expect(await rows(page)).toEqual([[8, 'stream', 'refused']]);
    expect(await page.textContent('#count')).toBe('1 of 11 requests');
    await page.selectOption('#filter-kind', '');
    expect((await rows(page)).map(([rowId]) => rowId)).toEqual([11, 10, 8, 7]);
    await page.selectOption('#filter-verdict', '');

    // Send again, from the page: the same body, now a duplicate.
    await page.click('#requests tbody tr[data-id="2"]');
    await page.waitForSelector('#resend:not([disabled])');
    await page.click('#resend');
    await row(page, 12, 'duplicate');
    expect(await page.textContent('#resend-status')).toMatch(/sent again/i);
    expect(await page.getAttribute('#requests tbody tr[data-id="12"]', 'data-kind')).toBe('stream');

    // Nothing of the token, the digests or the signatures is on the page.
    for (const id of [1, 2, 3, 7]) {
      await page.click(`#requests tbody tr[data-id="${id}"]`);
      await page.waitForFunction((wanted) => document.querySelector('#detail-title')?.textContent?.includes(`#${wanted}`), id);
      const text = (await page.textContent('body'))!;
      expect(text).not.toContain(TOKEN);
      expect(text).not.toMatch(/[0-9a-f]{32}/);
      expect(text).not.toMatch(/[A-Za-z0-9+/]{22}==/);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a body that tries to inject markup as text: no script runs, no element is made', async () => {
    const listener = await listen([]);
    const { page, problems } = await open(listener.inspector);
    const hostile = '<script>alert(1)</script></textarea></pre><img src=x onerror=alert(2)><style>*{display:none}</style>';
    await fetch(`${listener.url}${encodeURIComponent('<img src=x onerror=alert(3)>')}`, { method: 'POST', body: JSON.stringify({ x: hostile }), headers: { 'content-type': 'text/html', 'x-evil': '<b onmouseover=alert(4)>' } });
    await row(page, 1, 'refused');
    await page.click('#requests tbody tr[data-id="1"]');
    await page.waitForSelector('#detail pre.body');
    expect(await page.textContent('#detail pre.body')).toContain(hostile.replaceAll('"', '\\"'));
    expect(await page.textContent('#detail .headers')).toContain('<b onmouseover=alert(4)>');
    expect(await page.$$eval('img, textarea, [onerror], [onmouseover]', (found) => found.length)).toBe(0);
    expect(await page.$$eval('script', (found) => found.length)).toBe(1);
    expect(await page.$$eval('style', (found) => found.length)).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps at most --history requests on the page and in the process while 5,000 arrive', async () => {
    const listener = await listen(['--history', '500', '--kind', 'publish'], {});
    const { page, problems } = await open(listener.inspector);
    const body = JSON.stringify({ PublishAuthRequest: [{ seq: '1', id: 'camera-7', ip: '10.0.0.5', stream: 'live/a' }] });
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < 5000) {
          next++;
          const answer = await post(listener.url, body);
          await answer.arrayBuffer();
        }
      }),
    );
    await page.waitForFunction(() => document.querySelector('#requests tbody tr')?.getAttribute('data-id') === '5000', undefined, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('#requests tbody tr[data-outcome="accepted"]').length === 500, undefined, { timeout: 30_000 });
    expect(await page.$$eval('#requests tbody tr', (trs) => trs.length)).toBe(500);
    expect(await page.textContent('#count')).toBe('500 requests');
    const ids = (await rows(page)).map(([id]) => id);
    expect(ids[0]).toBe(5000);
    expect(ids.at(-1)).toBe(4501);
    expect((await fetch(`${listener.inspector}api/requests/4500`)).status).toBe(404);
    expect((await fetch(`${listener.inspector}api/requests/4501`)).status).toBe(200);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('--forward-to: shows the app answer beside this package verdict while the app accepts, refuses, hangs, and is down', async () => {
    const received: string[] = [];
    const app = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(body);
        if (body.includes('edge-hangs')) return;
        const refuse = body.includes('edge-refused');
        response.writeHead(refuse ? 403 : 200, { 'content-type': 'application/json' });
        response.end(refuse ? '{"error":"not our server"}' : '{"received":true,"by":"my-app"}');
      });
    });
    servers.push(app);
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hooks/wmspanel`;
    const listener = await listen(['--forward-to', appUrl, '--forward-timeout', '1']);
    const { page, problems } = await open(listener.inspector);
    expect(await page.textContent('header')).toContain(appUrl);

    const sent: [string[], number][] = [
      [['--server', 'edge1.example.com'], 200],
      [['--kind', 'stream', '--stream', 'live/cam-1'], 200],
      [['--server', 'edge-refused.example.com'], 403],
      [['--kind', 'ppv', '--player', '17', '--player', '42@vod/movie.mp4'], 200],
      [['--server', 'edge-hangs.example.com'], 504],
      [['--server', 'edge2.example.com', '--forge', 'wrong-token'], 200],
    ];
    for (const [args, status] of sent) expect((await post(listener.url, await signed(args))).status).toBe(status);
    await row(page, 6, 'refused');
    expect(await page.textContent('#requests tbody tr[data-id="5"] td.app')).toMatch(/timeout/);
    expect(await page.textContent('#requests tbody tr[data-id="3"] td.app')).toMatch(/403/);
    expect(await page.textContent('#requests tbody tr[data-id="6"] td.sent')).toContain('200');

    // The app goes down: 502, shown as such.
    await new Promise((resolve) => app.close(resolve).closeAllConnections());
    expect((await post(listener.url, await signed(['--server', 'edge3.example.com']))).status).toBe(502);
    await page.waitForFunction(() => /down/.test(document.querySelector('#requests tbody tr[data-id="7"] td.app')?.textContent ?? ''));

    // Side by side: this package refused what the app accepted.
    await page.click('#requests tbody tr[data-id="6"]');
    await page.waitForSelector('#detail .theirs');
    expect(await page.textContent('#detail .ours')).toContain('401');
    expect(await page.textContent('#detail .theirs')).toContain('my-app');
    expect(await page.textContent('#detail .hint')).toMatch(/token/);
    await page.screenshot({ path: SCREENSHOT });
    expect(received).toHaveLength(6);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders the verdicts listen itself never gives (in-progress, defaulted, failed) from a history filled by hand', async () => {
    const history = createHistory(10);
    const base = (outcome: InspectedRequest['verdict']['outcome'], status: number, code: string | null): InspectedRequest =>
      inspectedRequest({ sender: '10.0.0.5', contentType: 'application/json', body: new TextEncoder().encode('{}'), kind: 'publish-control', verdict: { outcome, status, code, message: code === null ? null : `${code} message` }, sentStatus: status });
    history.add(base('in-progress', 409, 'NOTIFICATION_IN_PROGRESS'));
    history.add(base('defaulted', 200, 'HANDLER_TIMEOUT'));
    history.add(base('failed', 500, 'HANDLER_FAILED'));
    const handler = createInspectorHandler({ history, hello: { limit: 10, listening: 'http://127.0.0.1:1/', forwardTo: null, kinds: ['publish-control'] }, resend: async () => ({ status: 409, body: {} }), loopback: { loopback: true } });
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { page, problems } = await open(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await row(page, 3, 'failed');
    expect(await rows(page)).toEqual([
      [3, 'publish-control', 'failed'],
      [2, 'publish-control', 'defaulted'],
      [1, 'publish-control', 'in-progress'],
    ]);
    expect(await page.textContent('#requests tbody tr[data-id="1"] td.verdict')).toMatch(/in-progress.*409/);
    handler.closeFeeds();
    expect(problems).toEqual([]);
    await page.close();
  });
});
