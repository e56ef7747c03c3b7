// `--kind advertizer-session` beyond what test/cli/kinds.test.ts runs every kind through: --viewer, what
// send prints of an answer, and check failing a handler whose answer Nimble cannot read.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressMiddleware } from '../../../src/adapters/express.js';
import { createNodeHandler } from '../../../src/adapters/node.js';
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

describe('--kind advertizer-session against handlers Nimble would find wanting', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });
  const listen = async (server: Server): Promise<string> => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/advertizer/sessions`;
  };
  const rowOf = (stdout: string, name: string) => stdout.split('\n').find((line) => line.startsWith(name))!;

  it('send exits 1 for an answer without rules_response, saying what it costs, and for one that is not JSON, saying where', async () => {
    const { url } = await serveText('{"received":true}');
    const sent = await run(['send', url, '--kind', 'advertizer-session']);
    expect(sent.stdout).toContain('no "rules_response": the sessions that asked get no rules, and play without ads');
    expect(sent.code).toBe(1);
    const broken = await serveText('{"rules_response":[]');
    const notJson = await run(['send', broken.url, '--kind', 'advertizer-session']);
    expect(notJson.stderr).toContain('the answer is not what the sender reads: the Advertizer session response is not valid JSON at line 1, column 21');
    expect(notJson.code).toBe(1);
  });

  it('check fails the large call where an app-wide express.json() (100 kB) refuses it, and says why', async () => {
    const app = express();
    app.use(express.json());
    app.post('/advertizer/sessions', createExpressMiddleware({ onAdvertizerSessions: () => undefined }));
    const url = await listen(createServer(app));
    const result = await run(['check', url, '--kind', 'advertizer-session', '--timeout', '5']);
    const row = rowOf(result.stdout, 'a call of 2000 sessions');
    expect(row).toMatch(/2xx\s+413\s+MISS: not accepted: a body parser in front of the handler refused it: mount the receiver before express.json\(\) or raise its limit/);
    expect(result.code).toBe(1);
    // Without the app-wide parser, it passes.
    const plain = express();
    plain.post('/advertizer/sessions', createExpressMiddleware({ onAdvertizerSessions: () => undefined }));
    const passed = await run(['check', await listen(createServer(plain)), '--kind', 'advertizer-session', '--timeout', '5']);
    expect(passed.stdout).toMatch(/\npassed: 5 cases \(advertizer-session\)\n$/);
  });

  it('advises (exit 0) on an answer slower than the 1000 ms Softvelum\'s example gives Nimble\'s wait', async () => {
    let calls = 0;
    const handle = createNodeHandler({ onAdvertizerSessions: async () => (++calls === 1 ? new Promise((resolve) => setTimeout(resolve, 1100)) : undefined), handlerTimeoutMs: 5000 });
    const url = await listen(createServer((request, response) => void handle(request, response)));
    const result = await run(['check', url, '--kind', 'advertizer-session', '--timeout', '5']);
    expect(rowOf(result.stdout, 'sessions and new sessions asking for rules')).toMatch(/advice: answered in 1\d{3} ms: Nimble waits only the scenario's session_handler timeout \(1000 ms in Softvelum's example\)/);
    expect(rowOf(result.stdout, 'session stats only')).toMatch(/\s+ok$/);
    expect(result.code).toBe(0);
  });
});
