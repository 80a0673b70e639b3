/**
 * A rollup plugin that collapses the whitespace and drops the comments of Lit `css`
 * templates in our own sources, so the CSS an element ships costs no indentation. Only the
 * static text between `${…}` is touched; the transforms are safe in our CSS: a run of
 * whitespace becomes one space, and none is kept beside `{`, `}`, `;`, `,` or after `:`,
 * or at either end (no `css` template of ours holds a string with ': ' or ', ' in it).
 * (Lit's own template minifier fails on our `css` templates with interpolations.)
 */

/** The index after the `}` that closes an expression whose text starts at `i` (after `${`). */
function expressionEnd(code, i) {
  let depth = 1;
  while (i < code.length) {
    const c = code[i];
    if (c === '`') i = templateEnd(code, i + 1);
    else if (c === "'" || c === '"') {
      // a string: skip to its closing quote
      i++;
      while (i < code.length && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
      i++;
    } else {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return i + 1;
      i++;
    }
  }
  throw new Error('unterminated template expression');
}

/** The index after the closing backtick of a template literal whose body starts at `i`. */
function templateEnd(code, i) {
  while (i < code.length) {
    const c = code[i];
    if (c === '\\') i += 2;
    else if (c === '`') return i + 1;
    else if (c === '$' && code[i + 1] === '{') i = expressionEnd(code, i + 2);
    else i++;
  }
  throw new Error('unterminated template literal');
}

/** The CSS text of one static part, minified. */
function squeeze(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1')
    .replace(/: /g, ':');
}

/** `code` with every css`…` template's static parts squeezed. */
export function minifyCssLiterals(code) {
  let out = '';
  let from = 0;
  const tag = /\bcss`/g;
  let match;
  while ((match = tag.exec(code))) {
    let i = match.index + match[0].length;
    out += code.slice(from, i);
    let part = i;
    const parts = [];
    for (;;) {
      const c = code[i];
      if (c === '\\') i += 2;
      else if (c === '`') break;
      else if (c === '$' && code[i + 1] === '{') {
        parts.push(squeeze(code.slice(part, i)));
        const end = expressionEnd(code, i + 2);
        parts.push(code.slice(i, end));
        i = part = end;
      } else if (i >= code.length) throw new Error('unterminated css template');
      else i++;
    }
    parts.push(squeeze(code.slice(part, i)));
    // static parts sit at even indexes; trim the template's two ends only
    parts[0] = parts[0].trimStart();
    parts[parts.length - 1] = parts[parts.length - 1].trimEnd();
    out += parts.join('') + '`';
    from = i + 1;
    tag.lastIndex = from;
  }
  return out + code.slice(from);
}

export const minifyCss = () => ({
  name: 'minify-css-literals',
  transform(code, id) {
    if (!/[\\/]src[\\/].*\.ts$/.test(id) || !code.includes('css`')) return null;
    return { code: minifyCssLiterals(code), map: null };
  },
});
