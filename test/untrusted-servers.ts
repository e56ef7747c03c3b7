// Real servers on 127.0.0.1 that send and check must not trust: one that redirects elsewhere, one whose
// answer never ends, one that counts what reaches it. Each counts what it saw; `until` waits on its events.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a server saw: requests, and answers the client cut short by going away. */
export interface Seen {
  requests: number;
  cut: number;
  /** Resolves once `condition` holds, checked on each of the server's events (no polling, no sleeps). */
  until(condition: () => boolean): Promise<void>;
}

const servers: Server[] = [];

/** Closes every server started since the last call (for afterEach). */
export function closeUntrustedServers(): void {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
}

async function serve(handle: (request: IncomingMessage, response: ServerResponse, seen: Seen, changed: () => void) => void): Promise<{ url: string; seen: Seen }> {
  const waiting = new Set<() => void>();
  const changed = (): void => {
    for (const wake of waiting) wake();
  };
  const seen: Seen = {
    requests: 0,
    cut: 0,
    until: (condition) =>
      new Promise((resolve) => {
        const wake = (): void => {
          if (!condition()) return;
          waiting.delete(wake);
          resolve();
        };
        waiting.add(wake);
        wake();
      }),
  };
  const server = createServer((request, response) => {
    seen.requests++;
    changed();
    handle(request, response, seen, changed);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wmspanel`, seen };
}

/** Answers 200 `{}` to everything: where a redirect points, to show whether anything was re-sent there. */
export const serveTarget = (): Promise<{ url: string; seen: Seen }> =>
  serve((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });

/** Answers every request with `status` and a Location pointing at `location`, without reading on. */
export const serveRedirect = (status: number, location: string): Promise<{ url: string; seen: Seen }> =>
  serve((request, response) => {
    request.resume();
    response.writeHead(status, { location, 'content-type': 'text/plain' }).end(`moved to ${location}`);
  });

/** Answers 200 and writes for ever, stopping only when the client goes away (counted in `cut`). */
export const serveEndless = (): Promise<{ url: string; seen: Seen }> =>
  serve((request, response, seen, changed) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (!response.destroyed && response.write(chunk));
    };
    response.on('drain', pump);
    response.on('close', () => {
      seen.cut++;
      changed();
    });
    pump();
  });

/** Answers 200 and the first byte of a body, then nothing more: an answer that stalls. */
export const serveStalling = (): Promise<{ url: string; seen: Seen }> =>
  serve((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).write('{');
  });

/** Answers every request 200 with `text` as it is (terminal escape sequences included). */
export const serveText = (text: string): Promise<{ url: string; seen: Seen }> =>
  serve((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(text));
  });
