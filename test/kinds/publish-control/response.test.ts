import { describe, expect, it } from 'vitest';
import { createPublishControlResponse } from '../../../src/index.js';

describe('createPublishControlResponse(decisions)', () => {
  it('answers success or fail per seq, seq unchanged in type', () => {
    expect(JSON.stringify(createPublishControlResponse([{ seq: '1', allow: true }, { seq: 2, allow: false }]))).toBe(
      '{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":2,"status":"fail"}]}',
    );
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['a string', 'allow'],
    ['a decision without allow', [{ seq: '1' }]],
    ['allow as text', [{ seq: '1', allow: 'yes' }]],
    ['a seq that is an object', [{ seq: {}, allow: true }]],
  ])('refuses %s with a TypeError', (_, decisions) => {
    expect(() => createPublishControlResponse(decisions as never)).toThrow(TypeError);
  });
});
