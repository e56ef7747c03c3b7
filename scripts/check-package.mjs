// Packs the package as npm would publish it and lints the tarball: publint (strict) and
// @arethetypeswrong/cli (every entry point, CJS and ESM, node10/node16/bundler resolution).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
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
