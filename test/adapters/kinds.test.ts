// Every notification kind through every adapter on a real server, and several kinds at one endpoint.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestPayPerViewSync, createTestPublishControlRequest } from '../../src/testing.js';
import { TOKEN } from '../helpers.js';
import { NOTIFICATION_ERROR_STATUS, isNotificationError, type NotificationErrorCode } from '../../src/index.js';
import { kit, kits, type Tag } from '../kits.js';
import { post, record } from './client.js';
import { targets, type Running } from './servers.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe.each(targets)('$name adapter', (target) => {
  describe.each(kits)('$name notifications', (kit) => {
    it('handles a genuine one (200), answers it again (a duplicate, or asked anew), and refuses a forged or invalid one', async () => {
      const handled: unknown[] = [];
      const { options, errors } = record(kit.options(handled) as never);
      const server = await target.start(options);
      running.push(server);
      const body = kit.genuine();
      const first = await post(server.url, body);
      expect(first.status).toBe(200);
      // Byte for byte: the senders read these answers with their own parsers.
      expect(first.text).toBe(JSON.stringify(kit.accepted(body)));
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect((await post(server.url, body, { headers: { 'content-type': 'application/json' } })).json).toEqual(kit.duplicate(body));
      const calls = kit.oneTime ? 1 : 2;
      expect(handled).toHaveLength(calls);
      const forged = await post(server.url, kit.forged());
      expect(forged.status).toBe(NOTIFICATION_ERROR_STATUS[kit.forgedCode as NotificationErrorCode]);
      expect(forged.json).toMatchObject({ error: { code: kit.forgedCode } });
      expect(handled).toHaveLength(calls);
      expect(errors).toHaveLength(1);
    });
  });

  it('receives every kind at one endpoint, each to its own callback', async () => {
    // What each kind's callback was called with: one for each of its kits (two for stream notifications).
    // Every kind's options, from its first kit: the kits of one kind share its callback.
    const handled = new Map<Tag, unknown[]>();
    const every: Record<string, unknown> = {};
    for (const { tag, options } of kits) {
      if (handled.has(tag)) continue;
      handled.set(tag, []);
      // A kit's options set the other kinds' defaults to undefined (onNotification): only what it gives counts.
      for (const [name, value] of Object.entries(options(handled.get(tag)!))) if (value !== undefined) every[name] = value;
    }
    const server = await target.start(record(every).options);
    running.push(server);
    for (const kit of kits) {
      const body = kit.genuine();
      expect((await post(server.url, body)).json).toEqual(kit.accepted(body));
    }
    for (const [tag, calls] of handled) expect(calls, tag).toHaveLength(kits.filter((kit) => kit.tag === tag).length);
    const unknown = await post(server.url, JSON.stringify({ hello: 'world' }));
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: { code: 'UNKNOWN_NOTIFICATION_KIND' } });
    const forgedStream = await post(server.url, kit('stream (Nimble)').forged());
    expect(forgedStream.json).toMatchObject({ error: { code: 'INVALID_SIGNATURE' } });
  });

  it('an authorization callback that throws is answered 200 with the failure decision, not the framework\'s error page', async () => {
    const { options, errors } = record({
      onNotification: undefined,
      onPlaybackAuthorizationRequest: () => {
        throw new Error('database down');
      },
      onPublishControlRequest: () => Promise.reject(new Error('database down')),
    });
    const server = await target.start(options);
    running.push(server);
    const playback = await post(server.url, kit('playback authorization').genuine());
    expect([playback.status, playback.text]).toEqual([200, '{"return_code":403}']);
    const publish = await post(server.url, createTestPublishControlRequest({ publishers: [{ seq: 5 }] }).body);
    expect([publish.status, publish.text]).toEqual([200, '{"PublishAuthResponse":[{"seq":5,"status":"fail"}]}']);
    expect(errors).toHaveLength(2);
    expect(server.frameworkErrors).toEqual([]);
  });

  it.each([
    ['javascript:alert(1)', () => ({ redirect: 'javascript:alert(1)' })],
    ['a URL with CR/LF (asynchronously)', async () => ({ redirect: 'https://cdn.example.com/blocked\r\nSet-Cookie: session=1' })],
  ])('a playback callback that redirects to %s failed: answered the failure decision (200), onError told', async (_, onPlaybackAuthorizationRequest) => {
    for (const [failureDecision, decided] of [[undefined, '{"return_code":403}'], ['allow', '{"return_code":200}']] as const) {
      const { options, errors } = record({ onNotification: undefined, onPlaybackAuthorizationRequest, failureDecision });
      const server = await target.start(options);
      running.push(server);
      const answer = await post(server.url, kit('playback authorization').genuine());
      expect([answer.status, answer.text]).toEqual([200, decided]);
      expect(answer.headers.get('set-cookie')).toBeNull();
      expect(errors).toHaveLength(1);
      expect(isNotificationError(errors[0]) && errors[0].code).toBe('HANDLER_FAILED');
      expect((errors[0] as Error).cause).toBeInstanceOf(TypeError);
      expect(((errors[0] as Error).cause as TypeError).message).toMatch(/^wmspanel-notifications: a playback redirect /);
      expect(server.frameworkErrors).toEqual([]);
    }
  });

  it('allowedSenders: the real client address (127.0.0.1) passes, another list refuses with 403 UNKNOWN_SENDER', async () => {
    const handled: unknown[] = [];
    const allowed = await target.start(record({ ...(kit('playback authorization').options(handled) as object), allowedSenders: ['127.0.0.1', '::1'] }).options);
    running.push(allowed);
    expect((await post(allowed.url, kit('playback authorization').genuine())).json).toEqual({ return_code: 200 });
    const { options, errors } = record({ ...(kit('playback authorization').options(handled) as object), allowedSenders: ['192.0.2.10'] });
    const refusing = await target.start(options);
    running.push(refusing);
    const refused = await post(refusing.url, kit('playback authorization').genuine());
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { code: 'UNKNOWN_SENDER' } });
    expect(handled).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });

  it.each(['application/xml', 'text/xml', undefined])('refuses an XML sync sent as %s with 415 XML_NOT_SUPPORTED', async (contentType) => {
    const { options, errors } = record({ onNotification: undefined, onPayPerViewSync: () => undefined });
    const server = await target.start(options);
    running.push(server);
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ApiSyncRequest><ID>1</ID><PayPerViewInfo/></ApiSyncRequest>';
    const answer = await post(server.url, xml, contentType === undefined ? {} : { headers: { 'content-type': contentType } });
    expect(answer.status).toBe(415);
    expect(answer.json).toMatchObject({ error: { code: 'XML_NOT_SUPPORTED' } });
    expect(errors).toHaveLength(1);
  });

  it('answers a 10,000-player sync (past the 8 KiB default of the other kinds) with its 5,000 denied ids; 413 past maxBodyBytes', async () => {
    const players = Array.from({ length: 10_000 }, (_, i) => ({ id: `v${i}`, stream: `live/s${i % 10}` }));
    const { body, sync } = createTestPayPerViewSync({ token: TOKEN, players });
    const { options } = record({ onNotification: undefined, onPayPerViewSync: (s) => ({ deny: s.players.filter((p) => Number(p.id.slice(1)) % 2 === 0).map((p) => p.id) }) });
    const server = await target.start(options);
    running.push(server);
    expect(body.length).toBeGreaterThan(1_000_000);
    const answer = await post(server.url, body);
    expect(answer.status).toBe(200);
    const { DenyList, Solution } = answer.json as { DenyList: { ID: string[] }; Solution: string };
    expect(DenyList.ID).toHaveLength(5000);
    expect(new Set(DenyList.ID)).toEqual(new Set(sync.players.filter((p) => Number(p.id.slice(1)) % 2 === 0).map((p) => p.id)));
    expect(Solution).toBe(createHash('md5').update(sync.puzzle! + TOKEN).digest('base64'));
    const small = await target.start({ ...options, maxBodyBytes: 100_000 });
    running.push(small);
    const refused = await post(small.url, createTestPayPerViewSync({ token: TOKEN, players }).body);
    expect(refused.status).toBe(413);
  });
});
