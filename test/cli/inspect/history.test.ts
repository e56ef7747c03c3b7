import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RESENDABLE_BYTES, createHistory, type HistoryEvent, type InspectedRequest } from '../../../src/cli/inspect/history.js';
import { inspectedRequest } from './requests.js';

const request = (change: Partial<InspectedRequest> = {}): InspectedRequest => inspectedRequest({ headers: [['content-type', 'application/json']], contentType: 'application/json', ...change });

const bytes = (length: number): Uint8Array => new Uint8Array(length).fill(0x61);

describe('createHistory', () => {
  it('numbers requests from 1, tells listeners of each one and each update, and keeps the last `limit`', () => {
    const history = createHistory(2);
    const events: HistoryEvent[] = [];
    history.subscribe((event) => events.push(event));
    const first = history.add(request());
    history.update(first, { verdict: { outcome: 'accepted', status: 200, code: null, message: null }, sentStatus: 200 });
    history.add(request());
    history.add(request());
    expect(events.map((event) => (event.type === 'entry' ? [event.summary.id, event.summary.verdict.outcome] : ['evicted', event.before]))).toEqual([
      [1, 'pending'],
      [1, 'accepted'],
      [2, 'pending'],
      ['evicted', 2],
      [3, 'pending'],
    ]);
    expect(history.summaries().map((summary) => summary.id)).toEqual([2, 3]);
    expect(history.detail(1)).toBeUndefined();
    history.update(1, { sentStatus: 500 });
    expect(events).toHaveLength(5);
  });

  it('keeps a body whole to send again up to MAX_RESENDABLE_BYTES, and a preview of a larger one', () => {
    const history = createHistory(10, 64 * 1024 * 1024);
    const small = history.add(request({ body: new TextEncoder().encode('{"a":1}') }));
    expect(history.resendable(small)).toEqual({ body: new TextEncoder().encode('{"a":1}'), contentType: 'application/json', url: '/' });
    expect(history.detail(small)).toMatchObject({ bodyBytes: 7, resendable: true, body: { text: '{\n  "a": 1\n}', json: true, truncated: false, bytes: 7 } });
    const large = history.add(request({ body: bytes(MAX_RESENDABLE_BYTES + 1) }));
    expect(history.resendable(large)).toBe(false);
    expect(history.detail(large)).toMatchObject({ bodyBytes: MAX_RESENDABLE_BYTES + 1, resendable: false, body: { truncated: true, bytes: MAX_RESENDABLE_BYTES + 1 } });
    expect(history.detail(large)!.body!.text.length).toBe(256 * 1024);
    expect(history.resendable(99)).toBeUndefined();
    expect(history.resendable(history.add(request()))).toBe(false);
  });

  it('drops the oldest requests once their bodies pass the byte budget, but always keeps the newest', () => {
    const history = createHistory(100, 3 * 1024 * 1024);
    for (let i = 0; i < 5; i++) history.add(request({ body: bytes(1024 * 1024) }));
    expect(history.summaries().map((summary) => summary.id)).toEqual([4, 5]);
    const alone = createHistory(100, 1024);
    alone.add(request({ body: bytes(4096) }));
    expect(alone.summaries()).toHaveLength(1);
  });

  it('stays within its budget whatever arrives, and every id it lists can be shown (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.record({ body: fc.integer({ min: 0, max: 5000 }), answer: fc.integer({ min: 0, max: 5000 }), update: fc.boolean() }), { maxLength: 40 }),
        (limit, arrivals) => {
          const budget = 16 * 1024;
          const history = createHistory(limit, budget);
          for (const arrival of arrivals) {
            const id = history.add(request());
            const change = { body: bytes(arrival.body), answer: { status: 200, contentType: null, body: bytes(arrival.answer), bytes: arrival.answer } };
            if (arrival.update) history.update(id, change);
          }
          const kept = history.summaries();
          expect(kept.length).toBeLessThanOrEqual(limit);
          // The budget counts bodies, answers, 512 bytes a request, its path and its headers (64 bytes a pair
          // and 2 a character); only the newest may stand alone past it.
          const overhead = 512 + 2 * '/'.length + 64 + 2 * ('content-type'.length + 'application/json'.length);
          const size = kept.reduce((sum, summary) => sum + overhead + (summary.bodyBytes ?? 0) + (history.detail(summary.id)!.answer?.body.bytes ?? 0), 0);
          if (kept.length > 1) expect(size).toBeLessThanOrEqual(budget);
          const ids = kept.map((summary) => summary.id);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
          if (arrivals.length > 0) expect(ids.at(-1)).toBe(arrivals.length);
        },
      ),
    );
  });

  it('goes on when a listener throws', () => {
    const history = createHistory(5);
    const heard: number[] = [];
    history.subscribe(() => {
      throw new Error('a feed failed');
    });
    history.subscribe((event) => event.type === 'entry' && heard.push(event.summary.id));
    expect(() => history.add(request())).not.toThrow();
    expect(heard).toEqual([1]);
  });

  it('shows headers with their secrets redacted, and the path with its query secrets redacted', () => {
    const history = createHistory(5);
    const id = history.add(request({ url: '/hook?digest=d93053a1875c034384bb4fb06b20792f', headers: [['Authorization', 'Bearer abcdefghijklmnopqrstuvwxyz0123']] }));
    expect(history.detail(id)).toMatchObject({ path: '/hook?digest=d93053… (redacted)', headers: [['Authorization', 'Bearer… (redacted)']] });
  });
});

describe('createHistory: headers', () => {
  it('counts what headers really take, and keeps at most 100 of them', () => {
    const headers: [string, string][] = Array.from({ length: 1900 }, (_, i) => [`x-header-${i}`, 'v'.repeat(20)]);
    const history = createHistory(1000, 256 * 1024);
    for (let i = 0; i < 50; i++) history.add(request({ headers }));
    const kept = history.summaries();
    // 100 pairs of some 30 characters, in a 256 KiB budget: far fewer than 50 requests fit.
    expect(kept.length).toBeLessThan(50);
    const detail = history.detail(kept.at(-1)!.id)!;
    expect(detail.headers).toHaveLength(101);
    expect(detail.headers.at(-1)).toEqual(['…', '1800 more headers, not kept']);
  });

  it('offers to send again only what was posted', () => {
    const history = createHistory(5);
    const get = history.add(request({ method: 'GET', body: new Uint8Array(0) }));
    expect(history.resendable(get)).toBe(false);
    expect(history.summaries()[0]!.resendable).toBe(false);
  });

  it('shows a body over 1 MiB as text, without parsing it, and works it out once', () => {
    const history = createHistory(5);
    const big = new TextEncoder().encode(JSON.stringify({ digest: 'd93053a1875c034384bb4fb06b20792f', pad: 'x'.repeat(1024 * 1024) }));
    const id = history.add(request({ body: big }));
    const detail = history.detail(id)!;
    expect(detail.body).toMatchObject({ json: false, truncated: true, bytes: big.byteLength });
    expect(detail.body!.text.startsWith('{"digest":"d93053… (redacted)","pad":"xxx')).toBe(true);
    expect(history.detail(id)!.body).toBe(detail.body);
  });
});

describe('createHistory: paths', () => {
  it('shows at most 1024 characters of a path', () => {
    const history = createHistory(5);
    const id = history.add(request({ url: `/${'p'.repeat(5000)}` }));
    expect(history.detail(id)!.path).toBe(`/${'p'.repeat(1023)}…`);
  });
});

describe('createHistory: what the page is sent of a large body', () => {
  it('is at most 256 Ki characters, redacted values included', () => {
    const history = createHistory(5);
    // Each short value is redacted whole, which makes it longer: 'token=abc&' is 'token=… (redacted)&'.
    const pairs = new TextEncoder().encode('token=abc&'.repeat(150_000));
    const id = history.add(request({ body: pairs }));
    const { body } = history.detail(id)!;
    expect(body).toMatchObject({ json: false, truncated: true });
    expect(body!.text.length).toBe(256 * 1024);
    expect(body!.text).not.toContain('abc');
  });
});

describe('createHistory: what it holds is what it counts', () => {
  it('keeps a copy of a body that is a view into a larger buffer (a socket read), not the whole buffer', () => {
    const history = createHistory(5);
    const large = new ArrayBuffer(1024 * 1024);
    const view = new Uint8Array(large, 100, 64);
    view.fill(0x7b);
    const id = history.add(request({ body: view }));
    const kept = history.resendable(id);
    expect(kept && kept.body.byteLength).toBe(64);
    expect(kept && kept.body.buffer.byteLength).toBe(64);
  });
});
