/**
 * The one icon set of the elements (issue #19): small inline SVG drawn with `currentColor`,
 * so an icon takes the colour of the text beside it and the design tokens stay the only
 * source of colour. Text glyphs (⚠ ✓ ✕ ▸ …) were used before; they render differently in
 * every font and platform, and some fonts draw them as colour emoji.
 *
 * An icon is decoration: it is always `aria-hidden` and never the only carrier of meaning —
 * the text beside it says the same thing (a chip's word, an error's sentence). Icons are
 * 24 × 24 outlines sized `1em`, so they follow the surrounding font size; `baseStyles`
 * (src/core/tokens.ts) aligns `svg.icon` with the text.
 *
 * Each icon is its own exported constant (path data, not a template), so a bundle holds
 * only the icons its element draws: the whole set in every element cost ~1 kB gzip each.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';

/** An icon of the set: outline path data on a 24-unit grid, and filled dots if any. */
export interface Icon {
  readonly name: string;
  /** Outline, stroked 2 units wide. */
  readonly d: string;
  /** Filled shapes (the dot of "!" and "i"). */
  readonly dots?: string;
}

export const iconStatus: Icon = { name: 'status', d: '', dots: 'M7 12a5 5 0 1 0 10 0a5 5 0 1 0-10 0' };
export const iconMessage: Icon = { name: 'message', d: 'M4 5h16v11H10l-5 4v-4H4z' };
export const iconAttachment: Icon = { name: 'attachment', d: 'M20 11.5 12 19.5a5 5 0 0 1-7-7l8.5-8.5a3.4 3.4 0 0 1 4.8 4.8L10 17a1.7 1.7 0 0 1-2.4-2.4L15 7.2' };
export const iconMedicine: Icon = { name: 'medicine', d: 'M10.5 20.5a4.95 4.95 0 0 1-7-7l10-10a4.95 4.95 0 0 1 7 7zM8.5 8.5l7 7' };
export const iconVaccine: Icon = { name: 'vaccine', d: 'm15 3 6 6M18 6l-3 3M16.5 7.5 7 17H4v-3l9.5-9.5M9 12l1.5 1.5M11.5 9.5 13 11M4 20l3-3' };
export const iconCalendar: Icon = { name: 'calendar', d: 'M5.5 5h13a2 2 0 0 1 2 2v11.5a2 2 0 0 1-2 2h-13a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2zM3.5 10h17M8 3v4M16 3v4' };
export const iconWarning: Icon = { name: 'warning', d: 'M12 3.5 2.5 20h19zM12 10v4.5', dots: 'M11.3 17.3a.7.7 0 1 0 1.4 0a.7.7 0 1 0-1.4 0' };
export const iconInfo: Icon = { name: 'info', d: 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M12 11v6', dots: 'M11.3 7.8a.7.7 0 1 0 1.4 0a.7.7 0 1 0-1.4 0' };
export const iconCheck: Icon = { name: 'check', d: 'm4.5 12.5 5 5 10-11' };
export const iconCross: Icon = { name: 'cross', d: 'm6 6 12 12M18 6 6 18' };
export const iconMore: Icon = { name: 'more', d: '', dots: 'M3.4 12a1.6 1.6 0 1 0 3.2 0a1.6 1.6 0 1 0-3.2 0M10.4 12a1.6 1.6 0 1 0 3.2 0a1.6 1.6 0 1 0-3.2 0M17.4 12a1.6 1.6 0 1 0 3.2 0a1.6 1.6 0 1 0-3.2 0' };
export const iconPending: Icon = { name: 'pending', d: 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M12 7v5l3.5 2' };
export const iconMinus: Icon = { name: 'minus', d: 'M6 12h12' };
export const iconQuestion: Icon = { name: 'question', d: 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.6v.6', dots: 'M11.3 17a.7.7 0 1 0 1.4 0a.7.7 0 1 0-1.4 0' };
export const iconArrowUp: Icon = { name: 'arrow-up', d: 'M12 19V5M6 11l6-6 6 6' };
export const iconArrowDown: Icon = { name: 'arrow-down', d: 'M12 5v14M6 13l6 6 6-6' };
export const iconArrowLeft: Icon = { name: 'arrow-left', d: 'M19 12H5M11 6l-6 6 6 6' };
export const iconArrowRight: Icon = { name: 'arrow-right', d: 'M5 12h14M13 6l6 6-6 6' };
export const iconChevronRight: Icon = { name: 'chevron-right', d: 'm9 6 6 6-6 6' };
export const iconChevronDown: Icon = { name: 'chevron-down', d: 'm6 9 6 6 6-6' };

/** Every icon of the set, for tests and documentation (an element imports only its own). */
export const ALL_ICONS: readonly Icon[] = [iconStatus, iconMessage, iconAttachment, iconMedicine, iconVaccine, iconCalendar, iconWarning, iconInfo, iconCheck, iconCross, iconMore, iconPending, iconMinus, iconQuestion, iconArrowUp, iconArrowDown, iconArrowLeft, iconArrowRight, iconChevronRight, iconChevronDown];

/** The outline and dots of an icon, drawn in the current colour. */
function shape(i: Icon) {
  return svg`${i.d ? svg`<path d=${i.d}></path>` : nothing}${i.dots ? svg`<path d=${i.dots} fill="currentColor" stroke="none"></path>` : nothing}`;
}

/**
 * An icon of the set, hidden from assistive technology: put its text equivalent beside it.
 * `part="icon"` lets a host restyle every icon of an element.
 */
export function icon(i: Icon): TemplateResult {
  // no whitespace inside: an icon adds nothing to the text content around it
  return html`<svg
    class="icon"
    part="icon"
    data-icon=${i.name}
    viewBox="0 0 24 24"
    width="1em"
    height="1em"
    aria-hidden="true"
    focusable="false"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
  >${shape(i)}</svg>`;
}

/**
 * A small illustration for an empty state: the icon on a disc, 56 px (in `stateStyles`).
 * Decoration only (aria-hidden); the empty state's words carry the meaning.
 */
export function illustration(i: Icon): TemplateResult {
  return html`<svg class="illustration" part="illustration" data-icon=${i.name} viewBox="0 0 64 64" aria-hidden="true" focusable="false"
    ><circle class="illustration__disc" cx="32" cy="32" r="30" stroke-width="1.5" /><g
      transform="translate(17 17) scale(1.25)"
      fill="none"
      stroke="currentColor"
      stroke-width="1.75"
      stroke-linecap="round"
      stroke-linejoin="round"
    >${shape(i)}</g></svg
  >`;
}
