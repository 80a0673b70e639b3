// The build's CSS squeeze (scripts/minify-css-literals.mjs) on every `css` template of the
// sources: it removes only comments and whitespace, never a character of the CSS itself, and
// keeps every `${…}` expression as written; whitespace stays where CSS needs it (between
// the parts of a value, and as the descendant combinator). The rendered result is checked
// by the tests that run the built bundle (the demo and the portal: axe, 320 px reflow).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { minifyCssLiterals } from '../../scripts/minify-css-literals.mjs';

/** Every .ts file under `dir`. */
const sources = (dir) => readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
/** The bodies of the `css` templates in `code`, as the squeeze left them and as written. */
const templates = (code) => [...code.matchAll(/\bcss`([^`]*)`/g)].map((m) => m[1]);
const withoutComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '');
const expressions = (text) => [...text.matchAll(/\$\{[^}]*\}/g)].map((m) => m[0]);

describe('the CSS squeeze of the build', () => {
  const files = sources('src').filter((f) => readFileSync(f, 'utf8').includes('css`'));

  it('finds the css templates of the sources', () => {
    assert.ok(files.length >= 20, `${files.length} files with css templates`);
  });

  it('removes only comments and whitespace, and keeps every expression', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const squeezed = minifyCssLiterals(code);
      const before = templates(code);
      const after = templates(squeezed);
      assert.equal(after.length, before.length, file);
      before.forEach((body, i) => {
        assert.equal(after[i].replace(/\s/g, ''), withoutComments(body).replace(/\s/g, ''), `${file} #${i}`);
        assert.deepEqual(expressions(after[i]), expressions(body), `${file} #${i}`);
        assert.ok(after[i].length <= body.length, `${file} #${i}`);
      });
      // outside the templates, the module is unchanged
      assert.equal(squeezed.replace(/\bcss`([^`]*)`/g, ''), code.replace(/\bcss`([^`]*)`/g, ''), file);
    }
  });

  it('keeps the space of a descendant combinator and between the parts of a value', () => {
    const out = minifyCssLiterals("const s = css`\n  .meta   dd {\n    margin: 0 ${token('space-1')};\n    border: 1px  solid  red; /* note */\n  }\n  .a > .b , .c {}\n`;");
    assert.equal(out, "const s = css`.meta dd{margin:0 ${token('space-1')};border:1px solid red;}.a > .b,.c{}`;");
  });
});
