// The notification kinds the adapters receive: adding a kind is a folder under src/kinds/ and a line here.
import type { NotificationKind } from '../lib/kind.js';
import { serverStatusKind } from './server-status/kind.js';
import { streamKind } from './stream/kind.js';

export const KINDS: readonly NotificationKind<unknown, never>[] = [
  serverStatusKind as NotificationKind<unknown, never>,
  streamKind as NotificationKind<unknown, never>,
];
