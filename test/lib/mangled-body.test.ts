// A body a form parser or a sender mangled is refused by every kind's parser with the likely cause and the
// fix, not with the missing field it happens to trip on; a body that is simply wrong keeps its own message.
import { describe, expect, it } from 'vitest';
import {
  isNotificationError,
  parseNotification,
  parsePayPerViewSync,
  parsePlaybackAuthorizationRequest,
  parsePublishControlRequest,
  parseStreamNotification,
  verifyNotification,
} from '../../src/index.js';
import { TOKEN, genuine } from '../helpers.js';
import { kits } from '../kits.js';

const parsers = [
  ['server status', parseNotification],
  ['stream (Nimble)', parseStreamNotification],
  ['stream (Wowza)', parseStreamNotification],
  ['pay-per-view sync', parsePayPerViewSync],
  ['publish control', parsePublishControlRequest],
  ['playback authorization', parsePlaybackAuthorizationRequest],
] as const;

/** The refusal `run` throws: its code and message, and the message of its cause. */
function refusal(run: () => unknown): { code: string; message: string; cause?: string } {
  try {
    run();
  } catch (error) {
    if (!isNotificationError(error)) throw error;
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return cause === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, cause };
  }
  throw new Error('expected a refusal');
}

/** What express.urlencoded({ extended: false }) makes of a JSON body without `&` or `=`: one field named by it. */
const asOneFormField = (body: string): Record<string, string> => ({ [body]: '' });

describe.each(parsers)('%s parser', (name, parse) => {
  const body = kits.find((kit) => kit.name === name)!.genuine();

  it('refuses form fields made of a JSON body with the cause and the fix, the plain reason as its cause', () => {
    const refused = refusal(() => parse(asOneFormField(body)));
    expect(refused.code).toBe('INVALID_NOTIFICATION');
    expect(refused.message).toMatch(/form fields a body parser made.*express\.urlencoded\(\).*mount the receiver before the parser/);
    expect(refused.message).not.toContain('{"');
    expect(refused.cause).toBeDefined();
  });

  it('refuses a JSON string holding the body (encoded twice) saying so', () => {
    expect(refusal(() => parse(JSON.stringify(body)))).toMatchObject({ code: 'INVALID_NOTIFICATION', message: expect.stringMatching(/encoded twice/) });
  });

  it.each([
    ['an object without its fields', {}],
    ['an array', []],
    ['a string that is not JSON text', 'hello'],
    ['form fields of another form (a=1&b=2)', { a: '1', b: '2' }],
  ])('keeps its own message for %s', (_case, value) => {
    expect(refusal(() => parse(value)).message).not.toMatch(/form fields|encoded twice/);
  });
});

describe('the hint looks at the field names cheaply and safely', () => {
  it('finds a form field made of JSON among the first field names', () => {
    const fields = { a: '1', b: '2', [JSON.stringify(genuine())]: '' };
    expect(refusal(() => verifyNotification(fields, { token: TOKEN })).message).toMatch(/form fields/);
  });

  it('a Proxy whose field names cannot be listed keeps the plain refusal, and nothing else is thrown', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    expect(refusal(() => parseNotification(hostile)).code).toBe('INVALID_NOTIFICATION');
  });
});

describe('the hint is given only where a form parser or a second encoding is what happened', () => {
  it.each([
    ['a key that starts with a brace but is no JSON text', { '{weird key': 1 }],
    ['a key that starts with a bracket but is no JSON text', { '[x': 1 }],
    ['a string that starts like JSON but is none', '"[not json at all"'],
    ['a string holding a JSON number', '"12"'],
  ])('no hint for %s', (_case, value) => {
    expect(refusal(() => parseNotification(value)).message).not.toMatch(/form fields|encoded twice/);
  });

  it('an inherited field name is not the body\'s: a polluted prototype gives no hint', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto['{"polluted":1}'] = 1;
    try {
      expect(refusal(() => parseNotification({ a: 1 })).message).not.toMatch(/form fields/);
    } finally {
      delete proto['{"polluted":1}'];
    }
  });
});
