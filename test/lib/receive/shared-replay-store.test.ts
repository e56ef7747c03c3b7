// The keys stream notifications and pay-per-view syncs share are kept in one store per process by default,
// whichever entry point made the receiver: each entry point (the package root, each adapter) is a bundle of
// its own, so a store kept in a module's own map was one per bundle, and a stream capture replayed as a
// sync to a route made from another entry point ran the billing callback. Run on the built package, by
// name, in a process of its own: what an application loads.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;

const script = `
import { createHash, randomUUID } from 'node:crypto';
import { createNotificationReceiver } from 'wmspanel-notifications';
import { createFetchHandler } from 'wmspanel-notifications/fetch';
import { createNodeHandler } from 'wmspanel-notifications/node';
const token = 'entry-point-token';
const [id, puzzle] = [randomUUID(), randomUUID()];
const signed = { ID: id, Puzzle: puzzle, Signature: createHash('md5').update(id + puzzle + token).digest('base64') };
const stream = JSON.stringify({ ...signed, unpublish: [{ stream: 'live/main', protocol: 'RTMP', time: Date.now(), type: 'push' }] });
const sync = JSON.stringify({ ...signed, PayPerViewInfo: { VHost: [{ name: 'edge', Application: [{ name: 'live', Instance: [{ name: '_definst_', Stream: [{ name: 'x', Player: [{ id: 'victim', delta: 3600000 }] }] }] }] }] } });
const calls = [];
const viaFetch = createFetchHandler({ token, onStreamNotification: () => void calls.push('stream') });
const viaRoot = createNotificationReceiver({ token, onPayPerViewSync: () => (calls.push('sync'), { deny: ['victim'] }) });
createNodeHandler({ token, onPayPerViewSync: () => undefined });
const first = await viaFetch(new Request('http://127.0.0.1/', { method: 'POST', body: stream }));
const second = await viaRoot.receive({ method: 'POST', readBody: async () => sync });
console.log(JSON.stringify({ first: first.status, second: second.outcome, calls }));
`;

describe('the default store of the keys two kinds share', () => {
  it('is one per process across entry points: a stream capture sent to a fetch handler is a duplicate as a sync at the root receiver', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ first: 200, second: 'duplicate', calls: ['stream'] });
  });
});
