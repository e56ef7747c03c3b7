import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AdvertizerScenarioProblem } from '../../../src/kinds/advertizer-session/rules.js';
import {
  AdvertizerScenarioError,
  createAdvertizerScenario,
  validateAdvertizerScenario,
  type AdvertizerScenarioInput,
} from '../../../src/kinds/advertizer-session/scenario.js';
import { hostileProxy } from '../../helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/advertizer/${name}`, import.meta.url), 'utf8');
const lines = (problems: readonly AdvertizerScenarioProblem[]): string[] => problems.map(({ path, message }) => (path === '' ? message : `${path}: ${message}`));

/** The problems `createAdvertizerScenario` throws for `input` (fails the test when it does not throw). */
const refusalOf = (input: unknown): AdvertizerScenarioError => {
  try {
    createAdvertizerScenario(input as AdvertizerScenarioInput);
  } catch (error) {
    return error as AdvertizerScenarioError;
  }
  throw new Error(`not refused: ${JSON.stringify(input)}`);
};

/** A valid scenario of every form: each row of the tables below breaks one thing of it. */
const base = () => ({
  contents: [
    { id: 'pre-roll', uri: 'https://cdn.example.com/ads/pre-roll.mp4' },
    { id: 1, uri: 'http://127.0.0.1:8085/ads/1_180p.mp4', height: 180 },
    { id: '2', uri: 'http://127.0.0.1:8085/ads/1_240p.mp4', height: '240' },
    { id: '5', uri: 'file:///var/nimble/adv/pre-roll.aac.mp4' },
  ] as Record<string, unknown>[],
  rules: [
    { id: 'all', type: 'global', time_sync: 'stream', time_offset: 0, contents: [{ id: 5 }] },
    { id: 'hourly', type: 'app', app: 'live', time_sync: 'gmt', time_offset: '2024-02-29 23:59:59', time_interval: 3600, contents: [{ id: ['1', 2] }] },
    { id: 7, type: 'stream', app: 'live', stream: 'channel1', protocols: ['hls'], time_sync: 'scte35', time_offset: '0', contents: [{ id: 'pre-roll', onerror: 'skip', wait: '2' }] },
  ] as Record<string, unknown>[],
  session_handler: { url: 'https://ads.example.com/session', timeout: 1000, onerror: 'skip' } as Record<string, unknown>,
});
type Scenario = ReturnType<typeof base>;
const rule = (s: Scenario, index: number): Record<string, unknown> => s.rules[index]!;
const playing = (s: Scenario, index: number): Record<string, unknown> => (rule(s, index).contents as Record<string, unknown>[])[0]!;

describe('createAdvertizerScenario(input)', () => {
  it('takes the base scenario of these tables', () => {
    expect(() => createAdvertizerScenario(base() as never)).not.toThrow();
    expect(validateAdvertizerScenario(base())).toMatchObject({ valid: true, warnings: [] });
  });

  it.each<[string, (s: Scenario) => void, string[]]>([
    ['a duplicate content id', (s) => s.contents.push({ id: 'pre-roll', uri: 'https://a.example/b.mp4' }), ['contents[4].id: duplicate id "pre-roll": contents[0] has it too']],
    ['1 and "1" as content ids', (s) => s.contents.push({ id: '1', uri: 'https://a.example/b.mp4' }), ['contents[4].id: duplicate id "1": contents[1] has it too (1 and "1" are the same id)']],
    ['a duplicate rule id', (s) => (rule(s, 2).id = 'all'), ['rules[2].id: duplicate id "all": rules[0] has it too']],
    ['7 and "7" as rule ids', (s) => (rule(s, 0).id = '7'), ['rules[2].id: duplicate id "7": rules[0] has it too (7 and "7" are the same id)']],
    ['a content id that does not exist', (s) => s.contents.splice(0, 1), ['rules[2].contents[0].id: no content "pre-roll"']],
    ['an adaptive set with a missing id', (s) => (playing(s, 1).id = ['1', '2', '3']), ['rules[1].contents[0].id[2]: no content "3"']],
    ['an adaptive set with a content without height', (s) => (playing(s, 1).id = ['1', '2', 5]), ['rules[1].contents[0].id[2]: content "5" has no height: every content of an adaptive set needs one']],
    ['an adaptive set with two contents of one height', (s) => (s.contents[2]!.height = 180), ['rules[1].contents[0].id[1]: content "2" has height 180, like content "1": heights within a set must differ']],
    ['an adaptive set listing a content twice', (s) => (playing(s, 1).id = ['1', 1]), ['rules[1].contents[0].id[1]: "1" is listed twice']],
    ['an empty adaptive set', (s) => (playing(s, 1).id = []), ['rules[1].contents[0].id: an adaptive set must list at least one content id']],
    ['an unknown rule type', (s) => (rule(s, 0).type = 'all'), ['rules[0].type: "all" is not a rule type: one of "global", "app", "stream", "session"']],
    ['a rule type in capitals', (s) => (rule(s, 0).type = 'Global'), ['rules[0].type: "Global": write it in lower case ("global")']],
    ['no rule type', (s) => delete rule(s, 0).type, ['rules[0].type: missing: a rule type, one of "global", "app", "stream", "session"']],
    ['an unknown protocol', (s) => (rule(s, 2).protocols = ['hls', 'dash']), ['rules[2].protocols[1]: "dash" is not a protocol: one of "icecast", "sldp", "rtmp", "hls"']],
    ['RTMP in upper case', (s) => (rule(s, 2).protocols = ['RTMP']), ['rules[2].protocols[0]: "RTMP": write it in lower case ("rtmp")']],
    ['a protocol twice', (s) => (rule(s, 2).protocols = ['hls', 'hls']), ['rules[2].protocols[1]: "hls" is listed twice']],
    ['protocols as a string', (s) => (rule(s, 2).protocols = 'hls'), ['rules[2].protocols: must be an array, not a string']],
    ['an unknown time_sync', (s) => (rule(s, 0).time_sync = 'utc'), ['rules[0].time_sync: "utc" is not a time_sync: one of "stream", "gmt", "scte35"']],
    ['no time_sync', (s) => delete rule(s, 0).time_sync, ['rules[0].time_sync: missing: a time_sync, one of "stream", "gmt", "scte35"']],
    ['an unknown onerror', (s) => (playing(s, 2).onerror = 'retry'), ['rules[2].contents[0].onerror: "retry" is not an onerror: one of "stop", "skip"']],
    ['no contents in a rule', (s) => (rule(s, 0).contents = []), ['rules[0].contents: must not be empty: a rule plays at least one content']],
    ['a gmt date with month 13', (s) => (rule(s, 1).time_offset = '2018-13-01 00:00:00'), ['rules[1].time_offset: month 13 does not exist (the format is YYYY-MM-DD HH:MM:SS: are day and month swapped? "2018-01-13 00:00:00")']],
    ['a gmt date with month 13 and day 20 (not a swap)', (s) => (rule(s, 1).time_offset = '2018-13-20 00:00:00'), ['rules[1].time_offset: month 13 does not exist (the format is YYYY-MM-DD HH:MM:SS)']],
    ['a gmt date with month 0', (s) => (rule(s, 1).time_offset = '2018-00-10 00:00:00'), ['rules[1].time_offset: month 0 does not exist (the format is YYYY-MM-DD HH:MM:SS)']],
    ['February 30th', (s) => (rule(s, 1).time_offset = '2024-02-30 00:00:00'), ['rules[1].time_offset: day 30 does not exist in February 2024 (29 days)']],
    ['February 29th of 2023 (2024 in the base is a leap year)', (s) => (rule(s, 1).time_offset = '2023-02-29 12:00:00'), ['rules[1].time_offset: day 29 does not exist in February 2023 (28 days: 2023 is not a leap year)']],
    ['February 29th of 1900 (a century, not a leap year)', (s) => (rule(s, 1).time_offset = '1900-02-29 12:00:00'), ['rules[1].time_offset: day 29 does not exist in February 1900 (28 days: 1900 is not a leap year)']],
    ['April 31st', (s) => (rule(s, 1).time_offset = '2024-04-31 00:00:00'), ['rules[1].time_offset: day 31 does not exist in April 2024 (30 days)']],
    ['day 0', (s) => (rule(s, 1).time_offset = '2024-01-00 00:00:00'), ['rules[1].time_offset: day 0 does not exist in January 2024 (31 days)']],
    ['hour 24', (s) => (rule(s, 1).time_offset = '2024-01-01 24:00:00'), ['rules[1].time_offset: hour 24 does not exist (00 to 23)']],
    ['minute 60', (s) => (rule(s, 1).time_offset = '2024-01-01 23:60:00'), ['rules[1].time_offset: minute 60 does not exist (00 to 59)']],
    ['second 60', (s) => (rule(s, 1).time_offset = '2024-01-01 23:59:60'), ['rules[1].time_offset: second 60 does not exist (00 to 59)']],
    ['a gmt date without leading zeros', (s) => (rule(s, 1).time_offset = '2018-1-1 00:00:00'), ['rules[1].time_offset: "2018-1-1 00:00:00": with time_sync "gmt", time_offset is a date and time "YYYY-MM-DD HH:MM:SS" (GMT), like "2018-01-01 00:00:00"']],
    ['a gmt date with a T', (s) => (rule(s, 1).time_offset = '2018-01-01T00:00:00'), ['rules[1].time_offset: "2018-01-01T00:00:00": with time_sync "gmt", time_offset is a date and time "YYYY-MM-DD HH:MM:SS" (GMT), like "2018-01-01 00:00:00"']],
    ['seconds for a gmt rule', (s) => (rule(s, 1).time_offset = 0), ['rules[1].time_offset: with time_sync "gmt", time_offset is a date and time "YYYY-MM-DD HH:MM:SS" (GMT), like "2018-01-01 00:00:00", not a number']],
    ['a date for a stream rule', (s) => (rule(s, 0).time_offset = '2018-01-01 00:00:00'), ['rules[0].time_offset: a date is for time_sync "gmt"; with time_sync "stream", time_offset is a whole number of seconds']],
    ['no time_offset', (s) => delete rule(s, 0).time_offset, ['rules[0].time_offset: missing: a whole number of seconds']],
    ['a negative time_offset', (s) => (rule(s, 0).time_offset = -1), ['rules[0].time_offset: must not be negative']],
    ['a NaN time_interval', (s) => (rule(s, 1).time_interval = Number.NaN), ['rules[1].time_interval: must be a number, not NaN']],
    ['an infinite time_interval', (s) => (rule(s, 1).time_interval = Number.POSITIVE_INFINITY), ['rules[1].time_interval: must be a finite number']],
    ['a fraction of a second', (s) => (playing(s, 2).wait = 2.5), ['rules[2].contents[0].wait: must be a whole number of seconds, not 2.5']],
    ['an exponent in a string', (s) => (playing(s, 2).wait = '1e3'), ['rules[2].contents[0].wait: "1e3" is not a whole number of seconds: write plain decimal digits (no sign, space, fraction, exponent or hex)']],
    ['a space in a string', (s) => (rule(s, 1).time_interval = ' 10'), ['rules[1].time_interval: " 10" is not a whole number of seconds: write plain decimal digits (no sign, space, fraction, exponent or hex)']],
    ['a sign in a string', (s) => (rule(s, 2).time_offset = '-5'), ['rules[2].time_offset: "-5" is not a whole number of seconds: write plain decimal digits (no sign, space, fraction, exponent or hex)']],
    ['hex in a string', (s) => (rule(s, 2).time_offset = '0x10'), ['rules[2].time_offset: "0x10" is not a whole number of seconds: write plain decimal digits (no sign, space, fraction, exponent or hex)']],
    ['an empty string for a number', (s) => (playing(s, 2).wait = ''), ['rules[2].contents[0].wait: "" is not a whole number of seconds: write plain decimal digits (no sign, space, fraction, exponent or hex)']],
    ['leading zeros', (s) => (playing(s, 2).wait = '010'), ['rules[2].contents[0].wait: "010": write decimal digits without leading zeros']],
    ['a number too large', (s) => (rule(s, 0).time_offset = '9007199254740993'), ['rules[0].time_offset: must be at most 9007199254740991']],
    ['a boolean for a number', (s) => (playing(s, 2).wait = true), ['rules[2].contents[0].wait: must be a whole number of seconds (a number or a string of digits), not a boolean']],
    ['a height of 0', (s) => (s.contents[1]!.height = 0), ['contents[1].height: must be more than 0']],
    ['a relative content uri', (s) => (s.contents[0]!.uri = 'ads/pre-roll.mp4'), ['contents[0].uri: must be an absolute URL (http:, https: or file:), not a relative one']],
    ['an ftp: content uri', (s) => (s.contents[0]!.uri = 'ftp://cdn.example.com/ads/pre-roll.mp4'), ['contents[0].uri: must be an http:, https: or file: URL, not ftp:']],
    ['a content uri with a line break', (s) => (s.contents[0]!.uri = 'https://cdn.example.com/ads/\npre-roll.mp4'), ['contents[0].uri: must not contain control characters, or start or end with a space']],
    ['no content uri', (s) => delete s.contents[0]!.uri, ['contents[0].uri: missing: an absolute http:, https: or file: URL']],
    ['an empty content id', (s) => (s.contents[3]!.id = ''), ['contents[3].id: must not be empty', 'rules[0].contents[0].id: no content "5"']],
    ['a negative content id', (s) => (s.contents[3]!.id = -5), ['contents[3].id: must be a non-empty string or a whole number (0 or more), not -5', 'rules[0].contents[0].id: no content "5"']],
    ['a content that is not an object', (s) => s.contents.push('https://a.example/b.mp4' as never), ['contents[4]: must be an object { "id", "uri" }, not a string']],
    ['a relative session handler url', (s) => (s.session_handler.url = '/session'), ['session_handler.url: must be an absolute URL (http: or https:), not a relative one']],
    ['an ftp: session handler url', (s) => (s.session_handler.url = 'ftp://ads.example.com/session'), ['session_handler.url: must be an http: or https: URL, not ftp:']],
    ['a file: session handler url', (s) => (s.session_handler.url = 'file:///var/session'), ['session_handler.url: must be an http: or https: URL, not file:']],
    ['no session handler url', (s) => delete s.session_handler.url, ['session_handler.url: missing: an absolute http: or https: URL']],
    ['a timeout of 0', (s) => (s.session_handler.timeout = 0), ['session_handler.timeout: must be more than 0']],
    ['a negative timeout', (s) => (s.session_handler.timeout = -1000), ['session_handler.timeout: must not be negative']],
    ['a timeout of "abc"', (s) => (s.session_handler.timeout = 'abc'), ['session_handler.timeout: "abc" is not a whole number of milliseconds: write plain decimal digits (no sign, space, fraction, exponent or hex)']],
    ['an unknown session handler onerror', (s) => (s.session_handler.onerror = 'retry'), ['session_handler.onerror: "retry" is not an onerror: one of "skip", "stop"']],
    ['an empty app in apps', (s) => (s.session_handler.apps = ['live', '']), ['session_handler.apps[1]: must not be empty']],
    ['a session handler that is not an object', (s) => (s.session_handler = 'https://ads.example.com/session' as never), ['session_handler: must be an object { "url", "timeout", "onerror", "apps"? }, not a string']],
    ['no app for a rule of type app', (s) => delete rule(s, 1).app, ['rules[1].app: missing: a rule of type "app" names its application']],
    ['an empty app', (s) => (rule(s, 1).app = ''), ['rules[1].app: must not be empty']],
    ['no stream for a rule of type stream', (s) => delete rule(s, 2).stream, ['rules[2].stream: missing: a rule of type "stream" names its stream']],
    ['no app for a rule of type stream', (s) => delete rule(s, 2).app, ['rules[2].app: missing: a rule of type "stream" names its application']],
    ['no contents', (s) => delete (s as Partial<Scenario>).contents, ['contents: missing: the ads, each { "id", "uri" }']],
    ['rules that are an object', (s) => (s.rules = {} as never), ['rules: must be an array, not an object']],
  ])('refuses %s, naming the path', (_, breakIt, expected) => {
    const input = base();
    breakIt(input);
    const error = refusalOf(input);
    expect(error).toBeInstanceOf(AdvertizerScenarioError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.name).toBe('AdvertizerScenarioError');
    expect(lines(error.problems)).toEqual(expected);
    expect(error.message).toBe(`wmspanel-notifications: the Advertizer scenario has ${expected.length} problem${expected.length === 1 ? '' : 's'}: ${expected.join('; ')}`);
    // The validator finds the same problems, with no warning (none of these is an unknown field).
    expect(validateAdvertizerScenario(input)).toEqual({ valid: false, problems: error.problems, warnings: [] });
  });

  it.each<[string, (s: Scenario) => void, string]>([
    ['a top-level field "rule" (a typo of "rules")', (s) => ((s as Record<string, unknown>).rule = []), 'rule: unknown field (a typo of "rules"?)'],
    ['a "comment" object', (s) => ((s as Record<string, unknown>).comment = { text: 'ads' }), 'comment: unknown field'],
    ['a content field "url" (a typo of "uri")', (s) => (s.contents[0]!.url = 'https://a.example/'), 'contents[0].url: unknown field (a typo of "uri"?)'],
    ['a rule field "Type" (a typo of "type")', (s) => (rule(s, 0).Type = 'global'), 'rules[0].Type: unknown field (a typo of "type"?)'],
    ['a field with an odd name', (s) => (rule(s, 0)['time offset'] = 0), 'rules[0]["time offset"]: unknown field (a typo of "time_offset"?)'],
    ['an app on a global rule', (s) => (rule(s, 0).app = 'live'), 'rules[0].app: only rules of type "app" or "stream" take an app, not "global"'],
    ['a stream on an app rule', (s) => (rule(s, 1).stream = 'channel1'), 'rules[1].stream: only rules of type "stream" take a stream, not "app"'],
    ['a field of a session handler', (s) => (s.session_handler.retries = 2), 'session_handler.retries: unknown field'],
  ])('refuses %s; the validator warns and leaves it out', (_, addIt, expected) => {
    const input = base();
    addIt(input);
    expect(lines(refusalOf(input).problems)).toEqual([expected]);
    const result = validateAdvertizerScenario(input);
    expect(result.valid).toBe(true);
    expect(lines(result.warnings)).toEqual([expected]);
    expect(result.valid && result.scenario).toEqual(createAdvertizerScenario(base() as never));
  });

  it('reports every problem at once, in the order of the scenario, the first three in the message', () => {
    const input = base();
    (input as Record<string, unknown>).rule = [];
    input.contents[0]!.uri = 'ftp://a.example/x.mp4';
    input.contents.push({ id: '1', uri: 'https://a.example/y.mp4' });
    rule(input, 0).type = 'App';
    rule(input, 1).time_offset = '2018-15-01 20:15:05';
    playing(input, 2).id = 'missing';
    input.session_handler.timeout = '0';
    const error = refusalOf(input);
    expect(lines(error.problems)).toEqual([
      'rule: unknown field (a typo of "rules"?)',
      'session_handler.timeout: must be more than 0',
      'contents[0].uri: must be an http:, https: or file: URL, not ftp:',
      'contents[4].id: duplicate id "1": contents[1] has it too (1 and "1" are the same id)',
      'rules[0].type: "App": write it in lower case ("app")',
      'rules[1].time_offset: month 15 does not exist (the format is YYYY-MM-DD HH:MM:SS: are day and month swapped? "2018-01-15 20:15:05")',
      'rules[2].contents[0].id: no content "missing"',
    ]);
    expect(error.message).toBe(
      'wmspanel-notifications: the Advertizer scenario has 7 problems: rule: unknown field (a typo of "rules"?); session_handler.timeout: must be more than 0; contents[0].uri: must be an http:, https: or file: URL, not ftp:; and 4 more',
    );
  });

  it('refuses what is not an object with one problem at the root', () => {
    for (const [value, what] of [[null, 'null'], [[], 'an array'], ['{}', 'a string'], [undefined, 'undefined'], [7, 'a number']] as const) {
      expect(lines(refusalOf(value).problems)).toEqual([`the scenario must be a JSON object with "contents" and "rules", not ${what}`]);
    }
  });

  it('never quotes a URL in a message (it may carry a secret in its query)', () => {
    const input = base();
    input.session_handler.url = 'ftp://ads.example.com/session?key=s3cret';
    input.contents[0]!.uri = 'gopher://cdn.example.com/?key=s3cret';
    expect(refusalOf(input).message).not.toMatch(/s3cret|example/);
  });
});

describe('createAdvertizerScenario(input) writes what is unambiguous', () => {
  it.each<[string, unknown, string]>([
    [
      'ids as strings, time_offset "0" as 0, wait 10 as "10", time_interval "3600" as 3600, height "240" as 240',
      {
        contents: [{ id: 1, uri: 'https://a.example/1.mp4', height: '240' }],
        rules: [{ id: 101, type: 'global', time_sync: 'stream', time_offset: '0', time_interval: '3600', contents: [{ id: 1, wait: 10 }] }],
      },
      '{"contents":[{"id":"1","uri":"https://a.example/1.mp4","height":240}],"rules":[{"id":"101","type":"global","time_sync":"stream","time_offset":0,"time_interval":3600,"contents":[{"id":"1","wait":"10"}]}]}',
    ],
    [
      'a gmt date as given, keys in the order of the examples whatever the input order',
      {
        rules: [{ contents: [{ wait: '2', onerror: 'skip', id: '1' }], time_interval: 0, time_offset: '2018-01-01 00:00:00', time_sync: 'gmt', stream: 's', app: 'radio', type: 'stream', users: [7, 'u'], protocols: ['icecast'], id: '1' }],
        contents: [{ uri: 'http://192.168.232.129/main_sponsor.aac.mp4', id: '1' }],
        session_handler: { onerror: 'stop', timeout: 1000, url: 'http://127.0.0.1:8085/session-handler', apps: ['radio'] },
      },
      '{"session_handler":{"apps":["radio"],"url":"http://127.0.0.1:8085/session-handler","timeout":"1000","onerror":"stop"},"contents":[{"id":"1","uri":"http://192.168.232.129/main_sponsor.aac.mp4"}],"rules":[{"id":"1","protocols":["icecast"],"users":["7","u"],"type":"stream","app":"radio","stream":"s","time_sync":"gmt","time_offset":"2018-01-01 00:00:00","time_interval":0,"contents":[{"id":"1","onerror":"skip","wait":"2"}]}]}',
    ],
    [
      'absent optional fields absent (no users: [] invented), an adaptive set as strings, an empty rules list',
      { contents: [{ id: 'a', uri: 'file:///var/nimble/adv/a.mp4', height: 180 }, { id: 2, uri: 'file:///var/nimble/adv/b.mp4', height: 240 }], rules: [{ id: 'x', type: 'session', time_sync: 'scte35', time_offset: 30, contents: [{ id: ['a', 2] }] }] },
      '{"contents":[{"id":"a","uri":"file:///var/nimble/adv/a.mp4","height":180},{"id":"2","uri":"file:///var/nimble/adv/b.mp4","height":240}],"rules":[{"id":"x","type":"session","time_sync":"scte35","time_offset":30,"contents":[{"id":["a","2"]}]}]}',
    ],
    ['an empty scenario', { contents: [], rules: [] }, '{"contents":[],"rules":[]}'],
    ['URLs as given, not normalised', { contents: [{ id: 'a', uri: 'HTTP://CDN.Example.com/my ad.mp4' }], rules: [] }, '{"contents":[{"id":"a","uri":"HTTP://CDN.Example.com/my ad.mp4"}],"rules":[]}'],
  ])('%s', (_, input, expected) => {
    expect(JSON.stringify(createAdvertizerScenario(input as AdvertizerScenarioInput))).toBe(expected);
    const result = validateAdvertizerScenario(JSON.stringify(input));
    expect(result.valid && JSON.stringify(result.scenario)).toBe(expected);
  });

  it('copies: changing the input afterwards does not change the scenario', () => {
    const input = { contents: [{ id: 'a', uri: 'https://a.example/a.mp4', height: 180 }], rules: [{ id: 'r', type: 'global', time_sync: 'stream', time_offset: 0, protocols: ['hls'], contents: [{ id: ['a'] }] }] } as const;
    const scenario = createAdvertizerScenario(input as unknown as AdvertizerScenarioInput);
    expect(scenario.rules[0]!.protocols).not.toBe(input.rules[0].protocols);
    expect(scenario.rules[0]!.contents[0]!.id).not.toBe(input.rules[0].contents[0].id);
  });
});

describe('validateAdvertizerScenario(jsonOrText) on Softvelum\'s example files', () => {
  it.each(['video-tutorial-preroll.json', 'demo-page-ads.json', 'per-session-response.json'])('takes %s (text, bytes or parsed) with no problem or warning', (name) => {
    const text = fixture(name);
    const result = validateAdvertizerScenario(text);
    expect(result).toMatchObject({ valid: true, warnings: [] });
    expect(validateAdvertizerScenario(new TextEncoder().encode(text))).toEqual(result);
    expect(validateAdvertizerScenario(new TextEncoder().encode(text).buffer)).toEqual(result);
    expect(validateAdvertizerScenario(JSON.parse(text))).toEqual(result);
  });

  it('normalizes per-session-response.json: timeout kept as "1000", heights numbers', () => {
    const result = validateAdvertizerScenario(fixture('per-session-response.json'));
    expect(result.valid && JSON.stringify(result.scenario)).toBe(
      '{"session_handler":{"apps":["local","remote","live"],"url":"http://127.0.0.1:8085/session-handler","timeout":"1000","onerror":"skip"},"contents":[' +
        '{"id":"1","uri":"http://127.0.0.1:8085/ads/1_180p.mp4","height":180},{"id":"2","uri":"http://127.0.0.1:8085/ads/1_240p.mp4","height":240},' +
        '{"id":"3","uri":"http://127.0.0.1:8085/ads/1_320p.mp4","height":320},{"id":"4","uri":"http://127.0.0.1:8085/ads/1_480p.mp4","height":480},' +
        '{"id":"5","uri":"http://127.0.0.1:8085/ads/pre-roll.aac.mp4"}],"rules":[]}',
    );
  });

  it('keeps video-tutorial-preroll.json as it is, whitespace and escaped slashes aside', () => {
    const text = fixture('video-tutorial-preroll.json');
    const result = validateAdvertizerScenario(text);
    expect(result.valid && JSON.stringify(result.scenario)).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('refuses radio-ads.json at line 1, column 1: prose before the object', () => {
    const hint = 'text ("The") where the value should start: prose before the object? JSON has no comments; remove the text before {';
    expect(validateAdvertizerScenario(fixture('radio-ads.json'))).toEqual({
      valid: false,
      problems: [{ path: '', message: `not valid JSON at line 1, column 1: ${hint}`, line: 1, column: 1, hint }],
      warnings: [],
    });
  });

  it('refuses scte35.json at line 1, column 1: a comment', () => {
    const hint = 'a comment (/*): JSON has no comments; remove it';
    expect(validateAdvertizerScenario(fixture('scte35.json'))).toEqual({
      valid: false,
      problems: [{ path: '', message: `not valid JSON at line 1, column 1: ${hint}`, line: 1, column: 1, hint }],
      warnings: [],
    });
  });

  it('refuses red-button.json at line 2, column 123: a raw line break inside a string', () => {
    // Line 2 is 122 characters, the curly quotes one each (see json-text.test.ts): the LF is column 123.
    const hint = 'a raw line break inside a string: escape it as \\n';
    expect(validateAdvertizerScenario(fixture('red-button.json'))).toEqual({
      valid: false,
      problems: [{ path: '', message: `not valid JSON at line 2, column 123: ${hint}`, line: 2, column: 123, hint }],
      warnings: [],
    });
  });

  it.each(['radio-ads.json', 'scte35.json'])('takes %s once the text before its object is removed', (name) => {
    const text = fixture(name);
    expect(text.indexOf('{')).toBeGreaterThan(0);
    expect(validateAdvertizerScenario(text.slice(text.indexOf('{')))).toMatchObject({ valid: true, warnings: [] });
  });

  it('refuses the red-button scenario, its comments removed, for its date "2018-15-01 20:15:05" (day and month swapped)', () => {
    const text = fixture('red-button.json').replace(/,?"comment":\{[^}]*\},?/g, '');
    const scenario = JSON.parse(text) as { rules: { time_offset: string }[] };
    expect(scenario.rules[0]!.time_offset).toBe('2018-15-01 20:15:05');
    const expected = [{ path: 'rules[0].time_offset', message: 'month 15 does not exist (the format is YYYY-MM-DD HH:MM:SS: are day and month swapped? "2018-01-15 20:15:05")' }];
    expect(validateAdvertizerScenario(scenario)).toEqual({ valid: false, problems: expected, warnings: [] });
    expect(refusalOf(scenario).problems).toEqual(expected);
    // With the date its prose means (January 15th), it is a valid scenario.
    scenario.rules[0]!.time_offset = '2018-01-15 20:15:05';
    expect(validateAdvertizerScenario(scenario)).toMatchObject({ valid: true, warnings: [] });
  });

  it('warns about the comment fields of red-button.json (unknown fields), not refuses them', () => {
    const text = fixture('red-button.json').replace(/"comment":\{"[^"]*"\}/g, (comment) => comment.replace('{', '').replace('}', '').replace(/\n/g, '\\n')).replace('2018-15-01', '2018-01-15');
    const result = validateAdvertizerScenario(text);
    expect(result.valid).toBe(true);
    expect(lines(result.warnings)).toEqual(['comment: unknown field']);
  });

  it('refuses a byte-order mark in bytes (kept, not dropped: JSON.parse refuses one) and bytes that are not UTF-8', () => {
    const bom = validateAdvertizerScenario(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"contents":[],"rules":[]}')]));
    expect(bom).toMatchObject({ valid: false, problems: [{ path: '', line: 1, column: 1, message: expect.stringMatching(/^not valid JSON at line 1, column 1: a byte-order mark \(U\+FEFF\)/) }] });
    expect(validateAdvertizerScenario(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({ valid: false, problems: [{ path: '', message: 'not valid UTF-8: save the file as UTF-8' }], warnings: [] });
  });

  it('refuses the request Nimble sends to a session handler: it is not a scenario', () => {
    const result = validateAdvertizerScenario(fixture('per-session-handler-request.json'));
    expect(result.valid).toBe(false);
    expect(lines(result.warnings)).toEqual(['session_info: unknown field', 'rules_request: unknown field']);
  });
});

describe('URLs with non-ASCII text', () => {
  it('are accepted every time, the 20,000th too (on Node 20 and 22, URL.canParse answers false for them once V8 optimises it)', () => {
    const scenario = { contents: [{ id: 'a', uri: 'https://bücher.example/pré-roll.mp4' }], rules: [] };
    let refused = 0;
    for (let i = 0; i < 20_000; i++) if (!validateAdvertizerScenario(scenario).valid) refused++;
    expect(refused).toBe(0);
  });
});

describe('validateAdvertizerScenario(jsonOrText) never throws', () => {
  it('not for an object whose every read throws (a Proxy), at the top or inside: one problem at its path', () => {
    const hostile = hostileProxy({});
    expect(validateAdvertizerScenario(hostile)).toMatchObject({ valid: false, problems: [{ path: '' }] });
    const inside = validateAdvertizerScenario({ contents: [hostile], rules: [] });
    expect(inside.valid).toBe(false);
    expect(() => createAdvertizerScenario({ contents: [], rules: [hostile as never] })).toThrow(AdvertizerScenarioError);
  });

  // Near-scenarios: mostly good values, sometimes a plausible mistake, rarely anything at all; so that the
  // runs reach valid scenarios as well as every kind of refusal.
  const scalar = fc.oneof(
    fc.constantFrom('1', '2', 'a', '', '0', '10', '-1', '1e3', ' 10', 'hls', 'RTMP', 'gmt', 'global', 'skip', '2018-15-01 20:15:05', 'https://a.example/a.mp4', '/rel'),
    fc.integer({ min: -2, max: 500 }),
    fc.constantFrom(Number.NaN, 1.5, null, true),
  );
  const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 2, arbitrary: scalar }, { weight: 1, arbitrary: fc.anything() });
  const contentId = fc.constantFrom<string | number>('1', '2', 'a', 3);
  const content = fc.record(
    { id: maybe(contentId), uri: maybe(fc.constantFrom('https://a.example/a.mp4', 'file:///var/nimble/adv/a.mp4')), height: maybe(fc.constantFrom(180, 240, '320')) },
    { requiredKeys: ['id', 'uri'] },
  );
  const ruleContent = fc.record(
    { id: maybe(fc.oneof(contentId, fc.uniqueArray(contentId, { minLength: 1, maxLength: 3, selector: String }))), onerror: maybe(fc.constantFrom('stop', 'skip')), wait: maybe(fc.constantFrom(0, '10', 2)) },
    { requiredKeys: ['id'] },
  );
  const ruleArbitrary = fc.record(
    {
      id: maybe(fc.constantFrom<string | number>('r1', 'r2', 3)),
      type: maybe(fc.constantFrom('global', 'app', 'stream', 'session')),
      app: maybe(fc.constant('live')),
      stream: maybe(fc.constant('channel1')),
      protocols: maybe(fc.uniqueArray(fc.constantFrom('icecast', 'sldp', 'rtmp', 'hls'), { maxLength: 3 })),
      users: maybe(fc.array(fc.constantFrom('u1', 7), { maxLength: 1 })),
      time_sync: maybe(fc.constantFrom('stream', 'scte35', 'gmt')),
      time_offset: maybe(fc.constantFrom(0, '0', 30, '2024-02-29 00:00:00')),
      time_interval: maybe(fc.constantFrom(0, '3600', 60)),
      contents: maybe(fc.array(ruleContent, { minLength: 1, maxLength: 2 })),
    },
    { requiredKeys: ['id', 'type', 'time_sync', 'time_offset', 'contents'] },
  );
  const handler = fc.record(
    { url: maybe(fc.constant('https://ads.example.com/s')), timeout: maybe(fc.constantFrom(1000, '1000')), onerror: maybe(fc.constantFrom('skip', 'stop')), apps: maybe(fc.array(fc.constant('live'), { maxLength: 1 })) },
    { requiredKeys: ['url', 'timeout', 'onerror'] },
  );
  // Unique ids as Nimble compares them (1 and "1" the same); anything else as itself (fc.anything() makes
  // objects without a prototype, which String() cannot convert).
  const idKey = (item: { id?: unknown }): unknown => (typeof item.id === 'string' || typeof item.id === 'number' ? String(item.id) : item.id);
  const scenario = fc.record(
    {
      contents: maybe(fc.uniqueArray(content, { maxLength: 4, selector: idKey })),
      rules: maybe(fc.uniqueArray(ruleArbitrary, { maxLength: 3, selector: idKey })),
      session_handler: maybe(handler),
    },
    { requiredKeys: ['contents', 'rules'] },
  );

  /** What holds for any result: problems only when invalid, each a path and a message; a valid scenario is a fixed point. */
  const wellFormed = (input: unknown): boolean => {
    const result = validateAdvertizerScenario(input);
    const problems = result.valid ? [] : result.problems;
    if (!result.valid && problems.length === 0) return false;
    if (![...problems, ...result.warnings].every((p) => typeof p.path === 'string' && typeof p.message === 'string' && p.message.length > 0)) return false;
    if (result.valid) {
      const again = validateAdvertizerScenario(JSON.stringify(result.scenario));
      if (!again.valid || JSON.stringify(again.scenario) !== JSON.stringify(result.scenario) || again.warnings.length > 0) return false;
      if (JSON.stringify(createAdvertizerScenario(result.scenario)) !== JSON.stringify(result.scenario)) return false;
    }
    return true;
  };

  it('for any value, any string, any bytes, and near-scenarios; a valid one is written the same when read again', () => {
    let valid = 0;
    fc.assert(fc.property(fc.anything(), wellFormed), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), wellFormed), { numRuns: 200 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), wellFormed), { numRuns: 100 });
    fc.assert(
      fc.property(scenario, (input) => {
        if (validateAdvertizerScenario(input).valid) valid++;
        return wellFormed(input) && wellFormed(JSON.stringify(input));
      }),
      { numRuns: 600 },
    );
    // The generator reaches valid scenarios too, not only refusals.
    expect(valid).toBeGreaterThan(5);
  });
});
