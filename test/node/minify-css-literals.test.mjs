// The build's CSS squeeze (scripts/minify-css-literals.mjs) on every `css` template of the
// sources: it removes only comments and whitespace, never a character of the CSS itself, keeps
// every `${…}` expression as written and the code around the templates as it is (a comment
// that mentions css`…` included); whitespace stays where CSS needs it (between the parts of a
// value, and as the descendant combinator). The rendered result is checked by the tests that
// run the built bundle (the demo and the portal: axe, 320 px reflow).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { minifyCssLiterals } from '../../scripts/minify-css-literals.mjs';

/** Every .ts file under `dir`. */
const sources = (dir) => readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

/** The full text of each css`…` template (backticks included) and the code between them. */
function split(code) {
  const file = ts.createSourceFile('m.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const templates = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(file) === 'css') templates.push([node.template.getStart(file), node.template.end]);
    ts.forEachChild(node, visit);
  };
  visit(file);
  const outside = [];
  let from = 0;
  for (const [start, end] of templates) {
    outside.push(code.slice(from, start));
    from = end;
  }
  outside.push(code.slice(from));
  return { templates: templates.map(([start, end]) => code.slice(start, end)), outside };
}
const withoutComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '');
const expressions = (text) => [...text.matchAll(/\$\{[^}]*\}/g)].map((m) => m[0]);

describe('the CSS squeeze of the build', () => {
  const files = sources('src').filter((f) => split(readFileSync(f, 'utf8')).templates.length);

  it('finds the css templates of the sources', () => {
    assert.ok(files.length >= 20, `${files.length} files with css templates`);
  });

  it('removes only comments and whitespace, keeps every expression, and leaves the code around the templates as it is', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const before = split(code);
      const after = split(minifyCssLiterals(code));
      assert.deepEqual(after.outside, before.outside, file);
      assert.equal(after.templates.length, before.templates.length, file);
      before.templates.forEach((body, i) => {
        assert.equal(after.templates[i].replace(/\s/g, ''), withoutComments(body).replace(/\s/g, ''), `${file} #${i}`);
        assert.deepEqual(expressions(after.templates[i]), expressions(body), `${file} #${i}`);
      });
    }
  });

  it('no css template holds a quoted string with whitespace (the squeeze would change it)', () => {
    for (const file of files) {
      for (const body of split(readFileSync(file, 'utf8')).templates) {
        for (const [quoted] of withoutComments(body).matchAll(/(['"])[^'"\n]*\1/g)) assert.doesNotMatch(quoted, /\s/, `${file}: ${quoted}`);
      }
    }
  });

  it('keeps the space of a descendant combinator and between the parts of a value', () => {
    const out = minifyCssLiterals("const s = css`\n  .meta   dd {\n    margin: 0 ${token('space-1')};\n    border: 1px  solid  red; /* note */\n  }\n  .a > .b , .c {}\n`;");
    assert.equal(out, "const s = css`.meta dd{margin:0 ${token('space-1')};border:1px solid red;}.a > .b,.c{}`;");
  });

  it('never takes a comment that mentions css`…` for a template', () => {
    const code = "/** Use it inside an element's `css`. */\nexport function f(a: string): string {\n  return g(`a: b, c`) + ': ';\n}\n";
    assert.equal(minifyCssLiterals(code), code);
  });
});
