// The command's table of kinds (src/cli/kinds/): the commands know the kinds only from it, each entry holds
// its own kind's modules only, and every entry works through every command. A kind added to the table is
// run through all of this with no test to write.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHandler, type NotificationHandlerOptions } from '../../src/adapters/node.js';
import { CLI_KINDS, DEFAULT_KIND, KIND_OPTIONS, KIND_VALUES } from '../../src/cli/kinds/index.js';
import { run as runMain } from './run-main.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const CLI = join(SRC, 'cli');
const TABLE = join(CLI, 'kinds');
const TOKEN = 'cli-table-test-token';

/** The .ts files under a folder, as absolute paths. */
const filesUnder = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));

/** What a source file imports (as absolute paths of .ts files) and the strings it writes out. */
function read(file: string): { imports: string[]; strings: string[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const imports: string[] = [];
  const strings: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const specifier = node.moduleSpecifier.text;
      if (specifier.startsWith('.')) imports.push(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      strings.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, strings };
}

/** Runs one command line in-process, with the token in the environment. */
const run = (args: string[], input?: string) => runMain(args, { input, env: { WMSPANEL_TOKEN: TOKEN } });

describe('the table of kinds', () => {
  it('is what the commands know of the kinds: outside src/cli/kinds/, no kind module and no kind named', () => {
    const named = new Set(CLI_KINDS.flatMap((kind) => [kind.name, kind.spec.kind, kind.spec.callback]));
    const outside = filesUnder(CLI).filter((file) => !file.startsWith(`${TABLE}/`));
    expect(outside.map((file) => relative(CLI, file))).toContain(join('commands', 'verify.ts'));
    for (const file of outside) {
      const { imports, strings } = read(file);
      const where = relative(SRC, file);
      for (const path of imports) {
        // A kind's own modules, the kits' and the package root's (which export every kind), or one entry of the table.
        const kindModule = path.startsWith(join(SRC, 'kinds') + '/') || path === join(SRC, 'testing.ts') || path === join(SRC, 'index.ts');
        const entry = path.startsWith(`${TABLE}/`) && path !== join(TABLE, 'index.ts');
        expect(kindModule || entry, `${where} imports ${relative(SRC, path)}`).toBe(false);
      }
      for (const text of strings) expect(named.has(text), `${where} names the kind '${text}'`).toBe(false);
    }
  });

  it('has entries that import their own kind only', () => {
    for (const file of filesUnder(TABLE)) {
      const stem = file.slice(TABLE.length + 1, -'.ts'.length);
      // ppv-check.ts is part of the ppv entry; kind.ts, options.ts and index.ts are no kind's. index.ts, the
      // table, may import the composition of every kind (src/kinds/index.ts), for listen's receiver.
      const kind = CLI_KINDS.find((candidate) => stem === candidate.name || stem.startsWith(`${candidate.name}-`));
      const composition = stem === 'index' ? [join(SRC, 'kinds', 'index.ts')] : [];
      for (const path of read(file).imports.filter((imported) => imported.startsWith(join(SRC, 'kinds') + '/') && !composition.includes(imported))) {
        expect(kind, `${stem}.ts imports ${relative(SRC, path)}`).toBeDefined();
        expect(relative(join(SRC, 'kinds'), path).split('/')[0], `${stem}.ts imports ${relative(SRC, path)}`).toBe(kind!.spec.kind);
      }
    }
  });

  it('names each kind once, gives --forge to the signed kinds only, and keeps their options off the commands’ own', () => {
    expect(new Set(CLI_KINDS.map((kind) => kind.name)).size).toBe(CLI_KINDS.length);
    expect(new Set(CLI_KINDS.map((kind) => kind.spec.kind)).size).toBe(CLI_KINDS.length);
    expect(KIND_VALUES).toBe(CLI_KINDS.map((kind) => kind.name).join('|'));
    for (const kind of CLI_KINDS) {
      expect(kind.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(kind.forgeries.length > 0, kind.name).toBe(kind.spec.signed);
      for (const option of Object.keys(kind.options)) {
        expect(['kind', 'token', 'forge', 'url', 'expect', 'timeout', 'help'], `--${option} of ${kind.name}`).not.toContain(option);
        expect(KIND_OPTIONS[option]?.description, `--${option}`).toMatch(new RegExp(`^([a-z-]+, )*${kind.name}(, [a-z-]+)*: `));
      }
    }
  });

  it('puts every kind in the usage texts', async () => {
    const mainHelp = (await run(['--help'])).stdout;
    const check = (await run(['check', '--help'])).stdout;
    for (const kind of CLI_KINDS) {
      expect(mainHelp).toContain(kind.help.about);
      expect(check).toContain(kind.help.check);
      if (kind.help.send !== undefined) expect((await run(['send', '--help'])).stdout.toLowerCase()).toContain(kind.help.send.toLowerCase());
    }
    for (const command of ['sign', 'send', 'verify', 'check']) expect((await run([command, '--help'])).stdout).toContain(`--kind ${KIND_VALUES}`);
    expect((await run(['verify', '--help'])).stdout).toContain(`what it is (default ${DEFAULT_KIND.name})`);
  });

  it.each(CLI_KINDS.map((kind) => [kind.name, kind] as const))('%s: sign makes what verify accepts', async (name, kind) => {
    const signed = await run(['sign', '--kind', name]);
    expect(signed.code).toBe(0);
    const verified = await run(['verify', '--kind', name], signed.stdout);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual(kind.json(kind.verifier({ token: kind.spec.signed ? TOKEN : '' }).verify(signed.stdout)));
    expect((await run(['verify', '--kind', name], '{}')).code).toBe(1);
  });
});

describe('every kind through listen, send and check', () => {
  let server: Server;
  let url = '';
  const lines: string[] = [];

  beforeAll(async () => {
    // What listen runs: every kind's callback of the table, its lines captured.
    const callbacks = CLI_KINDS.map((kind) => kind.listen((line) => lines.push(line), new Set()));
    const handle = createNodeHandler({ token: TOKEN, ...callbacks.reduce<NotificationHandlerOptions>((all, one) => ({ ...all, ...one }), {}) });
    server = createServer((request, response) => void handle(request, response));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each(CLI_KINDS.map((kind) => [kind.name, kind] as const))('%s: send is answered 2xx, and check passes', async (name, kind) => {
    const before = lines.length;
    const sent = await run(['send', url, '--kind', name]);
    expect(sent, sent.stderr).toMatchObject({ code: 0 });
    expect(lines.length).toBe(before + 1);
    const checked = await run(['check', url, '--kind', name]);
    expect(checked.code, checked.stdout).toBe(0);
    expect(checked.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^passed: ${kind.cases(TOKEN).length} cases \\(${name}\\)`));
  });
});
