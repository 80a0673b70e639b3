// Removes the declaration files that no `types` target of the export map reaches.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, posix } from 'node:path';

/** Every `types` target of an export map; a pattern (`*`) is expanded against `dir`. */
function typeTargets(exports, dir) {
  const targets = [];
  const visit = (value, key) => {
    if (typeof value === 'string') {
      if (key === 'types') targets.push(value.replace(/^\.\//, ''));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(exports, '');
  return targets.flatMap((target) => {
    if (!target.includes('*')) return [target];
    const pattern = new RegExp(`^${target.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '([^/]+)')}$`);
    return declarations(dir).filter((file) => {
      const match = pattern.exec(file);
      return match && match.slice(1).every((part) => part === match[1]); // `*` stands for one value
    });
  });
}

/** Every .d.ts under dir. */
function declarations(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => posix.join(entry.parentPath ?? entry.path, entry.name));
}

/** Deletes unreached declarations under `dir`; returns the deleted paths. */
export function pruneDeclarations(exports, dir) {
  const reached = new Set();
  const queue = typeTargets(exports, dir);
  while (queue.length) {
    const file = queue.pop();
    if (reached.has(file) || !existsSync(file)) continue;
    reached.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(posix.normalize(posix.join(dirname(file), match[1])).replace(/\.js$/, '.d.ts'));
    }
  }
  const removed = declarations(dir).filter((file) => !reached.has(file));
  for (const file of removed) rmSync(file);
  return removed;
}
