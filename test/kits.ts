// One test kit per notification kind: what the shared adapter and body-parser matrices send through every
// adapter. Adding a kind adds one entry here.
import type { NotificationHandlerOptions } from '../src/index.js';
import { createTestStreamNotification } from '../src/testing.js';
import { NOW, TOKEN, genuine } from './helpers.js';

export interface Kit {
  name: string;
  /** The handler option of this kind, recording what it was called with (and no other kind's). */
  options(handled: unknown[]): Partial<Record<keyof NotificationHandlerOptions, unknown>>;
  /** A genuine body, a new notification each call, fresh at the test clock (NOW + 2 s). */
  genuine(): string;
  /** A body signed with another token, and the code it is refused with. */
  forged(): string;
  forgedCode: string;
}

let made = 0;

export const kits: Kit[] = [
  {
    name: 'server status',
    options: (handled) => ({ onNotification: (n: unknown) => void handled.push(n) }),
    genuine: () => JSON.stringify(genuine({ server: `edge${++made}.example.com` })),
    forged: () => JSON.stringify(genuine({}, 'another-token')),
    forgedCode: 'INVALID_DIGEST',
  },
  {
    name: 'stream (Nimble)',
    options: (handled) => ({ onNotification: undefined, onStreamNotification: (n: unknown) => void handled.push(n) }),
    genuine: () => createTestStreamNotification({ token: TOKEN, time: NOW, events: [{ stream: `live/${++made}` }] }).body,
    forged: () => createTestStreamNotification({ token: TOKEN, time: NOW, forge: 'wrong-token' }).body,
    forgedCode: 'INVALID_SIGNATURE',
  },
  {
    name: 'stream (Wowza)',
    options: (handled) => ({ onNotification: undefined, onStreamNotification: (n: unknown) => void handled.push(n) }),
    genuine: () => createTestStreamNotification({ token: TOKEN, format: 'wowza', events: [{ stream: `live/${++made}`, action: 'unpublish' }] }).body,
    forged: () => createTestStreamNotification({ token: TOKEN, format: 'wowza', forge: 'tampered-signature' }).body,
    forgedCode: 'INVALID_SIGNATURE',
  },
];
