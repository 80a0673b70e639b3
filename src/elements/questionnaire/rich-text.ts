/**
 * Questionnaire text that may be rich: `rendering-xhtml` and `rendering-markdown` on an
 * item's text, prefix, option or help. Both reach the DOM only through the one sanitizer
 * (`src/core/sanitize.ts`): XHTML as given, Markdown after a small conversion to HTML
 * that itself trusts nothing (the sanitizer cleans its output like any other markup).
 * Plain text goes through a Lit text binding. LHC-Forms' test forms put `<script>`,
 * `<button>` and event handlers in these extensions on purpose; they come out inert.
 */
import { html, type TemplateResult } from 'lit';
import type { sanitizedHtml as SanitizedHtml } from '../../core/sanitize.js';
import type { Questionnaire } from '../../adapters/ports.js';
import { EXT, type RichText } from './model/extensions.js';

/*
 * The sanitizer (DOMPurify) is most of a plain form's download, and most forms have no
 * rich text: it is loaded on demand, like the FHIRPath engine, before a form that uses
 * rendering-xhtml or rendering-markdown renders. Until then rich text shows as its plain
 * text, never as markup.
 */
let sanitizedHtml: typeof SanitizedHtml | undefined;

/** Whether a questionnaire has rich text anywhere (then the sanitizer is loaded first). */
export function usesRichText(questionnaire: Questionnaire): boolean {
  const json = JSON.stringify(questionnaire);
  return json.includes(EXT.renderingXhtml) || json.includes(EXT.renderingMarkdown);
}

/** Loads the one sanitizer (once). */
export async function loadSanitizer(): Promise<void> {
  sanitizedHtml ??= (await import('../../core/sanitize.js')).sanitizedHtml;
}

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

/** A text with its rich form when the questionnaire gives one. */
export function richText(plain: string | undefined, rich: RichText | undefined): TemplateResult | string {
  if (!sanitizedHtml) return plain ?? '';
  if (rich?.kind === 'xhtml') return html`<span class="rich">${sanitizedHtml(rich.source)}</span>`;
  if (rich?.kind === 'markdown') return html`<span class="rich">${sanitizedHtml(markdownToHtml(rich.source))}</span>`;
  return plain ?? '';
}
