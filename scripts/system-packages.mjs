// The Debian packages the full test run needs beside Node: headless Chromium (the browser test) and
// redis-server (the Redis replay store tests, which start their own server). `npm test` refuses to start
// without them, naming the command that installs them, unless WMSPANEL_TEST_ALLOW_MISSING names them
// (`chromium`, `redis-server`, a comma-separated list, or `all`): then the tests that need them are skipped,
// loudly. `.ci/run` installs both.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const ALLOW_MISSING_VARIABLE = 'WMSPANEL_TEST_ALLOW_MISSING';

/** The first of `names` found as an executable file on the PATH, or undefined. */
function onPath(names, env) {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The path of the Chromium executable on the PATH (Debian's is /usr/bin/chromium), or undefined. */
export function findChromium(env = process.env) {
  return onPath(['chromium', 'chromium-browser'], env);
}

/** Whether `redis-server` is on the PATH. */
export function hasRedisServer(env = process.env) {
  return onPath(['redis-server'], env) !== undefined;
}

/** Whether the user allowed `name` (a package of this module) to be missing. */
export function allowedMissing(name, env = process.env) {
  const allowed = (env[ALLOW_MISSING_VARIABLE] ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return allowed.includes(name) || allowed.includes('all');
}

/** The packages that are missing, each with whether the user allowed it to be. */
export function missingSystemPackages(env = process.env) {
  const missing = [];
  if (findChromium(env) === undefined) missing.push('chromium');
  if (!hasRedisServer(env)) missing.push('redis-server');
  return missing.map((name) => ({ name, allowed: allowedMissing(name, env) }));
}

/** The command that installs `names` on Debian (what .ci/run runs). */
export function installCommand(names) {
  const sudo = typeof process.getuid === 'function' && process.getuid() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${names.join(' ')}`;
}
