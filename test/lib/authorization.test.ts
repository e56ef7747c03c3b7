// What the authorization kinds (publish control, playback authorization) share: src/lib/authorization.ts's
// default callback timeout and failureDecision option, through each kind's receive step.
import { describe, expect, it, vi } from 'vitest';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../../src/index.js';
import { createTestPlaybackAuthorizationRequest, createTestPublishControlRequest } from '../../src/testing.js';

const post = (body: unknown) => ({ method: 'POST', readBody: async () => body });
const receiver = (options: Partial<NotificationHandlerOptions>) => createNotificationReceiver({ onError: () => undefined, ...options } as NotificationHandlerOptions);
const hang = () => new Promise<never>(() => undefined);

/** Each authorization kind: a callback option that never answers, a request, and what its failure answers. */
const authorizationKinds = [
  { name: 'playback authorization', hanging: { onPlaybackAuthorizationRequest: hang }, body: () => createTestPlaybackAuthorizationRequest().body, denied: '{"return_code":403}' },
  { name: 'publish control', hanging: { onPublishControlRequest: hang }, body: () => createTestPublishControlRequest().body, denied: '{"PublishAuthResponse":[{"seq":"1","status":"fail"}]}' },
];

describe.each(authorizationKinds)('$name', ({ hanging, body, denied }) => {
  it('waits 5 s by default for the callback (a viewer or a publisher waits), and handlerTimeoutMs when set', async () => {
    vi.useFakeTimers();
    try {
      let settled: unknown;
      void receiver(hanging).receive(post(body())).then((result) => (settled = result));
      await vi.advanceTimersByTimeAsync(4_999);
      expect(settled).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toMatchObject({ outcome: 'defaulted', body: denied });
      let custom: unknown;
      void receiver({ ...hanging, handlerTimeoutMs: 50 }).receive(post(body())).then((result) => (custom = result));
      await vi.advanceTimersByTimeAsync(50);
      expect(custom).toMatchObject({ outcome: 'defaulted' });
      expect((custom as { error: Error }).error.message).toContain('50 ms');
    } finally {
      vi.useRealTimers();
    }
  });

  it("takes failureDecision 'deny' or 'allow', and refuses anything else with a TypeError naming the option", () => {
    expect(() => receiver({ ...hanging, failureDecision: 'deny' })).not.toThrow();
    expect(() => receiver({ ...hanging, failureDecision: 'allow' })).not.toThrow();
    expect(() => receiver({ ...hanging, failureDecision: 'maybe' as never })).toThrow(TypeError);
    expect(() => receiver({ ...hanging, failureDecision: 'maybe' as never })).toThrow(/failureDecision/);
  });
});
