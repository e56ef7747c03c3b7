// The command in-process (src/cli/main.ts): main(argv, io) with a captured I/O, fast and without a process
// per case: how a command line is read, the kinds' forms, what reaches the terminal. Each command's own
// tests are in test/cli/commands/<command>.test.ts; the behaviours only a process shows (signals, pipes,
// npx, exit codes) in test/cli/bin.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOKEN, run } from './run-main.js';

describe('the command line is read by our rules: one-line usage errors, exit 2, no text of Node\'s parseArgs (issue 19)', async () => {
  const url = 'http://127.0.0.1:1/wmspanel';
  // What Node's parseArgs says, which names its own remedies ("after '--'"), not ours.
  const NODE_TEXT = /Unknown option '|To specify|argument is ambiguous|argument missing|does not take an argument|ERR_PARSE_ARGS|Unexpected argument|This command does not take/;
  it.each([
    // An unknown option: the closest option of that command, by edit distance (at most 2) or by prefix.
    ['sign --srever', ['sign', '--token', TOKEN, '--srever', 'edge1'], /^wmspanel-notifications: unknown option --srever; did you mean --server\?$/],
    ['send --srever', ['send', url, '--token', TOKEN, '--srever', 'edge1'], /unknown option --srever; did you mean --server\?$/],
    ['send --urll', ['send', '--urll', url, '--token', TOKEN], /unknown option --urll; did you mean --url\?$/],
    ['check --tokn', ['check', url, '--tokn', TOKEN], /unknown option --tokn; did you mean --token\?$/],
    ['verify --max-ag', ['verify', '--max-ag', '5'], /unknown option --max-ag; did you mean --max-age\?$/],
    ['listen --serv (a prefix)', ['listen', '--port', '0', '--serv', 'a'], /unknown option --serv; did you mean --servers\?$/],
    ['sign --hlep', ['sign', '--hlep'], /unknown option --hlep; did you mean --help\?$/],
    ['sign --timout (an option of send, not sign)', ['sign', '--timout', '5'], /unknown option --timout for sign; see --help$/],
    ['check --server (an option of sign and send, not check)', ['check', url, '--token', TOKEN, '--server', 'a'], /check takes no --server \(sign and send do\); see --help$/],
    ['demo --port', ['demo', '--port', '1'], /demo takes no --port \(listen does\); see --help$/],
    // A name that is no option name (it may be a token typed after --) is not echoed.
    ['sign --Tok3n-Value', ['sign', '--Tok3n-Value'], /^(?![\s\S]*Tok3n)[\s\S]*unknown option for sign \(every option is --name in lower case\); see --help$/],
    ['a value after an unknown --name=', ['sign', '--tokn=secret-value'], /^(?![\s\S]*secret-value)[\s\S]*unknown option --tokn; did you mean --token\?$/],
    ['a short option that is not -h', ['sign', '-Secret'], /^(?![\s\S]*ecret)[\s\S]*unknown option: every option is long \(--name\), but -h; see --help$/],
    // An option and its value.
    ['--token with no value', ['sign', '--token'], /^wmspanel-notifications: --token takes a value: --token T$/],
    ['--url with no value', ['check', '--url'], /--url takes a value: --url URL$/],
    ['--token followed by an option', ['sign', '--token', '--server', 'a'], /--token takes a value: --token T \(one starting with - is written --token=VALUE\)$/],
    ['--token with a value that starts with -', ['sign', '--token', '-secret-value'], /^(?![\s\S]*secret-value)[\s\S]*--token takes a value: --token T \(one starting with - is written --token=VALUE\)$/],
    ['a boolean option given a value', ['sign', '--kind', 'stream', '--token', TOKEN, '--unpublish=yes'], /^wmspanel-notifications: --unpublish takes no value$/],
    ['--help given a value', ['sign', '--help=me'], /--help takes no value$/],
    // The URL of send and check, as an argument or as --url: once.
    ['check with two different URLs', ['check', url, '--url', 'http://127.0.0.1:2/secret-path', '--token', TOKEN], /^(?![\s\S]*secret-path)[\s\S]*the URL is given twice, as an argument and as --url, and they differ: give it once$/],
    ['send with two different URLs', ['send', '--url', url, 'http://127.0.0.1:2/secret-path', '--token', TOKEN], /^(?![\s\S]*secret-path)[\s\S]*the URL is given twice/],
    ['check with two URL arguments', ['check', url, 'http://127.0.0.1:2/secret-path', '--token', TOKEN], /^(?![\s\S]*secret-path)[\s\S]*check takes one URL \(check <url> or check --url <url>\); see --help$/],
    ['check without a URL', ['check', '--token', TOKEN], /a URL is required: check <url> or check --url <url>$/],
    ['check --url ftp:', ['check', '--url', 'ftp://127.0.0.1/wmspanel', '--token', TOKEN], /the URL must be an http:\/\/ or https:\/\/ one/],
    ['send ftp: as an argument', ['send', 'ftp://127.0.0.1/wmspanel', '--token', TOKEN], /the URL must be an http:\/\/ or https:\/\/ one/],
    // A stray argument: still refused without being echoed, after -- too.
    ['a positional to sign', ['sign', 'my-secret-token'], /^(?![\s\S]*my-secret)[\s\S]*positional arguments are not taken/],
    ['a positional after --', ['sign', '--', '--my-secret-token'], /^(?![\s\S]*my-secret)[\s\S]*positional arguments are not taken/],
  ])('%s: one line, exit 2', async (_name, args, message) => {
    const { code, stderr, stdout } = await run(args, { input: '{}' });
    expect(stderr.trimEnd()).toMatch(message);
    expect(stderr).not.toMatch(NODE_TEXT);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  it.each([
    ['check <url>', ['check', url]],
    ['check --url <url>', ['check', '--url', url]],
    ['check <url> --url <the same url>', ['check', url, '--url', url]],
    ['send <url>', ['send', url]],
    ['send --url <url>', ['send', '--url', url]],
  ])('%s takes the URL (nothing listens there: exit 3)', async (_name, args) => {
    const { code, stderr, stdout } = await run([...args, '--token', TOKEN, '--timeout', '2']);
    expect(code).toBe(3);
    expect(`${stdout}${stderr}`).toContain('could not reach http://127.0.0.1:1/wmspanel');
  });

  it.each(['check', 'send'])('%s --help shows both forms of the URL', async (command) => {
    const { stdout } = await run([command, '--help']);
    expect(stdout).toContain(`Usage: wmspanel-notifications ${command} <url> [options]`);
    expect(stdout).toMatch(/--url URL\s+the handler, if not given as <url>/);
  });
});


describe('wmspanel-notifications --kind stream', async () => {
  it.each(['nimble', 'wowza'])('sign makes a %s body that verify accepts, with every --stream as an event', async (format) => {
    const signed = (await run(['sign', '--kind', 'stream', '--token', TOKEN, '--format', format, '--stream', 'live/a', '--stream', 'vod/b/c.mp4', '--unpublish']));
    expect(signed.code).toBe(0);
    const verified = (await run(['verify', '--kind', 'stream', '--token', TOKEN], { input: signed.stdout }));
    expect(verified.code).toBe(0);
    const notification = JSON.parse(verified.stdout) as { format: string; events: { action: string; app: string; name: string }[] };
    expect(notification.format).toBe(format);
    expect(notification.events.map((event) => `${event.action} ${event.app} ${event.name}`)).toEqual(['unpublish live a', 'unpublish vod b/c.mp4']);
  });

  it.each([
    ['wrong-token', 'INVALID_SIGNATURE'],
    ['unsigned', 'INVALID_SIGNATURE'],
    ['stale', 'STALE_NOTIFICATION'],
  ])('verify refuses a --forge %s body with %s and exit code 1', async (forge, code) => {
    const signed = (await run(['sign', '--kind', 'stream', '--token', TOKEN, '--forge', forge]));
    const verified = (await run(['verify', '--kind', 'stream', '--token', TOKEN], { input: signed.stdout }));
    expect(verified).toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`^${code}`)) });
  });
});

describe('wmspanel-notifications --kind ppv', async () => {
  it.each(['nimble', 'wowza'])('sign makes a %s sync that verify accepts, one player per --player', async (format) => {
    const signed = (await run(['sign', '--kind', 'ppv', '--token', TOKEN, '--format', format, '--player', '17', '--player', '42@vod/folder/movie.mp4']));
    expect(signed.code).toBe(0);
    const verified = (await run(['verify', '--kind', 'ppv', '--token', TOKEN], { input: signed.stdout }));
    expect(verified.code).toBe(0);
    const sync = JSON.parse(verified.stdout) as { players: { id: string; app: string; stream: string }[] };
    expect(sync.players.map((player) => `${player.id} ${player.app} ${player.stream}`)).toEqual(['17 live stream', '42 vod folder/movie.mp4']);
  });

  it.each(['wrong-token', 'tampered-signature', 'unsigned'])('verify refuses a --forge %s sync with INVALID_SIGNATURE and exit code 1', async (forge) => {
    const signed = (await run(['sign', '--kind', 'ppv', '--token', TOKEN, '--forge', forge]));
    const verified = (await run(['verify', '--kind', 'ppv', '--token', TOKEN], { input: signed.stdout }));
    expect(verified).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID_SIGNATURE/) });
  });

  it.each([
    [['--player', 'a b']],
    [['--player', '1@nostream']],
    [['--server', 'x']],
    [['--forge', 'stale']],
  ])('refuses %j with a usage error (exit 2)', async (args) => {
    expect((await run(['sign', '--kind', 'ppv', '--token', TOKEN, ...args])).code).toBe(2);
  });
});

describe('wmspanel-notifications --kind publish and --kind playback', async () => {
  it('sign makes requests that verify reads, without a token (they carry no signature)', async () => {
    const publish = (await run(['sign', '--kind', 'publish', '--publisher', 'cam-1', '--publisher', 'cam-2@live/two'], { env: { WMSPANEL_TOKEN: '' } }));
    expect(publish.code).toBe(0);
    const read = (await run(['verify', '--kind', 'publish'], { input: publish.stdout }));
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).requests.map((item: { seq: string; id: string; stream: string }) => `${item.seq} ${item.id} ${item.stream}`)).toEqual([
      '1 cam-1 live/stream',
      '2 cam-2 live/two',
    ]);
    const playback = (await run(['sign', '--kind', 'playback', '--path', '/vod/a.mp4/playlist.m3u8']));
    expect(JSON.parse((await run(['verify', '--kind', 'playback'], { input: playback.stdout })).stdout)).toMatchObject({ url: '/vod/a.mp4/playlist.m3u8' });
  });

  it.each([
    [['sign', '--kind', 'publish', '--forge', 'wrong-token']],
    [['sign', '--kind', 'publish', '--publisher', 'a b']],
    [['sign', '--kind', 'playback', '--path', 'relative']],
    [['sign', '--kind', 'nope']],
  ])('refuses %j with a usage error (exit 2)', async (args) => {
    expect((await run(args)).code).toBe(2);
  });
});

describe('the command, defects found by trying it (issue 14)', async () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((await run(['--version']))).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('a mistyped positional argument is a usage error that does not echo it (it may be the token)', async () => {
    const result = (await run(['verify', 'my-secret-token-value']));
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('my-secret-token-value');
    expect(result.stderr).toMatch(/positional/);
  });

  it.each([
    [['verify', '--token', TOKEN, '--max-age', '']],
    [['listen', '--token', TOKEN, '--port', '']],
    [['send', '--token', TOKEN, '--url', 'http://127.0.0.1:1/', '--timeout', '']],
  ])('an empty flag value is a usage error, not 0: %j', async (args) => {
    expect((await run(args, { input: '{}' })).code).toBe(2);
  });

  it('a token with white space around it (a newline from a file) is a usage error (exit 2) that says so', async () => {
    const result = (await run(['sign'], { env: { WMSPANEL_TOKEN: `${TOKEN}\n` } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/white space/);
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('verify reads stdin as bytes: invalid UTF-8 is refused as the adapters refuse it', async () => {
    const signed = (await run(['sign', '--token', TOKEN])).stdout;
    const bytes = Buffer.from(signed.replace('"offline"', '"off\u0000line"'));
    const invalid = Buffer.concat([bytes.subarray(0, bytes.indexOf(0)), Buffer.from([0xff]), bytes.subarray(bytes.indexOf(0) + 1)]);
    const result = (await run(['verify', '--token', TOKEN], { input: invalid }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INVALID_JSON: Body is not valid UTF-8/);
  });

  it('verify reads at most 16 MiB of stdin: more is refused, not read on', async () => {
    const result = (await run(['verify', '--token', TOKEN], { input: Buffer.alloc(20 * 1024 * 1024, 0x20) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^BODY_TOO_LARGE/);
  });
});

describe('every bad flag value is a usage error: exit 2, one line, nothing sent or started (issue 18)', async () => {
  const long = 'x'.repeat(1025);
  const nowhere = 'http://127.0.0.1:1/wmspanel';
  it.each([
    // Values the kind's own parser refuses in what the kit makes: were exit 1 (sign) or 3 (send).
    ['sign --time garbage', ['sign', '--token', TOKEN, '--time', 'garbage'], /Field "time" must be a valid date/],
    ['sign --time empty', ['sign', '--token', TOKEN, '--time', ''], /Field "time"/],
    ['sign --time an impossible date', ['sign', '--token', TOKEN, '--time', '2014-02-30 00:00:00 UTC'], /Field "time"/],
    ['sign --server empty', ['sign', '--token', TOKEN, '--server', ''], /Field "server" is empty/],
    ['sign --status empty', ['sign', '--token', TOKEN, '--status', ''], /Field "status" is empty/],
    ['sign --status over 1024 characters', ['sign', '--token', TOKEN, '--status', long], /Field "status" is longer than 1024/],
    ['sign --kind stream --stream over 1024 characters', ['sign', '--token', TOKEN, '--kind', 'stream', '--stream', `live/${long}`], /Field "stream"/],
    ['sign --kind ppv --player over 1024 characters', ['sign', '--token', TOKEN, '--kind', 'ppv', '--player', long], /Field "id"/],
    ['sign --kind publish --publisher over 1024 characters', ['sign', '--kind', 'publish', '--publisher', long], /Field "id"/],
    ['sign --kind playback --path over 8192 characters', ['sign', '--kind', 'playback', '--path', `/${long.repeat(8)}`], /Field "url"/],
    ['send --server empty (nothing sent: was "could not reach", exit 3)', ['send', '--url', nowhere, '--token', TOKEN, '--server', ''], /Field "server" is empty/],
    ['send --kind ppv --player over 1024 characters', ['send', '--url', nowhere, '--token', TOKEN, '--kind', 'ppv', '--player', long], /Field "id"/],
    // Numbers not in decimal digits, which Number() reads anyway.
    ['send --timeout 0x10', ['send', '--url', nowhere, '--token', TOKEN, '--timeout', '0x10'], /--timeout takes a number of seconds/],
    ['send --timeout 1e3', ['send', '--url', nowhere, '--token', TOKEN, '--timeout', '1e3'], /--timeout takes a number of seconds/],
    ['verify --max-age 0b11', ['verify', '--token', TOKEN, '--max-age', '0b11'], /--max-age takes a number of seconds/],
    ['verify --max-age 0o7', ['verify', '--token', TOKEN, '--max-age', '0o7'], /--max-age takes a number of seconds/],
    ['verify --max-age " 5"', ['verify', '--token', TOKEN, '--max-age', ' 5'], /--max-age takes a number of seconds/],
    // A flag the others make meaningless, silently ignored before.
    ['sign --time with --forge stale (which sets the time)', ['sign', '--token', TOKEN, '--time', '2014-10-16 03:13:31 UTC', '--forge', 'stale'], /--time does not apply with --forge stale/],
    ['verify --max-age with --kind ppv (a sync carries no time)', ['verify', '--token', TOKEN, '--kind', 'ppv', '--max-age', '5'], /--max-age does not apply to --kind ppv/],
    ['verify --max-age with --kind publish', ['verify', '--kind', 'publish', '--max-age', '5'], /--max-age does not apply to --kind publish/],
    ['verify --max-age with --kind playback', ['verify', '--kind', 'playback', '--max-age', '5'], /--max-age does not apply to --kind playback/],
    // URLs fetch cannot or will not send to: were "could not reach", exit 3.
    ['send --url file:', ['send', '--token', TOKEN, '--url', 'file:///etc/passwd'], /the URL must be an http:\/\/ or https:\/\/ one/],
    ['send --url mailto:', ['send', '--token', TOKEN, '--url', 'mailto:ops@example.com'], /the URL must be an http:\/\/ or https:\/\/ one/],
    ['send --url with user:password@', ['send', '--token', TOKEN, '--url', 'http://ops:secret-pass@127.0.0.1:1/'], /^(?![\s\S]*secret-pass)[\s\S]*user:password@/],
    ['check ftp:', ['check', 'ftp://127.0.0.1/wmspanel', '--token', TOKEN], /the URL must be an http:\/\/ or https:\/\/ one/],
    ['check a URL with user:password@', ['check', 'https://ops:secret-pass@example.com/', '--token', TOKEN], /^(?![\s\S]*secret-pass)[\s\S]*user:password@/],
    // Timeouts setTimeout cannot hold: were a timeout at once, or a RangeError, both exit 3.
    ['send --timeout past 24 days', ['send', '--token', TOKEN, '--url', nowhere, '--timeout', '3000000'], /--timeout takes a number of seconds, 0 to 2147483/],
    ['send --timeout 1e20', ['send', '--token', TOKEN, '--url', nowhere, '--timeout', '1e20'], /--timeout takes/],
    ['check --timeout past 24 days', ['check', nowhere, '--token', TOKEN, '--timeout', '3000000'], /--timeout takes/],
    // Numbers Number() reads but nobody means.
    ['send --expect 2e2', ['send', '--token', TOKEN, '--url', nowhere, '--expect', '2e2'], /--expect takes an HTTP status/],
    ['listen --port 0x50', ['listen', '--token', TOKEN, '--port', '0x50'], /--port takes a port number/],
    ['listen --port 1e3', ['listen', '--token', TOKEN, '--port', '1e3'], /--port takes a port number/],
    // Listen values that listened on every interface, refused everything, or were exit 1.
    ['listen --host empty (every interface)', ['listen', '--token', TOKEN, '--port', '0', '--host', ''], /--host takes/],
    ['listen --servers empty (every notification refused)', ['listen', '--token', TOKEN, '--port', '0', '--servers', ''], /--servers takes/],
    ['listen --servers ,', ['listen', '--token', TOKEN, '--port', '0', '--servers', ','], /--servers takes/],
    ['listen --host no name resolves', ['listen', '--token', TOKEN, '--port', '0', '--host', 'no-such-host.invalid'], /--host/],
    ['listen --host not an address of this machine', ['listen', '--token', TOKEN, '--port', '0', '--host', '192.0.2.1'], /--host/],
  ])('%s', async (_name, args, message) => {
    const { code, stderr, stdout } = await run(args, { input: '{}' });
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  }, 5_000);
});

describe('what a server answers reaches the terminal as text, never as escape sequences', async () => {
  const { closeUntrustedServers, serveText } = await import('../untrusted-servers.js');
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
  const hostile = '{"received":true}\u001b]0;pwned\u0007\u001b[2J\r\u001b[31mFAKE: all checks passed\u009b2J';

  it('send prints control characters of the answer escaped', async () => {
    const { url } = await serveText(hostile);
    try {
      const { code, stdout } = await run(['send', '--url', url, '--token', 'test-token']);
      expect(code).toBe(0);
      expect(stdout).not.toMatch(CONTROL);
      expect(stdout).toContain('{"received":true}\\u001b]0;pwned\\u0007\\u001b[2J\\u000d\\u001b[31mFAKE: all checks passed\\u009b2J');
    } finally {
      closeUntrustedServers();
    }
  });

  it('check prints no control character a server sent', async () => {
    const { url } = await serveText(hostile);
    try {
      const { stdout } = await run(['check', url], { env: { WMSPANEL_TOKEN: 'test-token' } });
      expect(stdout).not.toMatch(CONTROL);
    } finally {
      closeUntrustedServers();
    }
  });
});

describe('a URL is shown without its query or fragment (they may carry a key)', async () => {
  it.each([
    ['send', ['send', 'http://127.0.0.1:1/hook?key=S3CRET-KEY#frag', '--token', TOKEN]],
    ['check', ['check', 'http://127.0.0.1:1/hook?key=S3CRET-KEY#frag', '--token', TOKEN]],
  ])('%s: could not reach names the host and path only', async (_name, args) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(3);
    expect(stdout + stderr).toContain('http://127.0.0.1:1/hook');
    expect(stdout + stderr).not.toContain('S3CRET-KEY');
  });
});
