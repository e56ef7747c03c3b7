import Fastify from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import { wmspanelPlugin } from '../../src/adapters/fastify.js';

describe('the Fastify plugin types', () => {
  it('registers on a real Fastify 5 instance with its options, and refuses options without a callback', async () => {
    const app = Fastify();
    await app.register(wmspanelPlugin, { path: '/wmspanel', token: 't', onNotification: () => undefined });
    // @ts-expect-error: path must be a string
    await app.register(wmspanelPlugin, { path: 5, token: 't', onNotification: () => undefined });
    expectTypeOf(wmspanelPlugin).toBeFunction();
  });
});
