// The identifying fields of the kinds: every kind's own in src/kinds/fields.ts, none shared, so that a
// body is of one kind at most whichever kinds an endpoint receives; and what that makes of a body with the
// fields of two kinds at the receive step.
import { describe, expect, it } from 'vitest';
import { createReceiver, playbackAuthorizationKind, publishControlKind } from '../../src/index.js';
import { EVERY_KIND_FIELDS } from '../../src/kinds/fields.js';
import { everyKindSpec } from '../../src/kinds/index.js';
import { serverStatusSpec } from '../../src/kinds/server-status/kind.js';
import { kindBodyTest } from '../../src/lib/kind.js';
import { TIME } from '../helpers.js';
import { kit } from '../kits.js';
import { answerOf, endpoint, kitPerKind, send } from './conformance/receive.js';

const isKindBody = (value: unknown, spec: Parameters<typeof kindBodyTest>[0]) => kindBodyTest(spec)(value);

// Every kind of the composition (src/kinds/index.ts): a kind added is checked without a line here.
const specs = everyKindSpec();

describe('EVERY_KIND_FIELDS', () => {
  it('is exactly the kinds\' own fields, none shared by two kinds, and every kind looks at it', () => {
    const own = specs.flatMap((spec) => spec.fields);
    expect(new Set(own).size).toBe(own.length);
    expect([...EVERY_KIND_FIELDS].sort()).toEqual([...own].sort());
    for (const spec of specs) expect(spec.everyKindFields).toBe(EVERY_KIND_FIELDS);
  });

  it('makes a body with the fields of two kinds no kind\'s, and one with a single kind\'s fields that kind\'s only', () => {
    for (const spec of specs) {
      for (const other of specs) {
        const body = Object.fromEntries([...spec.fields, ...other.fields].map((field) => [field, 1]));
        const of = specs.filter((candidate) => isKindBody(body, candidate));
        expect(of).toEqual(spec === other ? [spec] : []);
      }
    }
  });

  it('looks at own properties only: an inherited field (a polluted prototype) makes no kind', () => {
    const body = Object.create({ digest: 'x' }) as object;
    expect(specs.filter((spec) => isKindBody(body, spec))).toEqual([]);
    expect(isKindBody(JSON.parse('{"__proto__":{"url":"/a"},"digest":"x"}'), serverStatusSpec)).toBe(true);
  });
});

// The kinds' own fields do not overlap, so a playback request with a time and a status, or an ID, is a
// playback request at every endpoint; a body with the identifying fields of two kinds is none of them,
// whatever order the kinds were given in.
describe('a body with fields of two kinds, at the receive step', () => {
  it.each([
    ['a playback request with time and status fields', { url: '/live/a/playlist.m3u8', time: TIME, status: 'x' }],
    ['a playback request with an ID field', { url: '/live/a/playlist.m3u8', ID: '1' }],
  ])('a body with the marks of two kinds gets the same answer whichever kinds an endpoint receives: %s', async (_, value) => {
    const body = JSON.stringify(value);
    const one = await send(endpoint([kit('playback authorization')]).receiver, body);
    const all = await send(endpoint(kitPerKind).receiver, body);
    expect(answerOf(one)).toEqual(answerOf(all));
  });

  it('the answer does not depend on the order of createReceiver\'s kinds', async () => {
    const body = JSON.stringify({ url: '/live/a/playlist.m3u8', PublishAuthRequest: [{ seq: '1', stream: 'live/a' }] });
    const publish = publishControlKind({ onPublishControlRequest: () => [] });
    const playback = playbackAuthorizationKind({ onPlaybackAuthorizationRequest: () => ({ allow: true }) });
    const a = await createReceiver({ kinds: [publish, playback] }).receive({ method: 'POST', readBody: async () => body });
    const b = await createReceiver({ kinds: [playback, publish] }).receive({ method: 'POST', readBody: async () => body });
    expect([a.kind, a.body]).toEqual([b.kind, b.body]);
    expect(a).toMatchObject({ outcome: 'refused', status: 400, error: { code: 'UNKNOWN_NOTIFICATION_KIND' } });
    expect(a.body).toContain('more than one kind (playback authorization, publish control)');
  });
});
