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
export type { SendOptions } from './lib/send.js';
