// `wmspanel-notifications verify` (src/cli/commands/verify.ts), in-process; its spawned smoke test is in
// test/cli/bin.test.ts, its per-kind forms in test/cli/main.test.ts and test/cli/kinds.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN, run } from '../run-main.js';

describe('wmspanel-notifications verify', async () => {
  const body = async (args: string[] = []) => (await run(['sign', '--token', TOKEN, ...args])).stdout;

  it('reads stdin, prints the notification and exits 0 when valid', async () => {
    const { code, stdout } = (await run(['verify', '--token', TOKEN], { input: await body() }));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ server: 'edge1.example.com', status: 'offline' });
  });

  it('reads --file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wmspanel-')), 'body.json');
    writeFileSync(file, await body());
    expect((await run(['verify', '--token', TOKEN, '--file', file])).code).toBe(0);
    expect((await run(['verify', '--token', TOKEN, '--file', `${file}.missing`]))).toMatchObject({ code: 2, stderr: expect.stringContaining('ENOENT') });
  });

  it.each([
    ['a wrong token', ['--forge', 'wrong-token'], [], 'INVALID_DIGEST'],
    ['a tampered digest', ['--forge', 'tampered-digest'], [], 'INVALID_DIGEST'],
    ['a stale time', ['--forge', 'stale'], [], 'STALE_NOTIFICATION'],
    ['a time older than --max-age', ['--time', new Date(Date.now() - 120_000).toISOString()], ['--max-age', '60'], 'STALE_NOTIFICATION'],
  ])('exits 1 with the code on stderr for %s', async (_name, signArgs, verifyArgs, code) => {
    const result = (await run(['verify', '--token', TOKEN, ...verifyArgs], { input: await body(signArgs) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${code}: `));
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('exits 1 with INVALID_JSON for garbage on stdin', async () => {
    expect((await run(['verify', '--token', TOKEN], { input: 'not json' }))).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID_JSON/) });
  });
});
