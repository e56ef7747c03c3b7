// `wmspanel-notifications sign` (src/cli/commands/sign.ts), in-process; its spawned smoke test is in
// test/cli/bin.test.ts, its per-kind forms in test/cli/main.test.ts and test/cli/kinds.test.ts.
import { describe, expect, it } from 'vitest';
import { computeDigest } from '../../../src/index.js';
import { TOKEN, run } from '../run-main.js';

describe('wmspanel-notifications sign', async () => {
  it('prints a body whose digest is MD5(time + token)', async () => {
    const { code, stdout } = (await run(['sign', '--token', TOKEN]));
    expect(code).toBe(0);
    const body = JSON.parse(stdout) as Record<string, string>;
    expect(body.digest).toBe(computeDigest(body.time!, TOKEN));
    expect(body.time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(body).toMatchObject({ server: 'edge1.example.com', status: 'offline' });
  });

  it('takes --server, --status and --time, and the token from WMSPANEL_TOKEN', async () => {
    const { code, stdout } = (await run(['sign', '--server', 'edge9', '--status', 'degraded', '--time', '2014-10-16 03:13:31 UTC'], {
      env: { WMSPANEL_TOKEN: TOKEN },
    }));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      time: '2014-10-16 03:13:31 UTC',
      digest: computeDigest('2014-10-16 03:13:31 UTC', TOKEN),
      server: 'edge9',
      status: 'degraded',
    });
  });

  it.each([
    ['no token', ['sign'], /a token is required/],
    ['an empty token', ['sign', '--token', ''], /the token is empty/],
    ['an unknown flag', ['sign', '--token', 'x', '--bogus'], /unknown option --bogus for sign; see --help/],
    ['an unknown command', ['frobnicate'], /unknown command; the commands are sign, send, verify, listen, check, demo/],
    ['a token typed as the command', ['tokenlettersonly'], /^(?![\s\S]*tokenlettersonly)[\s\S]*unknown command/],
    ['a bad --forge', ['sign', '--token', 'x', '--forge', 'nope'], /--forge takes/],
    ['send without a URL', ['send', '--token', 'x'], /a URL is required: send <url> or send --url <url>/],
    ['listen without --port', ['listen', '--token', 'x'], /--port takes/],
    ['verify with a bad --max-age', ['verify', '--token', 'x', '--max-age', 'soon'], /--max-age takes/],
    ['an unknown --kind', ['sign', '--token', 'x', '--kind', 'pay-per-view'], /--kind takes status, stream, ppv, publish, playback or advertizer-session$/m],
    ['a server status option with --kind stream', ['sign', '--token', 'x', '--kind', 'stream', '--server', 'a'], /--server does not apply/],
    ['a stream option without --kind stream', ['sign', '--token', 'x', '--stream', 'live/a'], /--stream does not apply/],
    ['a stream that is not app/name', ['sign', '--token', 'x', '--kind', 'stream', '--stream', 'nope'], /--stream takes app\/name/],
    ['a server status forgery with --kind stream', ['sign', '--token', 'x', '--kind', 'stream', '--forge', 'tampered-digest'], /--forge takes/],
  ])('%s is a one-line error and exit code 2, no stack trace', async (_name, args, message) => {
    const { code, stderr, stdout } = (await run(args));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(stdout).toBe('');
  });

  it.each(['sign', 'send', 'verify', 'listen'])('%s --help prints its usage and exits 0', async (command) => {
    const { code, stdout } = (await run([command, '--help']));
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: wmspanel-notifications ${command}`);
  });

  it('--help lists the commands; no command at all is exit 2', async () => {
    expect((await run(['--help']))).toMatchObject({ code: 0, stdout: expect.stringContaining('listen') });
    expect((await run([])).code).toBe(2);
  });
});

