// `--kind advertizer-session` beyond what test/cli/kinds.test.ts runs every kind through: --viewer, what
// send prints of an answer, and check failing a handler whose answer Nimble cannot read.
import { afterEach, describe, expect, it } from 'vitest';
import { closeUntrustedServers, serveText } from '../../untrusted-servers.js';
import { run } from '../run-main.js';

afterEach(closeUntrustedServers);

describe('--kind advertizer-session', () => {
  it('sign --viewer app/stream makes a session asking for rules on each stream', async () => {
    const signed = await run(['sign', '--kind', 'advertizer-session', '--viewer', 'live/match', '--viewer', 'vod/movie.mp4']);
    expect(signed.code).toBe(0);
    const { rules_request: asked } = JSON.parse(signed.stdout) as { rules_request: { app: string; stream: string }[] };
    expect(asked.map(({ app, stream }) => `${app}/${stream}`)).toEqual(['live/match', 'vod/movie.mp4']);
    for (const bad of ['match', 'live/', '/match', 'live/a b']) {
      const refused = await run(['sign', '--kind', 'advertizer-session', '--viewer', bad]);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toContain('--viewer takes app/stream');
    }
  });

  it('send prints the rules assigned to each session, as Nimble reads them', async () => {
    const { url } = await serveText('{"rules":[{"id":101,"type":"session","time_sync":"stream","time_offset":0,"contents":[{"id":["1","2"]}]}],"rules_response":[{"rules":[101],"session":5,"request_interval":10}]}');
    const sent = await run(['send', url, '--kind', 'advertizer-session']);
    expect(sent.stdout).toContain('session 5: rules 101, asks again in 10 s');
    expect(sent.code).toBe(0);
  });

  it.each([
    ['{"received":true}', 'MISS: no "rules_response": the sessions that asked get no rules, and play without ads'],
    ['{"rules_response":[{"session":"one","rules":[1]}]}', 'MISS: the answer is not what the sender reads: the Advertizer session response has 1 problem'],
    ['{"rules_response":[]', 'MISS: the answer is not what the sender reads: the Advertizer session response is not valid JSON at line 1, column 21'],
  ])('check fails a handler that answers %s, saying why', async (answer, verdict) => {
    const { url } = await serveText(answer);
    const result = await run(['check', url, '--kind', 'advertizer-session', '--timeout', '5']);
    const row = result.stdout.split('\n').find((line) => line.startsWith('sessions and new sessions asking for rules'));
    expect(row).toMatch(/\s+2xx\s+200\s+MISS: /);
    expect(row).toContain(verdict);
    expect(result.code).toBe(1);
  });
});
