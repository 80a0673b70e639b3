/**
 * The icon array: "N out of D people" as D small figures, N of them filled. Filled and
 * outlined figures differ in shape, not only colour, so the array reads in greyscale and
 * in print; the SVG is an image labelled by the visible sentence that says the same.
 *
 * A 1,000-figure array (40 a row) is only legible while a cell is at least 8 px wide (the
 * outlined figure is 0.6 of a cell: under about 5 px it reads as a grey texture; at a 320 px viewport
 * the cell measured 6.75 px, the outlined figure 4 px). So it comes with a part-to-whole bar, and the stylesheet shows
 * exactly one of the two by the width there is (`icon-array--dense`, `part-bar`). Both are
 * labelled by the same sentence, so the text equivalent never changes with the width.
 */
import { html, svg, nothing, type TemplateResult } from 'lit';

/** Columns per row: 10 × 10 for 100 people, 40 × 25 for 1,000. */
function columnsFor(denominator: number): number {
  return denominator <= 100 ? 10 : 40;
}

/**
 * An icon array. `labelId` is the id of the element whose text says the same numbers;
 * `kind` styles the filled icons (benefit or harm) through a class, never colour alone.
 */
export function iconArray(numerator: number, denominator: number, kind: 'benefit' | 'harm', labelId: string): TemplateResult {
  const columns = columnsFor(denominator);
  const rows = Math.ceil(denominator / columns);
  const dense = columns > 10;
  const icons: TemplateResult[] = [];
  for (let i = 0; i < denominator; i++) {
    const x = (i % columns) + 0.5;
    const y = Math.floor(i / columns) + 0.5;
    icons.push(
      i < numerator
        ? svg`<rect class="icon icon--filled" data-filled="" x=${x - 0.38} y=${y - 0.38} width="0.76" height="0.76" rx="0.12"></rect>`
        : svg`<circle class="icon icon--empty" cx=${x} cy=${y} r="0.3"></circle>`,
    );
  }
  return html`<svg
      part="icon-array"
      class="icon-array icon-array--${kind} ${dense ? 'icon-array--dense' : ''}"
      role="img"
      aria-labelledby=${labelId}
      viewBox="0 0 ${columns} ${rows}"
      preserveAspectRatio="xMinYMin meet"
      data-denominator=${denominator}
      data-numerator=${numerator}
    >
      ${icons}</svg
    >${dense ? partBar(numerator, denominator, kind, labelId) : nothing}`;
}

/**
 * The same share as a bar: the whole (outlined) and the part (filled) on one scale of
 * `denominator` units, so the part's width is the numerator itself. Shown instead of a
 * dense array where that array would be too small to read.
 */
function partBar(numerator: number, denominator: number, kind: 'benefit' | 'harm', labelId: string): TemplateResult {
  return html`<svg
    part="icon-array part-bar"
    class="part-bar part-bar--${kind}"
    role="img"
    aria-labelledby=${labelId}
    viewBox="0 0 ${denominator} 10"
    preserveAspectRatio="none"
    data-denominator=${denominator}
    data-numerator=${numerator}
  >
    <rect class="part-bar__whole" x="0" y="0" width=${denominator} height="10"></rect>
    <rect class="part-bar__part" x="0" y="0" width=${numerator} height="10"></rect>
  </svg>`;
}
