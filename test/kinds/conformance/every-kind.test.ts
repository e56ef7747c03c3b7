// Every kind in the composition (src/kinds/index.ts, EVERY_KIND) has a kit in test/kits.ts and its own
// conformance file, test/kinds/<tag>/conformance.test.ts, that runs the suite with each of its kits: a kind
// added to the composition cannot skip the suite.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../../../src/index.js';
import { TOKEN } from '../../helpers.js';
import { kits } from '../../kits.js';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/**
 * The tags of every kind in the composition: createNotificationReceiver given no callback names every
 * kind's in its TypeError, and given all of them receives every kind.
 */
function composedTags(): string[] {
  let message: string | undefined;
  try {
    createNotificationReceiver({ token: TOKEN } as NotificationHandlerOptions);
  } catch (error) {
    message = (error as Error).message;
  }
  if (message === undefined) throw new Error('createNotificationReceiver took options without a callback');
  const callbacks = [...message.matchAll(/options\.(on\w+)/g)].map(([, name]) => [name, () => undefined]);
  return [...createNotificationReceiver({ token: TOKEN, ...Object.fromEntries(callbacks) } as NotificationHandlerOptions).kinds];
}

const tags = composedTags();
const kindFolders = readdirSync(root('src/kinds'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

describe('the conformance suite covers every kind', () => {
  it('the composition is every kind folder under src/kinds/, and no kit is of another kind', () => {
    expect(tags).toContain('server-status');
    expect([...tags].sort()).toEqual([...kindFolders].sort());
    expect(kits.map((kit) => kit.tag).filter((tag) => !tags.includes(tag))).toEqual([]);
  });

  for (const tag of tags) {
    it(`${tag} has a kit, and test/kinds/${tag}/conformance.test.ts runs the suite with each of its kits`, () => {
      const names = kits.filter((kit) => kit.tag === tag).map((kit) => kit.name);
      expect(names).not.toEqual([]);
      const file = root(`test/kinds/${tag}/conformance.test.ts`);
      expect(existsSync(file), `${file} exists`).toBe(true);
      const text = readFileSync(file, 'utf8');
      for (const name of names) expect(text).toContain(`conformance(kit('${name}'))`);
    });
  }
});
