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
// 8 MiB, written out: a constant a bundler sees is pure.
export const DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES = 8_388_608;

