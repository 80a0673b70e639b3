/**
 * A rollup plugin that collapses the whitespace and drops the comments of Lit `css`
 * templates in our own sources, so the CSS an element ships costs no indentation. Only the
 * static text between `${…}` is touched; the transforms are safe in our CSS: a run of
 * whitespace becomes one space, and none is kept beside `{`, `}`, `;`, `,` or after `:`,
 * or at either end (no `css` template of ours holds a string with ': ' or ', ' in it).
 * (Lit's own template minifier fails on our `css` templates with interpolations.)
 */
import ts from 'typescript';

/** The CSS text of one static part, minified. */
function squeeze(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1')
    .replace(/: /g, ':');
}

/**
 * `code` with the static parts of every css`…` template squeezed. The templates are found by
 * TypeScript's parser, so a comment or a string that mentions css`…` is never taken for one.
 */
export function minifyCssLiterals(code, fileName = 'module.ts') {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** [start, end) of each static part's text, with whether it opens or closes its template. */
  const parts = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'css') {
      const template = node.template;
      const literals = ts.isNoSubstitutionTemplateLiteral(template) ? [template] : [template.head, ...template.templateSpans.map((span) => span.literal)];
      literals.forEach((literal, i) => {
        // a head or middle ends in `${`, a tail or a whole template in a backtick; each starts after one character
        const closesWithBacktick = ts.isNoSubstitutionTemplateLiteral(literal) || ts.isTemplateTail(literal);
        parts.push({ start: literal.getStart(source) + 1, end: literal.end - (closesWithBacktick ? 1 : 2), first: i === 0, last: i === literals.length - 1 });
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = code;
  for (const part of parts.sort((a, b) => b.start - a.start)) {
    let text = squeeze(code.slice(part.start, part.end));
    if (part.first) text = text.trimStart();
    if (part.last) text = text.trimEnd();
    out = out.slice(0, part.start) + text + out.slice(part.end);
  }
  return out;
}

export const minifyCss = () => ({
  name: 'minify-css-literals',
  transform(code, id) {
    if (!/[\\/]src[\\/].*\.ts$/.test(id) || !code.includes('css`')) return null;
    return { code: minifyCssLiterals(code, id), map: null };
  },
});
