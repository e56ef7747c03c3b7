// A body a form parser or a sender mangled is refused by every kind's parser with the likely cause and the
// fix, not with the missing field it happens to trip on; a body that is simply wrong keeps its own message.
import { describe, expect, it } from 'vitest';
import { parseNotification, verifyNotification } from '../../src/index.js';
import { TOKEN, expectCode, genuine } from '../helpers.js';
import { kit, kits } from '../kits.js';

/** What express.urlencoded({ extended: false }) makes of a JSON body without `&` or `=`: one field named by it. */
const asOneFormField = (body: string): Record<string, string> => ({ [body]: '' });

// Every kind's public parser, with a genuine body of each kit (both stream formats).
describe.each(kits.map(({ name }) => name))('%s parser', (name) => {
  const { parse } = kit(name);
  const body = kit(name).genuine();

  it('refuses form fields made of a JSON body with the cause and the fix, the plain reason as its cause', () => {
    const refused = expectCode(() => parse(asOneFormField(body)), 'INVALID_NOTIFICATION');
    expect(refused.message).toMatch(/form fields a body parser made.*express\.urlencoded\(\).*mount the receiver before the parser/);
    expect(refused.message).not.toContain('{"');
    expect(refused.cause).toBeInstanceOf(Error);
  });

  it('refuses a JSON string holding the body (encoded twice) saying so', () => {
    expect(expectCode(() => parse(JSON.stringify(body)), 'INVALID_NOTIFICATION').message).toMatch(/encoded twice/);
  });

  it.each([
    ['an object without its fields', {}, 'INVALID_NOTIFICATION'],
    ['an array', [], 'INVALID_NOTIFICATION'],
    ['a string that is not JSON text', 'hello', 'INVALID_JSON'],
    ['form fields of another form (a=1&b=2)', { a: '1', b: '2' }, 'INVALID_NOTIFICATION'],
  ] as const)('keeps its own message for %s', (_case, value, code) => {
    expect(expectCode(() => parse(value), code).message).not.toMatch(/form fields|encoded twice/);
  });
});

describe('the hint looks at the field names cheaply and safely', () => {
  it('finds a form field made of JSON among the first field names', () => {
    const fields = { a: '1', b: '2', [JSON.stringify(genuine())]: '' };
    expect(expectCode(() => verifyNotification(fields, { token: TOKEN }), 'INVALID_NOTIFICATION').message).toMatch(/form fields/);
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
    expect(expectCode(() => parseNotification(hostile), 'INVALID_NOTIFICATION').message).not.toMatch(/form fields|encoded twice/);
  });
});

describe('the hint is given only where a form parser or a second encoding is what happened', () => {
  it.each([
    ['a key that starts with a brace but is no JSON text', { '{weird key': 1 }],
    ['a key that starts with a bracket but is no JSON text', { '[x': 1 }],
    ['a string that starts like JSON but is none', '"[not json at all"'],
    ['a string holding a JSON number', '"12"'],
  ])('no hint for %s', (_case, value) => {
    expect(expectCode(() => parseNotification(value), 'INVALID_NOTIFICATION').message).not.toMatch(/form fields|encoded twice/);
  });

  it('an inherited field name is not the body\'s: a polluted prototype gives no hint', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto['{"polluted":1}'] = 1;
    try {
      expect(expectCode(() => parseNotification({ a: 1 }), 'INVALID_NOTIFICATION').message).not.toMatch(/form fields/);
    } finally {
      delete proto['{"polluted":1}'];
    }
  });
});
