// The wmspanel-notifications/testing entry (src/testing.ts): what it exports besides each kind's test kit
// (tested in test/kinds/<kind>/testing.test.ts where a kind's kit has more than the kits' common parts),
// and what every kit's send function shares (src/lib/send.ts).
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatNotificationTime,
  sendTestNotification,
  sendTestPayPerViewSync,
  sendTestPlaybackAuthorizationRequest,
  sendTestPublishControlRequest,
  sendTestStreamNotification,
} from '../src/testing.js';
import { closeUntrustedServers, serveRedirect, serveTarget } from './untrusted-servers.js';

describe('wmspanel-notifications/testing', () => {
  it('re-exports formatNotificationTime', () => {
    expect(formatNotificationTime(Date.UTC(2000, 0, 1))).toBe('2000-01-01 00:00:00 UTC');
  });
});

describe('the test kits\' send functions trust no server', () => {
  afterEach(() => closeUntrustedServers());

  it.each([301, 302, 307, 308])('answer a %i as it is, and re-send nothing to where it points', async (status) => {
    const target = await serveTarget();
    const redirect = await serveRedirect(status, target.url);
    const sends = [
      () => sendTestNotification(redirect.url, { token: 'test-token' }),
      () => sendTestStreamNotification(redirect.url, { token: 'test-token' }),
      async () => (await sendTestPayPerViewSync(redirect.url, { token: 'test-token' })).response,
      async () => (await sendTestPublishControlRequest(redirect.url)).response,
      () => sendTestPlaybackAuthorizationRequest(redirect.url),
    ];
    for (const send of sends) {
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.headers.get('location')).toBe(target.url);
      await response.body?.cancel();
    }
    expect(target.seen.requests).toBe(0);
  });
});
