/**
 * Test kits: make, send and read what each kind sends and answers.
 *
 * @module wmspanel-notifications/testing
 */
// The `wmspanel-notifications/testing` entry: each kind's test kit.
export {
  createTestNotification,
  formatNotificationTime,
  sendTestNotification,
  type Forgery,
  type SendTestNotificationOptions,
  type TestNotification,
  type TestNotificationOptions,
} from './kinds/server-status/testing.js';
export {
  createTestStreamNotification,
  sendTestStreamNotification,
  type SendTestStreamNotificationOptions,
  type StreamForgery,
  type TestStreamEvent,
  type TestStreamNotification,
  type TestStreamNotificationOptions,
} from './kinds/stream/testing.js';
export {
  createTestPayPerViewSync,
  readPayPerViewResponse,
  sendTestPayPerViewSync,
  type PayPerViewAnswer,
  type PayPerViewForgery,
  type SendTestPayPerViewSyncOptions,
  type SentPayPerViewSync,
  type TestPayPerViewPlayer,
  type TestPayPerViewSync,
  type TestPayPerViewSyncOptions,
} from './kinds/pay-per-view/testing.js';
export {
  createTestPublishControlRequest,
  readPublishControlResponse,
  sendTestPublishControlRequest,
  type SendTestPublishControlRequestOptions,
  type SentPublishControlRequest,
  type TestPublishControlRequest,
  type TestPublishControlRequestOptions,
  type TestPublisher,
} from './kinds/publish-control/testing.js';
export {
  createTestPlaybackAuthorizationRequest,
  readPlaybackAuthorizationResponse,
  sendTestPlaybackAuthorizationRequest,
  type SendTestPlaybackAuthorizationRequestOptions,
  type TestPlaybackAuthorizationRequest,
  type TestPlaybackAuthorizationRequestOptions,
} from './kinds/playback-authorization/testing.js';
export {
  createTestAdvertizerSessionRequest,
  sendTestAdvertizerSessionRequest,
  type SendTestAdvertizerSessionRequestOptions,
  type TestAdvertizerRuleRequest,
  type TestAdvertizerSession,
  type TestAdvertizerSessionRequest,
  type TestAdvertizerSessionRequestOptions,
} from './kinds/advertizer-session/testing.js';
export { readAdvertizerSessionResponse } from './kinds/advertizer-session/response.js';
export type { SendOptions } from './lib/send.js';
