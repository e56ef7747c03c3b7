import type { NotificationKind } from '../../lib/kind.js';
import { signedPairKey } from '../stream/signature.js';
import { looksLikePayPerViewSync } from './parse.js';
import type { PayPerViewDecision, PayPerViewSync } from './types.js';
import { createPayPerViewVerifier, type VerifyPayPerViewSyncOptions } from './verify.js';

/**
 * The default `maxBodyBytes` of an endpoint that receives pay-per-view syncs: a sync lists every viewer, about
 * 300 bytes each from Nimble (user agent included), so 8 MiB holds some 25,000 viewers per server. Raise
 * `maxBodyBytes` for more.
 *
 * @example
 * ```ts
 * import { DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES } from 'wmspanel-notifications';
 * import { createExpressMiddleware } from 'wmspanel-notifications/express';
 *
 * createExpressMiddleware({ token, onPayPerViewSync, maxBodyBytes: DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES * 4 });
 * ```
 */
export const DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Pay-per-view syncs (Nimble Streamer, Wowza agent), signed by MD5(ID + Puzzle + token), answered with a deny list. */
export const payPerViewKind: NotificationKind<PayPerViewSync, VerifyPayPerViewSyncOptions> = {
  name: 'pay-per-view',
  callback: 'onPayPerViewSync',
  infoKey: 'payPerViewSync',
  signed: true,
  matches: looksLikePayPerViewSync,
  createVerifier: createPayPerViewVerifier,
  defaultMaxBodyBytes: DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES,
  // A sync carries no time: its replay window runs from its arrival (see docs/pay-per-view.md).
  timeOf: () => undefined,
  timeSigned: false,
  sharedReplayKeys: true,
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

/** What `onError` learns of a pay-per-view sync. */
export interface PayPerViewErrorInfo {
  /** The verified sync, when the error came after its verification. */
  payPerViewSync?: PayPerViewSync;
}
