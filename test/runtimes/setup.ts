// Packs the package as npm would publish it and installs the tarball into a throwaway consumer project
// outside the repository. The frameworks and type packages the consumer scripts need are linked in from
// this repository's node_modules, so nothing is fetched from the network.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

const root = new URL('../..', import.meta.url).pathname;

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: string;
    tarball: string;
  }
}

/** Installs the Node 22, 24 and 26 binaries (registry packages) once, from their own lockfile. */
function installNodes(): void {
  const dir = join(root, 'test', 'runtimes', 'nodes');
  if (['node22', 'node24', 'node26'].every((name) => existsSync(join(dir, 'node_modules', name, 'bin', 'node')))) return;
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
}

export default function setup(project: TestProject): () => void {
  installNodes();
  const work = mkdtempSync(join(tmpdir(), 'wmspanel-consumer-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  ) as { filename: string }[];
  const tarball = join(work, packed!.filename);
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
    cwd: consumer,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const name of ['express', 'koa', 'fastify', '@types/node', '@types/express', '@types/koa', 'undici-types']) {
    const target = join(consumer, 'node_modules', name);
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), target, 'dir');
  }
  project.provide('consumer', consumer);
  project.provide('tarball', tarball);
  return () => rmSync(work, { recursive: true, force: true });
}
