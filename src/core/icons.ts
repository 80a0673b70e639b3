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
 */
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

/** The name of an icon of the set. */
export type IconName =
  | 'status'
  | 'message'
  | 'attachment'
  | 'medicine'
  | 'vaccine'
  | 'calendar'
  | 'warning'
  | 'info'
  | 'check'
  | 'cross'
  | 'more'
  | 'pending'
  | 'minus'
  | 'question'
  | 'arrow-up'
  | 'arrow-down'
  | 'arrow-left'
  | 'arrow-right'
  | 'chevron-right'
  | 'chevron-down';

// Outlines on a 24-unit grid, 2-unit stroke; a filled shape says fill="currentColor".
const SHAPES: Record<IconName, SVGTemplateResult> = {
  status: svg`<circle cx="12" cy="12" r="5" fill="currentColor" />`,
  message: svg`<path d="M4 5h16v11H10l-5 4v-4H4z" />`,
  attachment: svg`<path d="M20 11.5 12 19.5a5 5 0 0 1-7-7l8.5-8.5a3.4 3.4 0 0 1 4.8 4.8L10 17a1.7 1.7 0 0 1-2.4-2.4L15 7.2" />`,
  medicine: svg`<rect x="2.5" y="8.5" width="19" height="7" rx="3.5" transform="rotate(-45 12 12)" /><path d="m8.5 8.5 7 7" />`,
  vaccine: svg`<path d="m15 3 6 6M18 6l-3 3M16.5 7.5 7 17H4v-3l9.5-9.5M9 12l1.5 1.5M11.5 9.5 13 11M4 20l3-3" />`,
  calendar: svg`<rect x="3.5" y="5" width="17" height="15.5" rx="2" /><path d="M3.5 10h17M8 3v4M16 3v4" />`,
  warning: svg`<path d="M12 3.5 2.5 20h19z" /><path d="M12 10v4.5" /><circle cx="12" cy="17.3" r="0.6" fill="currentColor" />`,
  info: svg`<circle cx="12" cy="12" r="9" /><path d="M12 11v6" /><circle cx="12" cy="7.8" r="0.6" fill="currentColor" />`,
  check: svg`<path d="m4.5 12.5 5 5 10-11" />`,
  cross: svg`<path d="m6 6 12 12M18 6 6 18" />`,
  more: svg`<circle cx="5" cy="12" r="1.6" fill="currentColor" /><circle cx="12" cy="12" r="1.6" fill="currentColor" /><circle cx="19" cy="12" r="1.6" fill="currentColor" />`,
  pending: svg`<circle cx="12" cy="12" r="9" /><path d="M12 7v5l3.5 2" />`,
  minus: svg`<path d="M6 12h12" />`,
  question: svg`<circle cx="12" cy="12" r="9" /><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.6v.6" /><circle cx="12" cy="17" r="0.6" fill="currentColor" />`,
  'arrow-up': svg`<path d="M12 19V5M6 11l6-6 6 6" />`,
  'arrow-down': svg`<path d="M12 5v14M6 13l6 6 6-6" />`,
  'arrow-left': svg`<path d="M19 12H5M11 6l-6 6 6 6" />`,
  'arrow-right': svg`<path d="M5 12h14M13 6l6 6-6 6" />`,
  'chevron-right': svg`<path d="m9 6 6 6-6 6" />`,
  'chevron-down': svg`<path d="m6 9 6 6 6-6" />`,
};

/** Every icon name, for tests and documentation. */
export const ICON_NAMES = Object.keys(SHAPES) as IconName[];

/**
 * An icon of the set, hidden from assistive technology: put its text equivalent beside it.
 * `part="icon"` lets a host restyle every icon of an element.
 */
export function icon(name: IconName): TemplateResult {
  return html`<svg
    class="icon"
    part="icon"
    data-icon=${name}
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
  >${SHAPES[name]}</svg>`;
}


/**
 * A small illustration for an empty state: the icon on a disc, 56 px (in `stateStyles`).
 * Decoration only (aria-hidden); the empty state's words carry the meaning.
 */
export function illustration(name: IconName): TemplateResult {
  // no whitespace inside: an icon adds nothing to the text content around it
  return html`<svg class="illustration" part="illustration" data-icon=${name} viewBox="0 0 64 64" aria-hidden="true" focusable="false"
    ><circle class="illustration__disc" cx="32" cy="32" r="30" stroke-width="1.5" /><g
      transform="translate(17 17) scale(1.25)"
      fill="none"
      stroke="currentColor"
      stroke-width="1.75"
      stroke-linecap="round"
      stroke-linejoin="round"
    >${SHAPES[name]}</g></svg
  >`;
}
