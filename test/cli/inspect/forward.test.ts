// The relay to the app behind --forward-to, against real apps on 127.0.0.1 (listen's own tests cover the
// answers the sender gets; these cover what only the relay sees).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createForwarder } from '../../../src/cli/inspect/forward.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve).closeAllConnections())));
});

async function app(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/app`;
}

const post = { method: 'POST', body: new TextEncoder().encode('{"a":1}'), contentType: 'application/json', sender: '10.0.0.5' };

describe('createForwarder', () => {
  it("stops reading an answer past 4 MiB: the app counts as down, with why", async () => {
    const url = await app((_request, response) => {
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const write = (): void => {
        while (response.write(chunk));
        response.once('drain', write);
      };
      write();
    });
    const forwarded = await createForwarder(url, 10)(post);
    expect(forwarded).toMatchObject({ outcome: 'down', error: `${url} answered more than 4 MiB` });
  });

  it('times out an app that sends its headers and then stalls its body', async () => {
    const url = await app((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
    });
    const forwarded = await createForwarder(url, 0.3)(post);
    expect(forwarded).toMatchObject({ outcome: 'timeout', error: `${url} did not answer within 0.3 s` });
    expect((forwarded as { ms: number }).ms).toBeGreaterThanOrEqual(250);
  });

  it('relays a GET without a body, and drops hop-by-hop and encoding headers from the answer', async () => {
    const seen: { method?: string; length?: string | undefined; sender?: string | string[] | undefined } = {};
    const url = await app((request, response) => {
      seen.method = request.method!;
      seen.length = request.headers['content-length'];
      seen.sender = request.headers['x-forwarded-for'];
      response.writeHead(200, { 'x-kept': 'yes', 'keep-alive': 'timeout=5', 'set-cookie': ['a=1', 'b=2'] });
      response.end('ok');
    });
    const forwarded = await createForwarder(url, 10)({ ...post, method: 'GET', contentType: null });
    expect(seen).toEqual({ method: 'GET', length: undefined, sender: '10.0.0.5' });
    expect(forwarded.outcome).toBe('answered');
    const headers = (forwarded as { headers: [string, string][] }).headers;
    expect(headers).toContainEqual(['x-kept', 'yes']);
    expect(headers.filter(([name]) => name === 'set-cookie')).toEqual([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    expect(headers.map(([name]) => name)).not.toContain('keep-alive');
    expect(headers.map(([name]) => name)).not.toContain('content-length');
  });

  it('never names the query of the URL (it may hold a key) in what it reports', async () => {
    const url = await app(() => undefined);
    const forwarded = await createForwarder(`${url}?key=hunter2`, 0.2)(post);
    expect(forwarded).toMatchObject({ outcome: 'timeout' });
    expect(JSON.stringify(forwarded)).not.toContain('hunter2');
  });
});
