/**
 * Words every view of the clinical summary uses: the shown name with the recorded one for
 * screen readers, "as needed" for PRN, sentence case. The patient view's lay words (plain
 * names, units) are in patient-words.ts, loaded on demand.
 */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';

/**
 * The language of an entry's recorded words when its primary subtag differs from the
 * page's (WCAG 2.2 SC 3.1.2): ELGA's `de` names in an English page; `en-GB` in `en`, none.
 */
export function recordLang(entry: { language?: string }, page: string): string | undefined {
  const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();
  return entry.language && primary(entry.language) !== primary(page) ? entry.language : undefined;
}

/** The record's own words, marked with their language when it is not the page's (`recordLang`). */
export const recordWords = (words: string, lang: string | undefined): TemplateResult | string =>
  lang ? html`<span lang=${lang}>${words}</span>` : words;

/**
 * The shown name, and the recorded name for screen readers when it differs, so a
 * patient who hears or reads the plain name can still match it to a label or letter.
 * Only the record's words (`recorded`; empty when it has none) carry the record's `lang`:
 * a plain name or "Unknown item" is ours, in the page's language.
 */
export function shownName(shown: string, recorded: string, lang?: string): TemplateResult | string {
  if (shown.toLowerCase() === recorded.toLowerCase()) return recordWords(shown, lang);
  if (!recorded) return shown;
  const sentence = msg(str`(recorded as ${recorded})`, { id: 'summary.recorded-as' });
  const at = sentence.lastIndexOf(recorded);
  return html`${shown}<span class="visually-hidden"> ${sentence.slice(0, at)}${recordWords(recorded, lang)}${sentence.slice(at + recorded.length)}</span>`;
}

/** Dose instructions with the PRN abbreviation in words ("as needed"). */
export function dosageText(dosage: string | undefined): string | undefined {
  return dosage?.replace(/\bp\.?r\.?n\.?(?=\s|$|[,;)])/gi, msg('as needed', { id: 'summary.as-needed' }));
}

/** Text that starts a field as a sentence does ("as needed" alone reads "As needed"). */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
