import { describe, expectTypeOf, it } from 'vitest';
import { advertizerSessionKind, createAdvertizerSessionResponse, type AdvertizerSessionDecision, type AdvertizerSessionResponse } from '../../../src/index.js';
import { readAdvertizerSessionResponse } from '../../../src/testing.js';

describe('the Advertizer session answer types', () => {
  it('what createAdvertizerSessionResponse and readAdvertizerSessionResponse return is a decision the callback may return', () => {
    expectTypeOf<AdvertizerSessionResponse>().toExtend<AdvertizerSessionDecision>();
    advertizerSessionKind({ onAdvertizerSessions: () => createAdvertizerSessionResponse({ rules_response: [{ session: 1, rules: ['a'] }] }) });
    advertizerSessionKind({ onAdvertizerSessions: async () => readAdvertizerSessionResponse('{"rules":[],"rules_response":[]}') });
  });

  it('a session rule is of type "session" only', () => {
    expectTypeOf<AdvertizerSessionResponse['rules'][number]['type']>().toEqualTypeOf<'session'>();
  });
});
