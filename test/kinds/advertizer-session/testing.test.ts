import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestAdvertizerSessionRequest, sendTestAdvertizerSessionRequest } from '../../../src/testing.js';

const published = JSON.parse(readFileSync(new URL('../../fixtures/advertizer/per-session-handler-request.json', import.meta.url), 'utf8')) as {
  session_info: object[];
  rules_request: object[];
};
const keysOf = (items: object[]) => items.map((item) => Object.keys(item));

describe('createTestAdvertizerSessionRequest(options)', () => {
  it('makes the published request\'s shape: its fields, in Nimble\'s order', () => {
    const body = JSON.parse(createTestAdvertizerSessionRequest({ sessions: [{ state: 'inactive' }, { views: [{ rule: '101', content: '2', uri: 'http://127.0.0.1:8085/ads/1_240p.mp4' }] }] }).body) as typeof published;
    expect(Object.keys(body)).toEqual(Object.keys(published));
    expect(keysOf(body.session_info)).toEqual(keysOf(published.session_info));
    expect(keysOf(body.rules_request)).toEqual(keysOf(published.rules_request));
  });

  it('numbers the sessions from 1 unless told, and parses what it made', () => {
    const { request } = createTestAdvertizerSessionRequest({ sessions: [{}, { session: 40 }], ruleRequests: [{}, { session: 7, app: 'vod', stream: 'movie.mp4', protocol: 'sldp', streamTime: 12.5 }] });
    expect(request.sessions.map((session) => session.session)).toEqual([1, 40]);
    expect(request.ruleRequests).toStrictEqual([
      { session: 2, protocol: 'hls', app: 'live', stream: 'stream', clientIp: '127.0.0.1', userAgent: 'curl/7.68.0', streamTime: 0 },
      { session: 7, protocol: 'sldp', app: 'vod', stream: 'movie.mp4', clientIp: '127.0.0.1', userAgent: 'curl/7.68.0', streamTime: 12.5 },
    ]);
  });

  it('never numbers a session as one given its number explicitly', () => {
    const { request } = createTestAdvertizerSessionRequest({ sessions: [{}, { session: 2 }], ruleRequests: [{ session: 1 }, {}] });
    expect([...request.sessions, ...request.ruleRequests].map((session) => session.session)).toEqual([3, 2, 1, 4]);
  });

  it('by default reports one active session that was shown an ad, and one session asking for rules', () => {
    const { request } = createTestAdvertizerSessionRequest();
    expect(request.sessions).toMatchObject([{ session: 1, state: 'active', views: [{ rule: '101', content: '2' }] }]);
    expect(request.ruleRequests).toMatchObject([{ session: 2, protocol: 'hls' }]);
  });

  it('refuses what Nimble would not send (a negative session) with the parser\'s error', () => {
    expect(() => createTestAdvertizerSessionRequest({ ruleRequests: [{ session: -1 }] })).toThrow(/session/);
  });
});

describe('sendTestAdvertizerSessionRequest(url, options)', () => {
  it('POSTs the body as JSON', async () => {
    let seen = { method: '', type: '', body: '' };
    const server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        seen = { method: request.method ?? '', type: request.headers['content-type'] ?? '', body };
        response.end('{"rules":[],"rules_response":[]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await sendTestAdvertizerSessionRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { ruleRequests: [{ stream: 'match' }] });
      expect(response.status).toBe(200);
      expect(seen.method).toBe('POST');
      expect(seen.type).toMatch(/^application\/json/);
      expect(JSON.parse(seen.body)).toMatchObject({ rules_request: [{ stream: 'match' }] });
    } finally {
      server.close();
    }
  });
});
