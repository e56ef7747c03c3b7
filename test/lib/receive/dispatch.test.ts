// The receive step gives a body to the kind whose identifying fields it has and no other kind's: the same
// body gets the same answer whichever kinds an endpoint receives, a stream notification is never taken
// for a sync, and a body object that throws when looked at is a 400, never a 500.
import { describe, expect, it } from 'vitest';
import { answerOf, endpoint, send } from '../../kinds/conformance/receive.js';
import { kit } from '../../kits.js';
import { hostileProxy } from '../../helpers.js';

/** A genuine Nimble stream notification with a `PayPerViewInfo` field added (unsigned: anyone can add it). */
function streamWithPayPerViewInfo(): string {
  const value = JSON.parse(kit('stream (Nimble)').genuine()) as Record<string, unknown>;
  return JSON.stringify({ ...value, PayPerViewInfo: {} });
}

describe('issue 21 point 5: the same body gets the same answer whichever kinds an endpoint receives', () => {
  it('a stream notification carrying PayPerViewInfo: pay-per-view-only endpoint vs stream + pay-per-view endpoint', async () => {
    const body = streamWithPayPerViewInfo();
    const one = await send(endpoint([kit('pay-per-view sync')]).receiver, body);
    const both = await send(endpoint([kit('stream (Nimble)'), kit('pay-per-view sync')]).receiver, body);
    // before the fix: 200 (taken for a sync) at the first, 400 UNKNOWN_NOTIFICATION_KIND at the second.
    expect(answerOf(one)).toEqual(answerOf(both));
  });

  it('a genuine server status notification with an extra unsigned `url` field: one-kind vs server status + playback endpoint', async () => {
    const body = JSON.stringify({ ...(JSON.parse(kit('server status').genuine()) as object), url: '/live/a/playlist.m3u8' });
    const one = await send(endpoint([kit('server status')]).receiver, body);
    const both = await send(endpoint([kit('server status'), kit('playback authorization')]).receiver, body);
    // before the fix: 200 vs 400.
    expect(answerOf(one)).toEqual(answerOf(both));
  });
});

describe('issue 21 point 4: a stream notification is never taken as a pay-per-view sync by the receive step', () => {
  it('a genuine stream notification with `PayPerViewInfo` added does not run onPayPerViewSync (its events would be lost)', async () => {
    const ppv = endpoint([kit('pay-per-view sync')]);
    const result = await send(ppv.receiver, streamWithPayPerViewInfo());
    // before the fix: accepted as kind 'pay-per-view', the billing callback runs with zero players.
    expect(ppv.handled).toEqual([]);
    expect(result.kind).not.toBe('pay-per-view');
  });
});

describe('only NotificationErrors from what a body holds (a Proxy from a body parser)', () => {
  // Passes `await` (no `then`), then throws on every introspection: what the parsers already turn into
  // 400 INVALID_NOTIFICATION ("An already-parsed object can be anything: a Proxy or a getter that throws").
  const hostile = () => hostileProxy({});

  it('is refused 400 at a one-kind endpoint, as at b8ca913 (INVALID_NOTIFICATION), not answered 500 HANDLER_FAILED', async () => {
    const ss = endpoint([kit('server status')]);
    const result = await send(ss.receiver, hostile());
    // before the fix: hasKindFields' hasOwnProperty call throws outside any kind's parser: outcome 'failed', 500,
    // and onError is told HANDLER_FAILED "A servers, statuses or allowedSenders predicate, or the now clock, failed".
    expect(result.outcome).toBe('refused');
    expect(result.status).toBe(400);
    expect(ss.errors.map((entry) => entry.error.code)).not.toContain('HANDLER_FAILED');
  });
});
