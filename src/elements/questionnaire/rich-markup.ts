/**
 * Rich questionnaire text as markup, through the one sanitizer (`src/core/sanitize.ts`):
 * `rendering-xhtml` as given, `rendering-markdown` after a small conversion to HTML that
 * itself trusts nothing (the sanitizer cleans its output like any other markup).
 *
 * This module and the sanitizer (DOMPurify, most of a plain form's download) load on
 * demand, only for a form that has rich text: `rich-text.ts` imports them before such a
 * form renders. Most forms have none.
 */
import { html, type TemplateResult } from 'lit';
import { sanitizedHtml } from '../../core/sanitize.js';
import type { RichText } from './model/extensions.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Inline Markdown: code, bold, italic and links (http(s) and mailto only; the sanitizer checks again). */
function inline(text: string): string {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*]+)\*/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(((?:https?:|mailto:)[^)\s]+)\)/g, '<a href="$2">$1</a>');
}

/**
 * The Markdown forms use (paragraphs, `-`/`*` and numbered lists, emphasis, code, links)
 * as HTML. Raw HTML in the Markdown is escaped, never passed through: a form that wants
 * markup uses rendering-xhtml.
 */
export function markdownToHtml(markdown: string): string {
  const blocks = markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  return blocks
    .map((block) => {
      const lines = block.split('\n').filter((l) => l.trim() !== '');
      if (lines.length && lines.every((l) => /^\s*[-*]\s+/.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
      if (lines.length && lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)]\s+/, ''))}</li>`).join('')}</ol>`;
      return lines.length ? `<p>${lines.map(inline).join('<br>')}</p>` : '';
    })
    .join('');
}

/** A rich text as sanitized markup. */
export function richMarkup(rich: RichText): TemplateResult {
  return html`<span class="rich">${sanitizedHtml(rich.kind === 'xhtml' ? rich.source : markdownToHtml(rich.source))}</span>`;
}
