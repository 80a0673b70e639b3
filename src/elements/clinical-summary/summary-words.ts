/**
 * Words every view of the clinical summary uses: the shown name with the recorded one for
 * screen readers, "as needed" for PRN, sentence case. The patient view's lay words (plain
 * names, units) are in patient-words.ts, loaded on demand.
 */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';

/**
 * The shown name, and the recorded name for screen readers when it differs, so a
 * patient who hears or reads the plain name can still match it to a label or letter.
 */
export function shownName(shown: string, recorded: string): TemplateResult | string {
  if (shown.toLowerCase() === recorded.toLowerCase()) return shown;
  return html`${shown}<span class="visually-hidden"> ${msg(str`(recorded as ${recorded})`, { id: 'summary.recorded-as' })}</span>`;
}

/** Dose instructions with the PRN abbreviation in words ("as needed"). */
export function dosageText(dosage: string | undefined): string | undefined {
  return dosage?.replace(/\bp\.?r\.?n\.?(?=\s|$|[,;)])/gi, msg('as needed', { id: 'summary.as-needed' }));
}

/** Text that starts a field as a sentence does ("as needed" alone reads "As needed"). */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
