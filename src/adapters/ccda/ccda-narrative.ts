/**
 * C-CDA narrative blocks (`<text>`) as XHTML. The result is untrusted: the element shows it
 * only through the sanitizer.
 */
import {
  attr,
} from './ccda-dom.js';

// ---------------------------------------------------------------------------
// Narrative: CDA narrative block → XHTML for the sanitizer
// ---------------------------------------------------------------------------

const NARRATIVE_TAGS: Record<string, string> = {
  paragraph: 'p',
  content: 'span',
  item: 'li',
  linkHtml: 'a',
  table: 'table',
  thead: 'thead',
  tbody: 'tbody',
  tfoot: 'tfoot',
  tr: 'tr',
  td: 'td',
  th: 'th',
  caption: 'caption',
  br: 'br',
  sub: 'sub',
  sup: 'sup',
  footnote: 'small',
  col: 'col',
  colgroup: 'colgroup',
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Serializes a CDA `<text>` block as XHTML; the element sanitizes it before showing it. */
export function narrativeHtml(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const walk = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) return escapeHtml(node.nodeValue ?? '');
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const element = node as Element;
    const inner = [...element.childNodes].map(walk).join('');
    const name = element.localName === 'list' ? (attr(element, 'listType') === 'ordered' ? 'ol' : 'ul') : NARRATIVE_TAGS[element.localName];
    if (!name) return inner;
    if (name === 'br') return '<br>';
    const href = name === 'a' ? attr(element, 'href') : undefined;
    const span = ['td', 'th'].includes(name)
      ? ['colspan', 'rowspan'].map((a) => (attr(element, a) ? ` ${a}="${escapeHtml(attr(element, a)!)}"` : '')).join('')
      : '';
    return `<${name}${href ? ` href="${escapeHtml(href)}"` : ''}${span}>${inner}</${name}>`;
  };
  const html = walk(el).trim();
  return html.replace(/<[^>]*>/g, '').trim() ? `<div>${html}</div>` : undefined;
}
