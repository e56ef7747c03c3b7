import { NotificationError } from './errors.js';

// Created on first use: only byte bodies need it, and creating one costs ~0.2 ms at import time.
let utf8: TextDecoder | undefined;

/**
 * Whether `value` is bytes (a `Uint8Array` or an `ArrayBuffer`). False for an object whose prototype cannot
 * be read (a Proxy a body parser or a caller handed over): it is no bytes, and what reads it next refuses it.
 */
export function isBytes(value: unknown): value is Uint8Array | ArrayBuffer {
  try {
    return value instanceof Uint8Array || value instanceof ArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * Turns a body as an adapter or a caller has it into a JSON value: a string or UTF-8 bytes are parsed
 * (`INVALID_JSON` when empty, not UTF-8 or not JSON; `XML_NOT_SUPPORTED` when it is XML), anything else (what a body parser made) is returned
 * as it is. Every kind parses from here, so a body is decoded once whatever kind it turns out to be.
 */
export function decodeBody(body: unknown): unknown {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else if (isBytes(body)) {
    try {
      utf8 ??= new TextDecoder('utf-8', { fatal: true });
      text = utf8.decode(body);
    } catch (cause) {
      throw new NotificationError('INVALID_JSON', 'Body is not valid UTF-8', { cause });
    }
  } else {
    return body;
  }
  // A byte-order mark is not JSON, but some senders write one; TextDecoder already drops it from bytes.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new NotificationError('INVALID_JSON', 'Body is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    // The panel can be set to send XML (pay-per-view); say so rather than call it broken JSON.
    if (/^\s*</.test(text)) {
      throw new NotificationError('XML_NOT_SUPPORTED', 'Body is XML; set the panel to send JSON (Control > API setup)', { cause });
    }
    // JSON.parse's own message quotes the body; ours does not.
    throw new NotificationError('INVALID_JSON', 'Body is not valid JSON', { cause });
  }
}

