import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createAdvertizerSessionResponse,
  readAdvertizerSessionResponse,
  type AdvertizerSessionDecision,
} from '../../../src/kinds/advertizer-session/response.js';
import { hostileProxy } from '../../helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/advertizer/${name}`, import.meta.url), 'utf8');

/** per-session-handler-response.json as this package writes it: ids as strings, the rule's keys in the scenario's order. */
const NORMALIZED =
  '{"rules":[{"id":"101","type":"session","time_sync":"stream","time_offset":0,"contents":[{"id":["1","2","3","4"]}]}],"rules_response":[{"rules":["101"],"session":5,"request_interval":10}]}';

/** The TypeError `run` throws (fails the test when it does not throw). */
const refusalOf = (run: () => unknown): TypeError => {
  try {
    run();
  } catch (error) {
    return error as TypeError;
  }
  throw new Error('not refused');
};

/** A valid decision: each row of the table below breaks one thing of it. */
const base = () => ({
  rules: [
    { id: 101, time_sync: 'stream', time_offset: 0, contents: [{ id: ['1', '2', '3', '4'] }] },
    { id: 'mid', type: 'session', protocols: ['hls'], time_sync: 'stream', time_offset: '30', time_interval: '60', contents: [{ id: 5, onerror: 'skip', wait: 10 }] },
  ] as Record<string, unknown>[],
  rules_response: [
    { session: 5, rules: [101, 'mid'], request_interval: 10 },
    { session: '6', rules: [] },
  ] as Record<string, unknown>[],
});
type Decision = ReturnType<typeof base>;

describe('createAdvertizerSessionResponse(decision)', () => {
  it('writes per-session-handler-response.json with ids as strings, byte for byte', () => {
    expect(JSON.stringify(createAdvertizerSessionResponse(JSON.parse(fixture('per-session-handler-response.json'))))).toBe(NORMALIZED);
  });

  it('writes the base decision: type "session" by default, "30" as 30, wait 10 as "10", session "6" as 6, an empty rules list kept', () => {
    expect(JSON.stringify(createAdvertizerSessionResponse(base() as never))).toBe(
      '{"rules":[{"id":"101","type":"session","time_sync":"stream","time_offset":0,"contents":[{"id":["1","2","3","4"]}]},' +
        '{"id":"mid","protocols":["hls"],"type":"session","time_sync":"stream","time_offset":30,"time_interval":60,"contents":[{"id":"5","onerror":"skip","wait":"10"}]}],' +
        '"rules_response":[{"rules":["101","mid"],"session":5,"request_interval":10},{"rules":[],"session":6}]}',
    );
  });

  it('writes both lists, empty, for a decision without them', () => {
    expect(JSON.stringify(createAdvertizerSessionResponse({}))).toBe('{"rules":[],"rules_response":[]}');
    expect(JSON.stringify(createAdvertizerSessionResponse({ rules_response: [{ session: 1, rules: ['r'] }] }))).toBe('{"rules":[],"rules_response":[{"rules":["r"],"session":1}]}');
  });

  it.each<[string, (d: Decision) => void, string[]]>([
    ['a rule of type "global"', (d) => (d.rules[0]!.type = 'global'), ['rules[0].type: a session handler\'s rule is of type "session", not "global"']],
    ['a rule type that is not a string', (d) => (d.rules[0]!.type = 1), ['rules[0].type: a session handler\'s rule is of type "session"']],
    ['an app (session rules take none)', (d) => (d.rules[0]!.app = 'live'), ['rules[0].app: unknown field']],
    ['a duplicate rule id (101 and "101")', (d) => (d.rules[1]!.id = '101'), ['rules[1].id: duplicate id "101": rules[0] has it too (101 and "101" are the same id)']],
    ['no time_sync', (d) => delete d.rules[0]!.time_sync, ['rules[0].time_sync: missing: a time_sync, one of "stream", "gmt", "scte35"']],
    ['a gmt rule with an impossible date', (d) => Object.assign(d.rules[0]!, { time_sync: 'gmt', time_offset: '2018-15-01 20:15:05' }), ['rules[0].time_offset: month 15 does not exist (the format is YYYY-MM-DD HH:MM:SS: are day and month swapped? "2018-01-15 20:15:05")']],
    ['an empty adaptive set', (d) => (d.rules[0]!.contents = [{ id: [] }]), ['rules[0].contents[0].id: an adaptive set must list at least one content id']],
    ['a content listed twice in a set', (d) => (d.rules[0]!.contents = [{ id: ['1', 1] }]), ['rules[0].contents[0].id[1]: "1" is listed twice']],
    ['a wait of "1e3"', (d) => (d.rules[1]!.contents = [{ id: 5, wait: '1e3' }]), ['rules[1].contents[0].wait: "1e3" is not a whole number of seconds: write plain decimal digits (no sign, space, fraction, exponent or hex)']],
    ['a negative session', (d) => (d.rules_response[0]!.session = -5), ['rules_response[0].session: must not be negative']],
    ['a session of "5a"', (d) => (d.rules_response[0]!.session = '5a'), ['rules_response[0].session: "5a" is not a whole number: write plain decimal digits (no sign, space, fraction, exponent or hex)']],
    ['no session', (d) => delete d.rules_response[0]!.session, ['rules_response[0].session: missing: a whole number']],
    ['a session answered twice ("6" and 6)', (d) => (d.rules_response[0]!.session = 6), ['rules_response[1].session: session 6 is answered twice, differently: rules_response[0] has it too']],
    ['a session answered twice differently (its rules)', (d) => d.rules_response.push({ session: 5, rules: ['other'] }), ['rules_response[2].session: session 5 is answered twice, differently: rules_response[0] has it too']],
    ['no rules in an assignment', (d) => delete d.rules_response[0]!.rules, ['rules_response[0].rules: missing: the ids of the rules for this session']],
    ['an empty rule id', (d) => (d.rules_response[0]!.rules = ['']), ['rules_response[0].rules[0]: must not be empty']],
    ['a rule id twice (101 and "101")', (d) => (d.rules_response[0]!.rules = [101, '101']), ['rules_response[0].rules[1]: "101" is listed twice']],
    ['a request_interval of 0', (d) => (d.rules_response[0]!.request_interval = 0), ['rules_response[0].request_interval: must be more than 0']],
    ['a request_interval of 2.5', (d) => (d.rules_response[0]!.request_interval = 2.5), ['rules_response[0].request_interval: must be a whole number of seconds, not 2.5']],
    ['an assignment that is not an object', (d) => d.rules_response.push(5 as never), ['rules_response[2]: must be an object { "session", "rules", "request_interval"? }, not a number']],
    ['rules_response that is an object', (d) => (d.rules_response = {} as never), ['rules_response: must be an array, not an object']],
    ['a typo of rules_response', (d) => Object.assign(d, { rule_response: [] }), ['rule_response: unknown field (a typo of "rules_response"?)']],
    [
      'several problems at once',
      (d) => {
        d.rules[0]!.type = 'app';
        d.rules_response[0]!.session = -1;
        d.rules_response[1]!.request_interval = '0';
        d.rules_response[1]!.extra = true;
      },
      [
        'rules[0].type: a session handler\'s rule is of type "session", not "app"',
        'rules_response[0].session: must not be negative',
        'rules_response[1].extra: unknown field',
        'rules_response[1].request_interval: must be more than 0',
      ],
    ],
  ])('refuses %s with a TypeError naming the path', (_, breakIt, expected) => {
    const decision = base();
    breakIt(decision);
    const error = refusalOf(() => createAdvertizerSessionResponse(decision as never));
    expect(error).toBeInstanceOf(TypeError);
    const shown = expected.slice(0, 3).join('; ') + (expected.length > 3 ? `; and ${expected.length - 3} more` : '');
    expect(error.message).toBe(`wmspanel-notifications: the Advertizer session response has ${expected.length} problem${expected.length === 1 ? '' : 's'}: ${shown}`);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'must be an object { "rules"?, "rules_response"? }, not null'],
    ['undefined', undefined, 'must be an object { "rules"?, "rules_response"? }, not undefined'],
    ['an array', [], 'must be an object { "rules"?, "rules_response"? }, not an array'],
  ])('refuses %s as a decision', (_, decision, message) => {
    expect(refusalOf(() => createAdvertizerSessionResponse(decision as never)).message).toBe(`wmspanel-notifications: the Advertizer session response has 1 problem: ${message}`);
  });

  it('refuses with a TypeError a decision whose reads throw (a Proxy), at the top or inside', () => {
    const hostile = hostileProxy({});
    for (const decision of [hostile, { rules_response: [hostile] }, { rules: [hostile] }]) {
      expect(refusalOf(() => createAdvertizerSessionResponse(decision as never)).message).toBe(
        'wmspanel-notifications: the Advertizer session response could not be read: reading it threw (a getter or a Proxy?)',
      );
    }
  });

  it('throws only TypeErrors for any value, and what it writes reads back the same', () => {
    const id = fc.oneof(fc.constantFrom('1', '101', 'a', ''), fc.integer({ min: -1, max: 200 }));
    const decision = fc.record(
      {
        rules: fc.array(
          fc.record(
            {
              id,
              type: fc.constantFrom('session', 'global'),
              time_sync: fc.constantFrom('stream', 'gmt', 'scte35', 'utc'),
              time_offset: fc.constantFrom(0, '0', 30, '2018-01-01 00:00:00', -1),
              contents: fc.array(fc.record({ id: fc.oneof(id, fc.array(id, { maxLength: 3 })), wait: fc.constantFrom(10, '10', '1e3') }, { requiredKeys: ['id'] }), { maxLength: 2 }),
            },
            { requiredKeys: ['id', 'time_sync', 'time_offset', 'contents'] },
          ),
          { maxLength: 2 },
        ),
        rules_response: fc.array(fc.record({ session: fc.oneof(fc.nat(20), fc.constantFrom('7', '-1', 'x')), rules: fc.array(id, { maxLength: 3 }), request_interval: fc.constantFrom(10, '10', 0) }, { requiredKeys: ['session', 'rules'] }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    let written = 0;
    fc.assert(
      fc.property(fc.oneof(decision, fc.anything()), (value) => {
        let response;
        try {
          response = createAdvertizerSessionResponse(value as AdvertizerSessionDecision);
        } catch (error) {
          return error instanceof TypeError && /^wmspanel-notifications: the Advertizer session response has [1-9]/.test(error.message);
        }
        written++;
        const text = JSON.stringify(response);
        return JSON.stringify(readAdvertizerSessionResponse(text)) === text && JSON.stringify(createAdvertizerSessionResponse(JSON.parse(text))) === text;
      }),
      { numRuns: 800 },
    );
    expect(written).toBeGreaterThan(20);
  });
});

describe('readAdvertizerSessionResponse(body)', () => {
  it('reads per-session-handler-response.json the way Nimble would: 101 as "101"', () => {
    expect(JSON.stringify(readAdvertizerSessionResponse(fixture('per-session-handler-response.json')))).toBe(NORMALIZED);
  });

  it('reads a PHP handler\'s answer: escaped slashes, numbers as strings, fields nobody documented left out', () => {
    const body =
      '{"rules":[{"id":"7","time_sync":"stream","time_offset":"0","contents":[{"id":"5","wait":"2"}],"note":"x"}],' +
      '"rules_response":[{"session":"12","rules":["7"],"request_interval":"30","debug":true}],"handler":"ads\\/v2"}';
    expect(JSON.stringify(readAdvertizerSessionResponse(body))).toBe(
      '{"rules":[{"id":"7","type":"session","time_sync":"stream","time_offset":0,"contents":[{"id":"5","wait":"2"}]}],"rules_response":[{"rules":["7"],"session":12,"request_interval":30}]}',
    );
  });

  it('reads an empty object as an answer without rules', () => {
    expect(readAdvertizerSessionResponse('{}')).toEqual({ rules: [], rules_response: [] });
  });

  it.each<[string, string, string]>([
    ['prose before the object', 'OK {"rules":[]}', 'the Advertizer session response is not valid JSON at line 1, column 1: text ("OK") where the value should start: prose before the object? JSON has no comments; remove the text before {'],
    ['an empty body', '', 'the Advertizer session response is not valid JSON at line 1, column 1: the text is empty'],
    ['a trailing comma', '{"rules":[],\n"rules_response":[],}', 'the Advertizer session response is not valid JSON at line 2, column 21: a trailing comma before }: remove the comma'],
    ['a rule of another type', '{"rules":[{"id":1,"type":"stream","time_sync":"stream","time_offset":0,"contents":[{"id":"1"}]}]}', 'the Advertizer session response has 1 problem: rules[0].type: a session handler\'s rule is of type "session", not "stream"'],
    ['a session answered twice, differently', '{"rules_response":[{"session":1,"rules":[]},{"session":"1","rules":["a"]}]}', 'the Advertizer session response has 1 problem: rules_response[1].session: session 1 is answered twice, differently: rules_response[0] has it too'],
    ['an array', '[]', 'the Advertizer session response has 1 problem: must be an object { "rules"?, "rules_response"? }, not an array'],
  ])('refuses %s with a TypeError naming where', (_, body, message) => {
    const error = refusalOf(() => readAdvertizerSessionResponse(body));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`wmspanel-notifications: ${message}`);
  });

  it('refuses a body that is not a string', () => {
    expect(refusalOf(() => readAdvertizerSessionResponse({ rules: [] } as never)).message).toBe('wmspanel-notifications: readAdvertizerSessionResponse takes the body as a string');
  });

  it('throws only TypeErrors for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue().map((value) => JSON.stringify(value))), (body) => {
        try {
          readAdvertizerSessionResponse(body);
          return true;
        } catch (error) {
          return error instanceof TypeError && error.message.startsWith('wmspanel-notifications: the Advertizer session response ');
        }
      }),
      { numRuns: 300 },
    );
  });
});
