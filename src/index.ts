export { computeDigest, verifyDigest } from './digest.js';
export {
  NOTIFICATION_ERROR_STATUS,
  NotificationError,
  isNotificationError,
  type NotificationErrorCode,
  type NotificationErrorResponse,
} from './errors.js';
export { readStreamBody } from './body.js';
export { parseNotification } from './parse-notification.js';
export {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_HANDLER_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_NOTIFICATIONS_PER_TIME,
  DEFAULT_REPLAY_STORE_TIMEOUT_MS,
  createNotificationReceiver,
  type BodyLimits,
  type ErrorInfo,
  type NotificationHandlerOptions,
  type NotificationInfo,
  type NotificationReceiver,
  type ReceiveAnswer,
  type ReceiveRequest,
  type ReceiveResult,
} from './receive.js';
export {
  DEFAULT_MAX_REPLAY_ENTRIES,
  createMemoryReplayStore,
  type MemoryReplayStore,
  type MemoryReplayStoreOptions,
  type ReplayState,
  type ReplayStore,
} from './replay-store.js';
export { formatNotificationTime } from './time.js';
export type { ServerStatus, ServerStatusNotification } from './types.js';
export {
  DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_MAX_FUTURE_SECONDS,
  verifyNotification,
  type VerifyNotificationOptions,
} from './verify-notification.js';
