// `--kind playback`: playback authorization, Nimble asking whether a new viewer session may play; unsigned,
// answered with a decision (allow, deny or a redirect).
import { createPlaybackAuthorizationRequestVerifier, playbackAuthorizationSpec } from '../../kinds/playback-authorization/kind.js';
import {
  createTestPlaybackAuthorizationRequest,
  readPlaybackAuthorizationResponse,
  type TestPlaybackAuthorizationRequestOptions,
} from '../../kinds/playback-authorization/testing.js';
import type { PlaybackAuthorizationRequest } from '../../kinds/playback-authorization/types.js';
import { GET_CASE, STREAM, unreadableCase } from '../check-case.js';
import { UsageError, type Values } from '../shared.js';
import type { CliKind } from './kind.js';

/** --path, as the kit takes it. */
function kitOptions(values: Values): TestPlaybackAuthorizationRequestOptions {
  const path = values.path as string | undefined;
  if (path !== undefined && !path.startsWith('/')) throw new UsageError('--path takes a path, /app/stream/...');
  return path === undefined ? {} : { url: path };
}

export const playbackEntry: CliKind<PlaybackAuthorizationRequest> = {
  name: 'playback',
  spec: playbackAuthorizationSpec,
  forgeries: [],
  timed: false,
  options: {
    path: { type: 'string', value: '/app/stream/...', description: 'the path asked for' },
  },
  make: (values) => ({
    body: createTestPlaybackAuthorizationRequest(kitOptions(values)).body,
    readAnswer(text) {
      const decision = readPlaybackAuthorizationResponse(text);
      return { lines: ['redirect' in decision ? `redirect ${decision.redirect}` : decision.allow ? 'allow' : 'deny'], ok: true };
    },
  }),
  verifier: () => createPlaybackAuthorizationRequestVerifier(),
  // The request as read, without the raw body it was read from.
  json: ({ raw: _raw, ...request }) => request,
  listen: (out) => ({
    onPlaybackAuthorizationRequest(request, info) {
      out(JSON.stringify({ kind: 'playback', request: request.raw, decision: { allow: true }, receivedAt: info.receivedAt.toISOString() }));
      return { allow: true };
    },
  }),
  cases: () => [
    {
      name: 'a new session (a decision)',
      expect: 'accept',
      body: createTestPlaybackAuthorizationRequest({ url: `/${STREAM}/playlist.m3u8` }).body,
      risk: 'Nimble gets no decision for its viewers',
      judge: (answer) => (readPlaybackAuthorizationResponse(answer.text), undefined),
    },
    unreadableCase('a body that is not a playback request', '{"host":"x"}'),
    GET_CASE,
  ],
  help: {
    about: 'playback (playback\nauthorization)',
    check: 'playback: a decision Nimble reads.',
    send: 'with playback, the\ndecision (allow, deny or redirect URL)',
    listen: 'playback sessions\nare allowed',
  },
};
