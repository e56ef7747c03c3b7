// The identifying fields of the kinds: every kind's own in src/kinds/fields.ts, none shared, so that a
// body is of one kind at most whichever kinds an endpoint receives.
import { describe, expect, it } from 'vitest';
import { EVERY_KIND_FIELDS } from '../../src/kinds/fields.js';
import { payPerViewSpec } from '../../src/kinds/pay-per-view/kind.js';
import { playbackAuthorizationSpec } from '../../src/kinds/playback-authorization/kind.js';
import { publishControlSpec } from '../../src/kinds/publish-control/kind.js';
import { serverStatusSpec } from '../../src/kinds/server-status/kind.js';
import { streamSpec } from '../../src/kinds/stream/kind.js';
import { kindBodyTest } from '../../src/lib/kind.js';

const isKindBody = (value: unknown, spec: Parameters<typeof kindBodyTest>[0]) => kindBodyTest(spec)(value);

const specs = [serverStatusSpec, streamSpec, payPerViewSpec, publishControlSpec, playbackAuthorizationSpec];

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
