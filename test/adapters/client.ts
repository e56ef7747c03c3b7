// The HTTP clients the adapter tests use: fetch for ordinary requests, and a raw socket where a test
// must control the bytes on the wire (slow drips, stalls, lying lengths).
import { connect } from 'node:net';
import type { NotificationHandlerOptions, ServerStatusNotification } from '../../src/index.js';
import { NOW, TOKEN } from '../helpers.js';

export interface Recorder {
  options: NotificationHandlerOptions;
  handled: ServerStatusNotification[];
  errors: unknown[];
  ages: number[];
}

/** Handler options that record what the adapter did, with the test clock at NOW. */
export function record(extra: Partial<NotificationHandlerOptions> = {}): Recorder {
  const recorder: Recorder = { handled: [], errors: [], ages: [], options: undefined as never };
  recorder.options = {
    token: TOKEN,
    now: () => NOW + 2000,
    onNotification: (notification, info) => {
      recorder.handled.push(notification);
      recorder.ages.push(info.ageMs);
    },
    onError: (error) => {
      recorder.errors.push(error);
    },
    ...extra,
  };
  return recorder;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function post(url: string, body: BodyInit | null, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', body, ...init, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * Sends raw HTTP over a socket: `head` first, then each chunk of `drip` after `intervalMs`. Resolves with
 * the status line and body as soon as the server answers (possibly before everything was sent), and how
 * many chunks had been sent by then.
 */
export function rawRequest(
  url: string,
  head: string,
  drip: string[] = [],
  intervalMs = 0,
): Promise<{ status: number; response: string; chunksSent: number; elapsedMs: number }> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let chunksSent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    const done = (): void => {
      clearInterval(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
      resolve({ status, response, chunksSent, elapsedMs: performance.now() - started });
    };
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      response += data;
      // The whole answer is in once the headers ended and Content-Length bytes of body followed.
      const end = response.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(response)?.[1];
      if (end < 0) return;
      if (length !== undefined ? Buffer.byteLength(response.slice(end + 4)) >= Number(length) : response.endsWith('\r\n0\r\n\r\n')) done();
    });
    socket.on('error', (error) => (response ? done() : reject(error)));
    socket.on('close', () => (response ? done() : reject(new Error('closed without an answer'))));
    socket.write(head);
    if (drip.length > 0) {
      timer = setInterval(() => {
        const chunk = drip[chunksSent];
        if (chunk === undefined) {
          clearInterval(timer);
          return;
        }
        chunksSent++;
        socket.write(chunk);
      }, intervalMs);
    }
  });
}
