// `--kind ppv`: pay-per-view syncs, signed with the token, answered with a deny list and its Solution.
// Its check cases are in ppv-check.ts.
import { payPerViewSpec } from '../../kinds/pay-per-view/kind.js';
import {
  createTestPayPerViewSync,
  readPayPerViewResponse,
  type PayPerViewForgery,
  type TestPayPerViewSyncOptions,
} from '../../kinds/pay-per-view/testing.js';
import type { PayPerViewSync } from '../../kinds/pay-per-view/types.js';
import { createPayPerViewSyncVerifier } from '../../kinds/pay-per-view/verify.js';
import { tokenOf, type CliIo, type Values } from '../shared.js';
import type { CliKind } from './kind.js';
import { FORMAT_OPTION, forgeOf, formatOf, sessionsOf } from './options.js';
import { payPerViewCases } from './ppv-check.js';

const FORGERIES = ['wrong-token', 'tampered-signature', 'unsigned'] as const satisfies readonly PayPerViewForgery[];

/** The token, --format, --player and --forge, as the kit takes them. */
function kitOptions(values: Values, io: CliIo): TestPayPerViewSyncOptions & { token: string } {
  const forge = forgeOf(values, ppvEntry.name, FORGERIES);
  return {
    token: tokenOf(values, io),
    format: formatOf(values),
    players: sessionsOf(values.player as string[] | undefined, '1', 'player'),
    ...(forge === undefined ? {} : { forge }),
  };
}

export const ppvEntry: CliKind<PayPerViewSync> = {
  name: 'ppv',
  spec: payPerViewSpec,
  forgeries: FORGERIES,
  timed: false,
  options: {
    format: FORMAT_OPTION,
    player: { type: 'string', multiple: true, value: 'ID[@app/stream]', description: 'a player session (default player 1 on live/stream)' },
  },
  make(values, io) {
    const options = kitOptions(values, io);
    const { body, sync } = createTestPayPerViewSync(options);
    return {
      body,
      // A sync's answer is checked against its puzzle, which only the sender knows.
      readAnswer(text) {
        const answer = readPayPerViewResponse(text, { puzzle: sync.puzzle!, token: options.token });
        return { lines: [`deny: ${JSON.stringify(answer.deny)}; Solution: ${answer.solution}`], ok: answer.solution === 'valid' };
      },
    };
  },
  // A sync carries no time: the token alone.
  verifier: ({ token }) => createPayPerViewSyncVerifier({ token }),
  json: ({ id, players }) => ({ id, players }),
  listen: (out, deny) => ({
    onPayPerViewSync(sync, info) {
      const denied = [...new Set(sync.players.filter((player) => deny.has(player.id)).map((player) => player.id))];
      out(JSON.stringify({ kind: 'pay-per-view', id: sync.id, players: sync.players, deny: denied, receivedAt: info.receivedAt.toISOString() }));
      return { deny: denied };
    },
  }),
  cases: (token) => payPerViewCases(token, FORGERIES),
  help: {
    about: 'ppv (pay-per-view syncs)',
    check:
      'ppv: a sync (its deny list and Solution), the same again (the same deny list), a copy\nwith other viewers, a sync of 2,000 viewers (336 KB, which an app-wide express.json() refuses),\nforgeries and a GET.',
    send: 'with --kind ppv it also prints the deny\nlist and whether its Solution is right (Nimble ignores a deny list whose Solution is not, under mutual\nauthorization), and exits 1 unless it is',
    listen: 'pay-per-view syncs are answered with the --deny\nids they list (default: nobody)',
  },
  demo: {
    help: 'a pay-per-view sync with its\nretry',
    receive: (out) => ({
      onPayPerViewSync(sync) {
        const unpaid = sync.players.filter((player) => player.id.startsWith('unpaid')).map((player) => player.id);
        out(`    pay-per-view handler: ${sync.players.length} viewers, cutting off ${unpaid.join(', ') || 'nobody'}`);
        return { deny: unpaid };
      },
    }),
    steps(token) {
      const sync = createTestPayPerViewSync({ token, players: [{ id: 'paid-1' }, { id: 'unpaid-2' }, { id: 'paid-3', stream: 'vod/movie.mp4' }] });
      const read = (text: string) => {
        if ((JSON.parse(text) as { DenyList?: unknown }).DenyList === undefined) return undefined;
        // What Nimble would check: the deny list, and a Solution made of the sync's puzzle and the token.
        const { deny, solution } = readPayPerViewResponse(text, { puzzle: sync.sync.puzzle!, token });
        return { what: `answered deny list ${JSON.stringify(deny)}, Solution ${solution}`, ok: solution === 'valid' };
      };
      return [
        { label: 'a pay-per-view sync of three viewers, one of whom has not paid', body: sync.body, expected: 200, read },
        { label: 'the same sync again (a retry after a lost answer)', body: sync.body, expected: 200, read },
      ];
    },
  },
};
