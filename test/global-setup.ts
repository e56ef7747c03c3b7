// The CLI and demo tests run the built files, as a user would. `npm test` builds first; a bare
// `npx vitest` builds here when dist/ is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function setup(): void {
  if (!existsSync(new URL('../dist/cli.js', import.meta.url))) {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
  }
}
