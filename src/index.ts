/**
 * Parse, verify and answer what WMSPanel and Nimble Streamer send: every kind, the errors, the replay stores and the URL signatures.
 *
 * @module wmspanel-notifications
 */
export { computeDigest, verifyDigest } from './kinds/server-status/digest.js';
export {
  NOTIFICATION_ERROR_STATUS,
  NotificationError,
  isNotificationError,
  type NotificationErrorCode,
  type NotificationErrorResponse,
} from './lib/errors.js';
export { readStreamBody } from './lib/body.js';
export { parseNotification } from './kinds/server-status/parse.js';
export { parseStreamNotification } from './kinds/stream/parse.js';
export { parsePayPerViewSync } from './kinds/pay-per-view/parse.js';
export { DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES } from './kinds/pay-per-view/limits.js';
export { computeSolution, createPayPerViewResponse, type PayPerViewResponseOptions } from './kinds/pay-per-view/response.js';
export type { PayPerViewDecision, PayPerViewPlayer, PayPerViewResponse, PayPerViewSync } from './kinds/pay-per-view/types.js';
export { createPayPerViewSyncVerifier, verifyPayPerViewSync, type VerifyPayPerViewSyncOptions } from './kinds/pay-per-view/verify.js';
export { createPlayerSignature, signPlayerUrl, type PlayerSignatureOptions } from './signing/player-signature.js';
export { createPublisherSignature, signPublisherUrl, type PublisherSignatureOptions } from './signing/publisher-signature.js';
export { parsePublishControlRequest } from './kinds/publish-control/parse.js';
export { createPublishControlResponse } from './kinds/publish-control/response.js';
export type { PublishControlDecision, PublishControlRequest, PublishControlRequestItem, PublishControlResponse } from './kinds/publish-control/types.js';
export { parsePlaybackAuthorizationRequest } from './kinds/playback-authorization/parse.js';
export { createPlaybackAuthorizationResponse } from './kinds/playback-authorization/response.js';
export type { PlaybackAuthorizationDecision, PlaybackAuthorizationRequest, PlaybackAuthorizationResponse } from './kinds/playback-authorization/types.js';
export { computeSignature, verifySignature } from './lib/signed-pair.js';
export type { StreamEvent, StreamNotification } from './kinds/stream/types.js';
export { createStreamNotificationVerifier, verifyStreamNotification, type VerifyStreamNotificationOptions } from './kinds/stream/verify.js';
export { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, type BodyLimits } from './lib/body.js';
export {
  DEFAULT_HANDLER_TIMEOUT_MS,
  DEFAULT_MAX_NOTIFICATIONS_PER_TIME,
  DEFAULT_REPLAY_STORE_TIMEOUT_MS,
  DEFAULT_REPLAY_WINDOW_SECONDS,
  type ReceiverOptions,
} from './lib/receive/options.js';
export { createReceiver } from './lib/receive/pipeline.js';
export type { CreateReceiverOptions } from './lib/receive/options.js';
export type { ErrorInfoOf, NotificationReceiverOf, ReceiveAnswer, ReceiveRequest, ReceiveResultOf, Recognised, Verified } from './lib/receive/result.js';
export type { AnyReceivedKind, KindOf, KindSpec, KindVerifier, Received, ReceivedInfo, ReceivedKind, ReceivedOf } from './lib/kind.js';
export type { NotificationVerifier } from './lib/verifier.js';
export type { AuthorizationOptions } from './lib/authorization.js';
export type { CommonVerifyOptions, VerifySettings } from './lib/options.js';
export {
  createNotificationReceiver,
  type ErrorInfo,
  type EveryKind,
  type NotificationHandlerOptions,
  type NotificationReceiver,
  type ReceiveResult,
  type ReceivedNotification,
} from './kinds/index.js';
export { serverStatusKind, type NotificationInfo, type ServerStatusKindOptions } from './kinds/server-status/kind.js';
export { streamKind, type StreamKindOptions, type StreamNotificationInfo } from './kinds/stream/kind.js';
export { payPerViewKind, type PayPerViewKindOptions, type PayPerViewSyncInfo } from './kinds/pay-per-view/kind.js';
export {
  createPublishControlRequestVerifier,
  publishControlKind,
  type PublishControlKindOptions,
  type PublishControlRequestInfo,
} from './kinds/publish-control/kind.js';
export {
  createPlaybackAuthorizationRequestVerifier,
  playbackAuthorizationKind,
  type PlaybackAuthorizationKindOptions,
  type PlaybackAuthorizationRequestInfo,
} from './kinds/playback-authorization/kind.js';
export { parseAdvertizerSessionRequest } from './kinds/advertizer-session/parse.js';
export type { AdvertizerRuleRequest, AdvertizerSessionInfo, AdvertizerSessionRequest, AdvertizerView } from './kinds/advertizer-session/types.js';
export {
  ADVERTIZER_SESSION_HANDLER_TIMEOUT_MS,
  advertizerSessionKind,
  createAdvertizerSessionRequestVerifier,
  type AdvertizerSessionKindOptions,
  type AdvertizerSessionRequestInfo,
} from './kinds/advertizer-session/kind.js';
export {
  AdvertizerScenarioError,
  createAdvertizerScenario,
  validateAdvertizerScenario,
  type AdvertizerScenario,
  type AdvertizerScenarioInput,
  type AdvertizerScenarioValidation,
  type AdvertizerSessionHandler,
  type AdvertizerSessionHandlerInput,
} from './kinds/advertizer-session/scenario.js';
export type {
  AdvertizerContent,
  AdvertizerContentInput,
  AdvertizerOnError,
  AdvertizerProtocol,
  AdvertizerRule,
  AdvertizerRuleContent,
  AdvertizerRuleContentInput,
  AdvertizerRuleInput,
  AdvertizerRuleType,
  AdvertizerScenarioProblem,
  AdvertizerTimeSync,
} from './kinds/advertizer-session/rules.js';
export {
  createAdvertizerSessionResponse,
  type AdvertizerRuleAssignment,
  type AdvertizerRuleAssignmentInput,
  type AdvertizerSessionDecision,
  type AdvertizerSessionResponse,
  type AdvertizerSessionRule,
  type AdvertizerSessionRuleInput,
} from './kinds/advertizer-session/response.js';
export {
  DEFAULT_MAX_REPLAY_ENTRIES,
  createMemoryReplayStore,
  type MemoryReplayStore,
  type MemoryReplayStoreOptions,
  type ReplayDone,
  type ReplayState,
  type ReplayStore,
} from './lib/replay-store.js';
export { formatNotificationTime } from './kinds/server-status/time.js';
export type { ServerStatus, ServerStatusNotification } from './kinds/server-status/types.js';
export { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_FUTURE_SECONDS } from './lib/options.js';
export { createNotificationVerifier, verifyNotification, type VerifyNotificationOptions } from './kinds/server-status/verify.js';
