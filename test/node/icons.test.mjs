// Issue #19, visual design: the elements show inline SVG icons from src/core/icons.ts, not
// text glyphs (⚠ ✓ ✕ ▸ …) that render differently on every platform and font.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/** Every .ts source file under a folder. */
const sources = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name));

// The glyphs the issue names, plus their siblings, used as icons: either a hidden span
// holding one, or a string literal that is only glyphs (a status symbol table).
const GLYPHS = '⚠✓✔✕✖✗▸▾←→…–?';
const HIDDEN_GLYPH = new RegExp(`aria-hidden="true"[^>]*>\\s*(\\$\\{[^}]*\\}|[${GLYPHS}]+\\s*)</span>`);
const GLYPH_LITERAL = new RegExp(`'[${GLYPHS}]{1,2}\\s?'`);

describe('icons instead of text glyphs', () => {
  it('no element shows a text glyph as an icon', () => {
    const offenders = [];
    for (const file of sources('src/elements').concat(sources('src/core'))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*(\*|\/\/)/.test(line)) return;
          const hidden = HIDDEN_GLYPH.exec(line);
          if ((hidden && /[⚠✓✔✕✖✗▸▾←→…–?]/.test(hidden[1])) || GLYPH_LITERAL.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim().slice(0, 100)}`);
        });
    }
    assert.deepEqual(offenders, []);
  });
});
