// After typedoc: the landing page lists every entry point by the import path users type, each with its
// one-line summary (typedoc named them by source path, "adapters/express", before).
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const index = readFileSync(new URL('../docs/api/index.html', import.meta.url), 'utf8');
const entries = Object.keys(manifest.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
const problems = [];
for (const entry of entries) {
  const at = index.indexOf(`href="modules/${entry.replaceAll('/', '_')}.html">${entry}</a>`);
  if (at === -1) problems.push(`${entry} is not on the landing page`);
  else if (!/<dd class="tsd-member-summary">\s*(<div[^>]*>)?\s*<p>[^<]{20,}/.test(index.slice(at, at + 1500))) problems.push(`${entry} has no summary`);
}
if (/>adapters\//.test(index)) problems.push('a module is named by its source path');
if (problems.length > 0) {
  console.error(`docs/api/index.html:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`docs/api: ${entries.length} entry points, each named by its import path, with a summary`);
}
