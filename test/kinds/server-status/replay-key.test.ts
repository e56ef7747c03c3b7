// The replay key of a server status notification (replayKey in src/kinds/server-status/kind.ts).
import { describe, expect, it } from 'vitest';
import { replayKey } from '../../../src/kinds/server-status/kind.js';

describe('replayKey', () => {
  const base = { digest: 'ab'.repeat(16), server: 'edge1', status: 'offline' };

  it('differs for two servers going offline in the same second (same digest)', () => {
    expect(replayKey(base)).not.toBe(replayKey({ ...base, server: 'edge2' }));
  });

  it('differs by status, and cannot be confused by moving characters between status and server', () => {
    expect(replayKey(base)).not.toBe(replayKey({ ...base, status: 'online' }));
    expect(replayKey({ ...base, status: 'off', server: 'line1' })).not.toBe(replayKey({ ...base, status: 'offline', server: '1' }));
    expect(replayKey({ ...base, status: '1:a', server: 'b' })).not.toBe(replayKey({ ...base, status: '1', server: ':ab' }));
  });

  it('property: two different (digest, server, status) never share a key', async () => {
    const fc = (await import('fast-check')).default;
    const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
    const triple = fc.record({ digest: hex32, server: fc.string({ minLength: 1 }), status: fc.string({ minLength: 1 }) });
    fc.assert(
      fc.property(triple, triple, (a, b) => {
        const same = a.digest === b.digest && a.server === b.server && a.status === b.status;
        return same === (replayKey(a) === replayKey(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('ignores digest case, as verification does, so an uppercased replay is caught', () => {
    expect(replayKey({ ...base, digest: base.digest.toUpperCase() })).toBe(replayKey(base));
  });
});
