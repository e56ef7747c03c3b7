// The conformance suite every kind runs, from its kit (test/kits.ts): what an endpoint of that kind alone
// answers to its genuine body, to every forgery, to a stale one, to a replay with other unsigned fields, to
// anything at all, and to the other kinds' bodies; and that it answers as an endpoint of every kind does.
// Each kind runs it in its own test/kinds/<tag>/conformance.test.ts, `conformance(kit(name))` for each of
// its kits; every-kind.test.ts checks that no kind of the composition goes without.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_ERROR_STATUS, type AnyReceivedKind } from '../../../src/index.js';
import { NOW, codeOf, throwsOnlyNotificationErrors } from '../../helpers.js';
import { kits, type Kit } from '../../kits.js';
import { anyBody, bodiesLike } from './mutate.js';
import { answerOf, endpoint, kitPerKind, send } from './receive.js';

const HOUR = 3_600_000;

/** The suite's tests for the kind of `kit`, in the describe block it is called in. */
export function conformance(kit: Kit): void {
  const { spec } = kit.kind([]) as AnyReceivedKind;
  const others = kits.filter((other) => other.tag !== kit.tag);

  it('accepts a genuine body through createReceiver with only this kind: result.kind is its tag, the callback is given the notification', async () => {
    const { receiver, handled, errors } = endpoint([kit]);
    expect(receiver.kinds).toEqual([kit.tag]);
    const body = kit.genuine();
    const first = await send(receiver, body);
    expect(first).toMatchObject({ outcome: 'accepted', status: 200, kind: kit.tag });
    expect(JSON.parse(first.body)).toEqual(kit.accepted(body));
    expect(handled).toHaveLength(1);
    expect(first.notification).toBe(handled[0]);
    const again = await send(receiver, body);
    expect(again).toMatchObject({ outcome: kit.oneTime ? 'duplicate' : 'accepted', status: 200, kind: kit.tag });
    expect(JSON.parse(again.body)).toEqual(kit.duplicate(body));
    expect(handled).toHaveLength(kit.oneTime ? 1 : 2);
    expect(errors).toEqual([]);
  });

  it('its prepared verifier is of its tag and verifies a genuine body into what the parser reads', () => {
    const verifier = kit.verifier();
    expect(verifier.kind).toBe(kit.tag);
    const body = kit.genuine();
    expect(verifier.verify(body)).toEqual(kit.parse(body));
    expect(verifier.verify(new TextEncoder().encode(body))).toEqual(kit.parse(body));
    expect(verifier.verify(JSON.parse(body))).toEqual(kit.parse(body));
  });

  describe.each(kit.forgeries)('a forgery: $name', (forgery) => {
    it(`is refused with its code by the receiver (recognised as ${kit.tag}, onError told, the callback not called) and by the prepared verifier`, async () => {
      const { receiver, handled, errors } = endpoint([kit]);
      const body = forgery.body();
      const result = await send(receiver, body);
      expect(result).toMatchObject({ outcome: 'refused', status: NOTIFICATION_ERROR_STATUS[forgery.code], kind: kit.tag });
      expect(result.notification).toBeUndefined();
      expect(result.outcome === 'refused' && result.error.code).toBe(forgery.code);
      expect(answerOf(result).code).toBe(forgery.code);
      expect(handled).toEqual([]);
      expect(errors.map(({ error, info }) => [error.code, info.kind, info.notification])).toEqual([[forgery.code, kit.tag, undefined]]);
      expect(codeOf(() => kit.verifier().verify(body))).toBe(forgery.code);
    });
  });

  if (kit.timed) {
    it('refuses a genuine body as STALE_NOTIFICATION once older than maxAgeSeconds, or from further ahead than maxFutureSeconds; the kit lists a stale forgery', async () => {
      expect(kit.forgeries.some((forgery) => forgery.code === 'STALE_NOTIFICATION')).toBe(true);
      for (const now of [() => NOW + HOUR + 3000, () => NOW - 301_000]) {
        const { receiver, handled } = endpoint([kit], { now });
        const result = await send(receiver, kit.genuine());
        expect(answerOf(result)).toEqual({ status: 401, code: 'STALE_NOTIFICATION' });
        expect(handled).toEqual([]);
      }
      // Within the window: an hour old, but not more.
      const { receiver } = endpoint([kit], { now: () => NOW + HOUR });
      expect((await send(receiver, kit.genuine())).outcome).toBe('accepted');
    });
  } else {
    it('carries no time that is checked: a genuine body is accepted hours later, and no forgery of it is STALE_NOTIFICATION', async () => {
      expect(kit.forgeries.some((forgery) => forgery.code === 'STALE_NOTIFICATION')).toBe(false);
      const { receiver } = endpoint([kit], { now: () => NOW + 5 * HOUR });
      expect((await send(receiver, kit.genuine())).outcome).toBe('accepted');
    });
  }

  const { resend } = kit;
  if (resend?.is === 'duplicate') {
    it('a replay with other unsigned fields has the same replay key: a duplicate, answered as the first delivery, the callback not called again', async () => {
      const { receiver, handled } = endpoint([kit]);
      const body = kit.genuine();
      expect((await send(receiver, body)).outcome).toBe('accepted');
      for (const n of [1, 2, 3]) {
        const variant = resend.withOtherUnsignedFields(body, n);
        expect(variant).not.toBe(body);
        expect(spec.replayKey!(kit.verifier().verify(variant))).toBe(spec.replayKey!(kit.verifier().verify(body)));
        const replay = await send(receiver, variant);
        expect(replay).toMatchObject({ outcome: 'duplicate', status: 200, kind: kit.tag });
        expect(JSON.parse(replay.body)).toEqual(kit.duplicate(body));
      }
      expect(handled).toHaveLength(1);
    });
  } else if (resend?.is === 'bounded-per-time') {
    it('a replay with other unsigned fields has the same signed part: new, but at most maxNotificationsPerTime of them (429), each a duplicate when replayed', async () => {
      const { receiver, handled } = endpoint([kit], { maxNotificationsPerTime: 3 });
      const body = kit.genuine();
      const variants = [1, 2, 3].map((n) => resend.withOtherUnsignedFields(body, n));
      const signedPart = (text: string) => spec.variantOf!(kit.verifier().verify(text)).signed;
      expect(new Set([body, ...variants].map(signedPart)).size).toBe(1);
      expect(new Set([body, ...variants].map((text) => spec.replayKey!(kit.verifier().verify(text)))).size).toBe(4);
      expect((await send(receiver, body)).outcome).toBe('accepted');
      expect((await send(receiver, variants[0])).outcome).toBe('accepted');
      expect((await send(receiver, variants[1])).outcome).toBe('accepted');
      expect(answerOf(await send(receiver, variants[2]))).toEqual({ status: 429, code: 'TOO_MANY_NOTIFICATIONS_PER_TIME' });
      expect((await send(receiver, variants[0])).outcome).toBe('duplicate');
      expect(handled).toHaveLength(3);
    });
  } else {
    it('is not a one-time event: no replay key, asked anew each time', () => {
      expect(kit.oneTime).toBe(false);
      expect(spec.replayKey).toBeUndefined();
    });
  }

  it('its parser and its prepared verifier throw only NotificationErrors, whatever the body (fast-check: anything, and its genuine body mutated)', () => {
    const verifier = kit.verifier();
    const parse = throwsOnlyNotificationErrors(kit.parse);
    const verify = throwsOnlyNotificationErrors((body) => verifier.verify(body));
    fc.assert(
      fc.property(bodiesLike(kit.genuine), (body) => {
        parse(body);
        verify(body);
      }),
      { numRuns: 1000 },
    );
  });

  it.each(others)('refuses a genuine $name body with 400 UNKNOWN_NOTIFICATION_KIND naming this kind; no callback, onError told with no kind', async (other) => {
    const { receiver, handled, errors } = endpoint([kit]);
    const result = await send(receiver, other.genuine());
    expect(result).toMatchObject({ outcome: 'refused', status: 400 });
    expect([result.kind, result.notification]).toEqual([undefined, undefined]);
    expect(result.outcome === 'refused' && result.error.code).toBe('UNKNOWN_NOTIFICATION_KIND');
    expect(result.outcome === 'refused' && result.error.message).toContain(`(${spec.name})`);
    expect(handled).toEqual([]);
    expect(errors.map(({ error, info }) => [error.code, info.kind, info.notification])).toEqual([['UNKNOWN_NOTIFICATION_KIND', undefined, undefined]]);
  });

  it('answers its genuine body, every forgery and every other kind\'s body with the status and code of an endpoint of every kind (the others\' accepted there)', async () => {
    // Neither list may be empty: "every" over nothing would check nothing.
    expect(kit.forgeries).not.toEqual([]);
    expect(others).not.toEqual([]);
    const bodies = [kit.genuine(), ...kit.forgeries.map((forgery) => forgery.body())];
    for (const body of bodies) {
      const one = await send(endpoint([kit]).receiver, body);
      const all = await send(endpoint(kitPerKind).receiver, body);
      expect(all.kind).toBe(kit.tag);
      expect(answerOf(one)).toEqual(answerOf(all));
    }
    for (const other of others) {
      const all = await send(endpoint(kitPerKind).receiver, other.genuine());
      expect([all.outcome, all.kind]).toEqual(['accepted', other.tag]);
    }
  });

  it('answers any body as an endpoint of every kind does, when that one finds it of this kind or of none; never fails (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBody, bodiesLike(kit.genuine)), async (body) => {
        const one = await send(endpoint([kit]).receiver, body);
        const all = await send(endpoint(kitPerKind).receiver, body);
        expect(one.outcome).not.toBe('failed');
        expect(all.outcome).not.toBe('failed');
        if (all.kind === kit.tag || all.kind === undefined) {
          expect(answerOf(one)).toEqual(answerOf(all));
          expect(one.kind).toBe(all.kind);
        } else {
          expect(answerOf(one)).toEqual({ status: 400, code: 'UNKNOWN_NOTIFICATION_KIND' });
        }
      }),
      { numRuns: 300 },
    );
  });
}

