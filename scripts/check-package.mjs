// Checks that `npm install` in a fresh clone leaves package-lock.json as committed, then packs the package
// as npm would publish it and lints the tarball: publint (strict) and @arethetypeswrong/cli (every entry
// point, CJS and ESM, node10/node16/bundler resolution).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

// What the registry's search and the README's opening show: every notification kind (a folder of
// src/kinds/), every adapter (src/adapters/) and the runtimes of the Fetch adapter, so that a search for
// pay-per-view, publish control or Next.js finds the package. A kind or adapter added later must be named
// there too. A keyword may extend the name (`node-http`, `stream-notifications`).
{
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const opening = readme.slice(readme.indexOf('\n\n') + 2).split('\n\n')[0];
  const kinds = readdirSync(join(root, 'src', 'kinds'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const adapters = readdirSync(join(root, 'src', 'adapters')).filter((name) => name.endsWith('.ts') && !name.includes('-')).map((name) => name.slice(0, -3));
  const runtimes = ['Next.js', 'Hono', 'Bun', 'Deno', 'Cloudflare Workers'];
  const missing = [];
  for (const name of [...kinds, ...adapters, ...runtimes]) {
    const keyword = name.toLowerCase().replace(/\./g, '').replace(/ /g, '-');
    const words = new RegExp(`\\b${name.replace(/\./g, '\\.').replace(/[- ]/g, '[- ]')}\\b`, 'i');
    if (!manifest.keywords.some((given) => given === keyword || given.startsWith(`${keyword}-`))) missing.push(`package.json keywords: ${keyword}`);
    if (!words.test(manifest.description)) missing.push(`package.json description: ${name}`);
    if (!words.test(opening)) missing.push(`README.md's first paragraph: ${name}`);
  }
  if (missing.length > 0) {
    console.error(`Not named where a reader or a registry search looks:\n  ${missing.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`package.json and README.md name the ${kinds.length} kinds, ${adapters.length} adapters and ${runtimes.length} Fetch runtimes`);
}

// The lock npm would write for package.json as it is, made in a copy (the working tree is left alone).
// A lock whose root entry lags package.json (a peer dependency added by hand) is rewritten by every
// `npm install`, and a fresh clone is then dirty. `--prefer-offline`: the packuments npm needs are in the
// cache after `npm ci`, so this asks the registry nothing unless a dependency changed.
{
  const copy = mkdtempSync(join(tmpdir(), 'wmspanel-lock-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, file), join(copy, file));
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: copy,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const committed = readFileSync(join(root, 'package-lock.json'), 'utf8');
    const written = readFileSync(join(copy, 'package-lock.json'), 'utf8');
    if (written !== committed) {
      const before = committed.split('\n');
      const after = written.split('\n');
      const line = after.findIndex((text, index) => text !== before[index]);
      console.error(
        `package-lock.json is out of date: \`npm install\` rewrites it (first difference at line ${line + 1}: ${JSON.stringify(after[line])}). ` +
          'Run `npm install --package-lock-only` and commit the lock.',
      );
      process.exit(1);
    }
    console.log('package-lock.json: `npm install` leaves it as committed');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
const out = join(root, '.tmp', 'pack');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
);
const tarball = join(out, packed.filename);
console.log(`packed ${packed.filename}: ${packed.entryCount} files, ${packed.size} bytes`);

const bin = (name) => join(root, 'node_modules', '.bin', name);
execFileSync(bin('publint'), ['run', tarball, '--strict'], { cwd: root, stdio: 'inherit' });
execFileSync(bin('attw'), [tarball, '--profile', 'strict'], { cwd: root, stdio: 'inherit' });
