/**
 * The icon array: "N out of D people" as D small figures, N of them filled. Filled and
 * outlined figures differ in shape, not only colour, so the array reads in greyscale and
 * in print; the SVG is an image labelled by the visible sentence that says the same.
 */
import { html, svg, type TemplateResult } from 'lit';

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
    class="icon-array icon-array--${kind}"
    role="img"
    aria-labelledby=${labelId}
    viewBox="0 0 ${columns} ${rows}"
    preserveAspectRatio="xMinYMin meet"
    data-denominator=${denominator}
    data-numerator=${numerator}
  >
    ${icons}
  </svg>`;
}
