// `--kind publish`: publish control, Nimble asking whether publishers may publish; unsigned, answered with a
// decision per publisher.
import { createPublishControlRequestVerifier, publishControlSpec } from '../../kinds/publish-control/kind.js';
import { createTestPublishControlRequest, readPublishControlResponse } from '../../kinds/publish-control/testing.js';
import type { PublishControlRequest } from '../../kinds/publish-control/types.js';
import { GET_CASE, STREAM, unreadableCase } from '../check-case.js';
import type { CliKind } from './kind.js';
import { sessionsOf } from './options.js';

export const publishEntry: CliKind<PublishControlRequest> = {
  name: 'publish',
  spec: publishControlSpec,
  forgeries: [],
  timed: false,
  options: {
    publisher: { type: 'string', multiple: true, value: 'ID[@app/stream]', description: 'a publisher of the batch (default publisher-1)' },
  },
  make(values) {
    const { body, request } = createTestPublishControlRequest({ publishers: sessionsOf(values.publisher as string[] | undefined, 'publisher-1', 'publisher') });
    const { requests } = request;
    return {
      body,
      readAnswer: (text) => ({
        lines: readPublishControlResponse(text, request).map((d, i) => `${JSON.stringify(d.seq)} ${requests[i]!.id} ${requests[i]!.stream}: ${d.allow ? 'allow' : 'deny'}`),
        ok: true,
      }),
    };
  },
  verifier: () => createPublishControlRequestVerifier(),
  json: (request) => request,
  listen: (out, deny) => ({
    onPublishControlRequest(request, info) {
      const decisions = request.requests.map((item) => ({ seq: item.seq, allow: !deny.has(item.id) }));
      out(JSON.stringify({ kind: 'publish', requests: request.requests, decisions, receivedAt: info.receivedAt.toISOString() }));
      return decisions;
    },
  }),
  cases() {
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
      unreadableCase('a body that is not a publish request', '{"PublishAuthRequest":"nope"}'),
      GET_CASE,
    ];
  },
  help: {
    about: 'publish (publish control)',
    check: 'publish: seq echoed unchanged.',
    send: "with publish, each publisher's decision",
    listen: 'publishers are allowed unless their id is in --deny',
  },
};
