// `npm run demo` in a clone: the command's own `demo` (what `npx wmspanel-notifications demo` runs for npm
// users), from the build. See src/cli/commands/demo.ts.
import { spawnSync } from 'node:child_process';

const { status } = spawnSync(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, 'demo'], { stdio: 'inherit' });
process.exitCode = status ?? 1;
