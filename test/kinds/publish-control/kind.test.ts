// The receive step with onPublishControlRequest: what the conformance suite (conformance.test.ts, from the
// kit in test/kits.ts) does not check: each publisher's decision, what a failed callback answers, the
// default size limit, and that it needs no token.
import { describe, expect, it } from 'vitest';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../../../src/index.js';
import { createTestPlaybackAuthorizationRequest, createTestPublishControlRequest, readPublishControlResponse } from '../../../src/testing.js';

const post = (body: unknown) => ({ method: 'POST', readBody: async () => body });
const receiver = (options: Partial<NotificationHandlerOptions>) => createNotificationReceiver({ onError: () => undefined, ...options } as NotificationHandlerOptions);

describe('the receive step with onPublishControlRequest', () => {
  it('needs no token, and still needs one as soon as a signed kind is received', () => {
    expect(() => createNotificationReceiver({ onPublishControlRequest: () => [] })).not.toThrow();
    expect(() => createNotificationReceiver({ onPublishControlRequest: () => [], onNotification: () => undefined })).toThrow(TypeError);
  });

  it('answers each publisher its decision (seq echoed with its type), a missing decision or a disagreeing pair as fail', async () => {
    const { body, request } = createTestPublishControlRequest({ publishers: [{ seq: '1', id: 'ok' }, { seq: 2, id: 'ok2' }, { seq: '3', id: 'no' }, { seq: '4', id: 'both' }] });
    const result = await receiver({
      onPublishControlRequest: (r) => [
        ...r.requests.filter((item) => item.id.startsWith('ok')).map((item) => ({ seq: String(item.seq), allow: true })),
        { seq: '4', allow: true },
        { seq: '4', allow: false },
      ],
    }).receive(post(body));
    expect(result.status).toBe(200);
    expect(result.body).toBe('{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":2,"status":"success"},{"seq":"3","status":"fail"},{"seq":"4","status":"fail"}]}');
    expect(readPublishControlResponse(result.body, request).map((d) => d.allow)).toEqual([true, true, false, false]);
  });

  it('a publish callback that fails answers every publisher the failure decision', async () => {
    const { body } = createTestPublishControlRequest({ publishers: [{ seq: '1' }, { seq: 7 }] });
    const failing = () => {
      throw new Error('x');
    };
    expect((await receiver({ onPublishControlRequest: failing }).receive(post(body))).body).toBe('{"PublishAuthResponse":[{"seq":"1","status":"fail"},{"seq":7,"status":"fail"}]}');
    expect((await receiver({ onPublishControlRequest: failing, failureDecision: 'allow' }).receive(post(body))).body).toBe(
      '{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":7,"status":"success"}]}',
    );
  });

  it('nothing returned refuses: a publisher gets fail', async () => {
    const publish = createTestPublishControlRequest();
    expect((await receiver({ onPublishControlRequest: () => undefined }).receive(post(publish.body))).body).toBe('{"PublishAuthResponse":[{"seq":"1","status":"fail"}]}');
  });

  it('reads up to 1 MiB by default: room for a request of 10,000 publishers', () => {
    expect(receiver({ onPublishControlRequest: () => [] }).limits.maxBodyBytes).toBe(1024 * 1024);
    const { body } = createTestPublishControlRequest({ publishers: Array.from({ length: 10_000 }, (_, i) => ({ id: `publisher-${i}`, ip: '203.0.113.200', stream: `live/stream-${i}` })) });
    expect(body.length).toBeLessThan(1024 * 1024);
  });

  it('receives publish control and playback requests at one endpoint, each to its own callback', async () => {
    const seen: string[] = [];
    const r = receiver({ onPublishControlRequest: () => void seen.push('publish'), onPlaybackAuthorizationRequest: () => void seen.push('playback') });
    await r.receive(post(createTestPublishControlRequest().body));
    await r.receive(post(createTestPlaybackAuthorizationRequest().body));
    expect(seen).toEqual(['publish', 'playback']);
  });
});
