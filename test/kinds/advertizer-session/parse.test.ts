import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAdvertizerSessionRequest } from '../../../src/index.js';
import { expectCode, throwsOnlyNotificationErrors } from '../../helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/advertizer/${name}`, import.meta.url), 'utf8');

describe('parseAdvertizerSessionRequest(body)', () => {
  it('reads Softvelum\'s published request (per-session-handler-request.json) as it is, byte for byte', () => {
    const text = fixture('per-session-handler-request.json');
    const { raw, ...request } = parseAdvertizerSessionRequest(text);
    expect(request).toStrictEqual({
      sessions: [
        {
          session: 6,
          app: 'local',
          stream: 'mp4/sample.mp4',
          clientIp: '127.0.0.1',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36',
          state: 'inactive',
          views: [],
        },
        {
          session: 7,
          app: 'local',
          stream: 'mp4/sample.mp4',
          clientIp: '127.0.0.1',
          userAgent: 'some agent',
          state: 'active',
          views: [{ rule: '101', content: '2', uri: 'http://127.0.0.1:8085/ads/1_240p.mp4' }],
        },
      ],
      ruleRequests: [{ session: 1, protocol: 'hls', app: 'local', stream: 'mp4/sample.mp4', clientIp: '127.0.0.1', userAgent: 'curl/7.68.0', streamTime: 0 }],
    });
    expect(raw).toStrictEqual(JSON.parse(text));
    // The same from bytes, and from what a body parser made of it.
    expect(parseAdvertizerSessionRequest(new TextEncoder().encode(text)).sessions).toStrictEqual(request.sessions);
    expect(parseAdvertizerSessionRequest(JSON.parse(text)).ruleRequests).toStrictEqual(request.ruleRequests);
  });

  it('takes ids as numbers or strings: sessions as numbers, rules and contents as strings', () => {
    const request = parseAdvertizerSessionRequest({
      session_info: [{ session: '12', app: 'a', stream: 's', views: [{ rule: 101, content: 2 }, { rule: 'id_one1', content: 'pre-roll' }] }],
      rules_request: [{ session: '9007199254740991', app: 'a', stream: 's', stream_time: '12.5' }],
    });
    expect(request.sessions[0]).toStrictEqual({ session: 12, app: 'a', stream: 's', views: [{ rule: '101', content: '2' }, { rule: 'id_one1', content: 'pre-roll' }] });
    expect(request.ruleRequests[0]).toStrictEqual({ session: Number.MAX_SAFE_INTEGER, app: 'a', stream: 's', streamTime: 12.5 });
  });

  it('either list alone is a request; null fields are absent', () => {
    expect(parseAdvertizerSessionRequest('{"session_info":[]}')).toMatchObject({ sessions: [], ruleRequests: [] });
    expect(parseAdvertizerSessionRequest('{"rules_request":[{"session":1,"app":"a","stream":"s","protocol":null,"user_agent":null}]}').ruleRequests).toStrictEqual([{ session: 1, app: 'a', stream: 's' }]);
  });

  it.each<[string, unknown, string]>([
    ['neither list', { url: '/a' }, 'Field "session_info" or "rules_request" is missing'],
    ['session_info not a list', { session_info: {} }, 'Field "session_info" must be a list'],
    ['an item not an object', { rules_request: [1] }, 'Field "rules_request[0]" must be an object'],
    ['no session', { rules_request: [{ app: 'a', stream: 's' }] }, 'Field "rules_request[0].session" must be a non-negative integer'],
    ['a negative session', { session_info: [{ session: -1, app: 'a', stream: 's' }] }, 'Field "session_info[0].session" must be a non-negative integer'],
    ['a fractional session', { session_info: [{ session: 1.5, app: 'a', stream: 's' }] }, 'must be a non-negative integer'],
    // Past 2^53 JSON.parse has rounded it: answering it would give rules to another session.
    ['a session past 2^53', '{"rules_request":[{"session":9007199254740993,"app":"a","stream":"s"}]}', 'must be a non-negative integer of at most 9007199254740991'],
    ['a session of digits past 2^53', { rules_request: [{ session: '9007199254740993', app: 'a', stream: 's' }] }, 'must be a non-negative integer'],
    ['a session that is not digits', { rules_request: [{ session: '1e3', app: 'a', stream: 's' }] }, 'must be a non-negative integer'],
    ['no app', { rules_request: [{ session: 1, stream: 's' }] }, 'Field "rules_request[0].app" is missing'],
    ['a numeric stream', { session_info: [{ session: 1, app: 'a', stream: 5 }] }, 'Field "session_info[0].stream" must be a string'],
    ['views not a list', { session_info: [{ session: 1, app: 'a', stream: 's', views: 'x' }] }, 'Field "session_info[0].views" must be a list'],
    ['a view without a content', { session_info: [{ session: 1, app: 'a', stream: 's', views: [{ rule: '1' }] }] }, 'Field "session_info[0].views[0].content" must be a whole number of at most 9007199254740991 or a non-empty string'],
    // Past 2^53 JSON.parse has rounded it: "1152921504606846976" would name another rule.
    ['a rule id past 2^53', '{"session_info":[{"session":1,"app":"a","stream":"s","views":[{"rule":1152921504606846977,"content":"1"}]}]}', 'Field "session_info[0].views[0].rule" must be'],
    ['a fractional content id', { session_info: [{ session: 1, app: 'a', stream: 's', views: [{ rule: '1', content: 1.5 }] }] }, 'Field "session_info[0].views[0].content" must be'],
    ['both lists null', { session_info: null, rules_request: null }, 'Field "session_info" or "rules_request" is missing'],
    ['an empty rule id', { session_info: [{ session: 1, app: 'a', stream: 's', views: [{ rule: '', content: '1' }] }] }, 'Field "session_info[0].views[0].rule" must be'],
    ['a negative stream_time', { rules_request: [{ session: 1, app: 'a', stream: 's', stream_time: -1 }] }, 'Field "rules_request[0].stream_time" must be a non-negative number of seconds'],
    ['a user agent of 8 KiB and more', { rules_request: [{ session: 1, app: 'a', stream: 's', user_agent: 'x'.repeat(8193) }] }, 'Field "rules_request[0].user_agent" is longer than 8192 characters'],
  ])('refuses %s: INVALID_NOTIFICATION naming the field', (_, body, message) => {
    expect(expectCode(() => parseAdvertizerSessionRequest(body), 'INVALID_NOTIFICATION').message).toContain(message);
  });

  it('refuses a body that is not JSON, or XML, with their codes', () => {
    expectCode(() => parseAdvertizerSessionRequest('{"session_info":['), 'INVALID_JSON');
    expectCode(() => parseAdvertizerSessionRequest('<session_info/>'), 'XML_NOT_SUPPORTED');
  });

  it('property: throws nothing but a NotificationError, whatever the input', () => {
    const item = fc.record(
      { session: fc.oneof(fc.integer(), fc.string(), fc.anything()), app: fc.oneof(fc.string(), fc.anything()), stream: fc.string(), views: fc.oneof(fc.array(fc.record({ rule: fc.anything(), content: fc.anything() })), fc.anything()), stream_time: fc.anything() },
      { requiredKeys: [] },
    );
    const shaped = fc.record({ session_info: fc.oneof(fc.array(item), fc.anything()), rules_request: fc.oneof(fc.array(item), fc.anything()) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.jsonValue(), shaped), throwsOnlyNotificationErrors(parseAdvertizerSessionRequest)), { numRuns: 2000 });
  });
});
