/**
 * Questionnaire text that may be rich: `rendering-xhtml` and `rendering-markdown` on an
 * item's text, prefix, option or help. Both reach the DOM only through the one sanitizer
 * (see `rich-markup.ts`); plain text goes through a Lit text binding. LHC-Forms' test
 * forms put `<script>`, `<button>` and event handlers in these extensions on purpose;
 * they come out inert.
 */
import type { TemplateResult } from 'lit';
import type { richMarkup as RichMarkup } from './rich-markup.js';
import type { Questionnaire } from '../../adapters/ports.js';
import { EXT, type RichText } from './model/extensions.js';

/*
 * The sanitizer (DOMPurify) is most of a plain form's download, and most forms have no
 * rich text: it is loaded on demand with the Markdown conversion (`rich-markup.ts`), like
 * the FHIRPath engine, before a form that uses rendering-xhtml or rendering-markdown
 * renders. Until then rich text shows as its plain text, never as markup.
 */
let richMarkup: typeof RichMarkup | undefined;

/** Whether a questionnaire has rich text anywhere (then the sanitizer is loaded first). */
export function usesRichText(questionnaire: Questionnaire): boolean {
  const json = JSON.stringify(questionnaire);
  return json.includes(EXT.renderingXhtml) || json.includes(EXT.renderingMarkdown);
}

/** Loads the one sanitizer and the Markdown conversion (once). */
export async function loadSanitizer(): Promise<void> {
  richMarkup ??= (await import('./rich-markup.js')).richMarkup;
}

/** A text with its rich form when the questionnaire gives one. */
export function richText(plain: string | undefined, rich: RichText | undefined): TemplateResult | string {
  return rich && richMarkup ? richMarkup(rich) : (plain ?? '');
}
