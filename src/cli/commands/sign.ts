import { createTestNotification, createTestPayPerViewSync, createTestPlaybackAuthRequest, createTestPublishAuthRequest, createTestStreamNotification } from '../../testing.js';
import { KIND_OPTIONS, kindOf, notificationOptions, payPerViewOptions, playbackOptions, publishOptions, streamOptions } from '../kinds.js';
import type { Command } from '../shared.js';

export const sign: Command = {
  name: 'sign',
  summary: 'print a body signed with a token, as WMSPanel or Nimble would send it',
  description: `Prints the JSON body WMSPanel (or Nimble) would send, of the --kind asked for, signed with the token.
Publish control and playback authorization requests carry no signature: no token, no --forge.`,
  options: KIND_OPTIONS,
  async run(values, _positionals, io) {
    const kind = kindOf(values);
    const body =
      kind === 'ppv'
        ? createTestPayPerViewSync(payPerViewOptions(values, io)).body
        : kind === 'publish'
          ? createTestPublishAuthRequest(publishOptions(values)).body
          : kind === 'playback'
            ? createTestPlaybackAuthRequest(playbackOptions(values)).body
            : kind === 'stream'
              ? createTestStreamNotification(streamOptions(values, io)).body
              : createTestNotification(notificationOptions(values, io)).body;
    io.out(body);
    return 0;
  },
};
