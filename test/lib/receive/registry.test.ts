// The process-wide registry of shared replay stores on globalThis: something else in its place never breaks
// making a receiver.
import { afterEach, expect, it } from 'vitest';
import { createNotificationReceiver } from '../../../src/index.js';

const KEYS = [Symbol.for('wmspanel-notifications.sharedReplayStores'), Symbol.for('wmspanel-notifications.sharedReplayStores.v1')];
const holder = globalThis as Record<symbol, unknown>;
const saved = KEYS.map((key) => holder[key]);
afterEach(() => {
  KEYS.forEach((key, i) => (holder[key] = saved[i]));
});

it('a value of another shape under the unversioned registry symbol (another copy or version of the package) does not break making a receiver', () => {
  // Any other copy of the package in the process (another version pulled in by a dependency) shares this
  // symbol name; one that keeps another shape there (here: a plain object) must not make this one throw.
  for (const key of KEYS) holder[key] = { stores: new Map() };
  // before the fix: TypeError "stores.get is not a function", from createNotificationReceiver (not a misuse of its options).
  expect(() => createNotificationReceiver({ token: 't', onStreamNotification: () => undefined })).not.toThrow();
});
