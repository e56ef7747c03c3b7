// The pay-per-view kind as a value: what the receive step needs to know of it, and payPerViewKind(), which
// attaches its callback.
import { EVERY_KIND_FIELDS } from '../fields.js';
import { receivedKind, type KindSpec, type ReceivedKind } from '../../lib/kind.js';
import { sharedReplayStore } from '../../lib/receive/replay.js';
import { signedPairKey } from '../../lib/signed-pair.js';
import { DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES } from './limits.js';
import type { PayPerViewDecision, PayPerViewSync } from './types.js';
import { createPayPerViewVerifier } from './verify.js';

/** Pay-per-view syncs (Nimble Streamer, Wowza agent), signed by MD5(ID + Puzzle + token), answered with a deny list. */
export const payPerViewSpec: KindSpec<'pay-per-view', PayPerViewSync, object> = {
  kind: 'pay-per-view',
  name: 'pay-per-view',
  callback: 'onPayPerViewSync',
  signed: true,
  fields: ['PayPerViewInfo'],
  everyKindFields: EVERY_KIND_FIELDS,
  createVerifier: createPayPerViewVerifier,
  defaultMaxBodyBytes: DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES,
  // A sync carries no time: its replay window runs from its arrival (see docs/pay-per-view.md).
  timeOf: () => undefined,
  timeSigned: false,
  sharedReplayStore,
  // What the signature covers, the same key as a stream notification's: a captured sync re-sent as a
  // stream notification is a replay. Verification has checked that the puzzle is there.
  replayKey: (sync) => signedPairKey(sync.id, sync.puzzle!),
  describe: (sync) => `pay-per-view sync ${sync.id} (${sync.players.length} players)`,
};

/**
 * What the `onPayPerViewSync` handler learns besides the sync.
 *
 * @example
 * ```ts
 * import type { PayPerViewSyncInfo } from 'wmspanel-notifications';
 *
 * const when = (info: PayPerViewSyncInfo) => info.receivedAt.toISOString();
 * ```
 */
export interface PayPerViewSyncInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
}

/** The handler option of pay-per-view syncs, part of the adapters' options. */
export interface PayPerViewHandlers {
  /**
   * Called once per genuine, new pay-per-view sync, with every player session flattened; returns the viewer
   * ids to cut off (`{ deny }`), or nothing to deny nobody, or a promise of either. The adapter answers 200
   * with `{"DenyList":{"ID":[...]},"Solution":"..."}` (the `Solution` always, for mutual authorization). A
   * replay of the same `ID` and `Puzzle` (as either kind) is answered with the deny list the first delivery produced, without calling it
   * again (so `delta` is never counted twice). Give it alone, or with the other kinds' callbacks to receive
   * several kinds at one endpoint.
   */
  onPayPerViewSync?: (
    sync: PayPerViewSync,
    info: PayPerViewSyncInfo,
    // `void`, so that a handler that denies nobody may return nothing (`() => {}` has type `() => void`).
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  ) => PayPerViewDecision | undefined | void | Promise<PayPerViewDecision | undefined | void>;
}

/**
 * The options of {@link payPerViewKind}: the callback.
 *
 * @example
 * ```ts
 * import type { PayPerViewKindOptions } from 'wmspanel-notifications';
 *
 * const options: PayPerViewKindOptions = { onPayPerViewSync: (sync) => ({ deny: sync.players.filter((p) => p.id === 'banned').map((p) => p.id) }) };
 * ```
 */
export interface PayPerViewKindOptions {
  /** See {@link PayPerViewHandlers.onPayPerViewSync}. Required here. */
  onPayPerViewSync: NonNullable<PayPerViewHandlers['onPayPerViewSync']>;
}

/**
 * Pay-per-view syncs, with their callback, for `createReceiver`'s `kinds`.
 *
 * @throws TypeError when `onPayPerViewSync` is not a function
 * @example
 * ```ts
 * import { createReceiver, payPerViewKind } from 'wmspanel-notifications';
 * import { koaMiddleware } from 'wmspanel-notifications/koa';
 *
 * const receiver = createReceiver({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   kinds: [payPerViewKind({ onPayPerViewSync: async (sync) => ({ deny: await overQuota(sync.players) }) })],
 * });
 * router.post('/wmspanel/ppv', koaMiddleware(receiver));
 * ```
 */
export function payPerViewKind(options: PayPerViewKindOptions): ReceivedKind<'pay-per-view', PayPerViewSync> {
  return receivedKind(payPerViewSpec, options);
}
