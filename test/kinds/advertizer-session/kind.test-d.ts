import { describe, expectTypeOf, it } from 'vitest';
import {
  advertizerSessionKind,
  createAdvertizerSessionRequestVerifier,
  type AdvertizerSessionKindOptions,
  type AdvertizerSessionRequest,
  type NotificationVerifier,
  type ReceivedKind,
} from '../../../src/index.js';

describe('advertizerSessionKind', () => {
  it('returns a value of its tag and request type; its verifier verifies into that request', () => {
    expectTypeOf(advertizerSessionKind).returns.toEqualTypeOf<ReceivedKind<'advertizer-session', AdvertizerSessionRequest>>();
    expectTypeOf(createAdvertizerSessionRequestVerifier()).toEqualTypeOf<NotificationVerifier<'advertizer-session', AdvertizerSessionRequest>>();
  });

  it('requires onAdvertizerSessions, and checks what it returns', () => {
    expectTypeOf({}).not.toExtend<AdvertizerSessionKindOptions>();
    expectTypeOf({ onAdvertizerSessions: () => undefined }).toExtend<AdvertizerSessionKindOptions>();
    expectTypeOf({ onAdvertizerSessions: async (r: AdvertizerSessionRequest) => ({ rules_response: r.ruleRequests.map(({ session }) => ({ session, rules: ['abr'] })) }) }).toExtend<AdvertizerSessionKindOptions>();
    expectTypeOf({ onAdvertizerSessions: () => ({ rules_response: 'all' }) }).not.toExtend<AdvertizerSessionKindOptions>();
    expectTypeOf({ onAdvertizerSessions: () => ({ rules: [{ id: 1, type: 'app', time_sync: 'stream', time_offset: 0, contents: [] }] }) }).not.toExtend<AdvertizerSessionKindOptions>();
    // @ts-expect-error: another kind's callback is not an option of this one
    advertizerSessionKind({ onAdvertizerSessions: () => undefined, onNotification: () => undefined });
  });
});
