// What `wmspanel-notifications check <url>` sends for each kind, and what it expects back: what the panel
// or Nimble sends, with made-up names, and what an attacker or a retry would send. check-run.ts sends them
// and prints the table.
import {
  createTestNotification,
  createTestPlaybackAuthorizationRequest,
  createTestPublishControlRequest,
  createTestStreamNotification,
  readPlaybackAuthorizationResponse,
  readPublishControlResponse,
} from '../../testing.js';
import {
  GET_RISK,
  OTHER_SERVER,
  SERVER,
  STREAM,
  copyCase,
  explainServerRefused,
  forgeryCases,
  oversized,
  replayCase,
  type Case,
  type CheckKind,
  type ReplaySeen,
} from './check-case.js';
import { payPerViewCases } from './check-pay-per-view.js';

/** The cases `check` runs for a kind, in order. */
export function casesOf(kind: CheckKind, token: string): Case[] {
  const common = (genuine: string): Case[] => [
    { name: 'a GET', expect: 'refuse', method: 'GET', risk: GET_RISK },
    { name: 'a 2 MiB body', expect: 'refuse', body: oversized(genuine), risk: 'anyone can make it hold large bodies', advice: 'refuse bodies far larger than a notification (413)' },
  ];
  switch (kind) {
    case 'status': {
      const genuine = createTestNotification({ token, server: SERVER });
      const relabelled = JSON.stringify({ ...(JSON.parse(genuine.body) as object), server: OTHER_SERVER });
      return [
        {
          name: 'a genuine notification',
          expect: 'accept',
          body: genuine.body,
          risk: "the panel's own notifications are refused: outages go unreported",
          explainRefusal: explainServerRefused,
        },
        {
          ...replayCase('the same again (a retry or a replay)', genuine.body, 'a retry pages your on-call twice and a captured notification can be replayed while it is fresh'),
          explainRefusal: explainServerRefused,
        },
        ...forgeryCases('status', 'anyone can forge a notification and page your on-call', (forge) => createTestNotification({ token, server: SERVER, forge })),
        {
          name: 'the genuine one re-labelled for another server',
          expect: 'refuse',
          body: relabelled,
          risk: 'anyone who saw one notification can re-send it for any server name while it is fresh (the digest covers only the time)',
          advice: 'allow only your servers',
          duplicateRisk: "your replay key is the digest alone: another server's notification of the same second is dropped as a replay (key on digest, server and status)",
        },
        ...common(genuine.body),
      ];
    }
    case 'stream': {
      const genuine = createTestStreamNotification({ token, events: [{ stream: STREAM }] });
      const { id, puzzle } = genuine.notification;
      const copy = createTestStreamNotification({ token, id, puzzle: puzzle!, events: [{ stream: `${STREAM}-2`, action: 'unpublish' }] });
      const replay: ReplaySeen = { duplicate: false };
      return [
        { name: 'a genuine stream notification', expect: 'accept', body: genuine.body, risk: "the panel's own stream notifications are refused" },
        replayCase('the same again', genuine.body, 'a retry or a captured notification repeats a publish or unpublish event', replay),
        copyCase(
          'a copy with other events (same ID and Puzzle)',
          copy.body,
          'anyone who captured one notification can re-send it with other events (the signature covers only ID and Puzzle)',
          replay,
        ),
        ...forgeryCases('stream', 'anyone can forge a publish or unpublish event', (forge) => createTestStreamNotification({ token, events: [{ stream: STREAM }], forge })),
        ...common(genuine.body),
      ];
    }
    case 'ppv':
      return payPerViewCases(token);
    case 'publish': {
      const publisher = (n: number, seq: string | number) => ({ seq, id: `wmspanel-check-publisher-${n}`, stream: STREAM });
      const request = createTestPublishControlRequest({ publishers: [publisher(1, '1'), publisher(2, 2)] });
      return [
        {
          name: 'a batch, seq as text and as a number (echoed unchanged)',
          expect: 'accept',
          body: request.body,
          risk: 'Nimble gets no decision for its publishers',
          judge: (answer) => {
            const list = (JSON.parse(answer.text) as { PublishAuthResponse?: { seq?: unknown }[] }).PublishAuthResponse;
            readPublishControlResponse(answer.text, request.request);
            const seqs = JSON.stringify((list ?? []).map((entry) => entry.seq));
            return seqs.includes('"1"') && seqs.includes('2') && !seqs.includes('"2"')
              ? undefined
              : { kind: 'miss', text: `seq not echoed as sent: ${seqs}: Nimble may not match a decision to its publisher` };
          },
        },
        { name: 'a body that is not a publish request', expect: 'refuse', body: '{"PublishAuthRequest":"nope"}', risk: 'it decides on requests it cannot have read: whatever reaches it gets a decision' },
        { name: 'a GET', expect: 'refuse', method: 'GET', risk: GET_RISK },
      ];
    }
    case 'playback':
      return [
        {
          name: 'a new session (a decision)',
          expect: 'accept',
          body: createTestPlaybackAuthorizationRequest({ url: `/${STREAM}/playlist.m3u8` }).body,
          risk: 'Nimble gets no decision for its viewers',
          judge: (answer) => (readPlaybackAuthorizationResponse(answer.text), undefined),
        },
        { name: 'a body that is not a playback request', expect: 'refuse', body: '{"host":"x"}', risk: 'it decides on requests it cannot have read: whatever reaches it gets a decision' },
        { name: 'a GET', expect: 'refuse', method: 'GET', risk: GET_RISK },
      ];
  }
}
