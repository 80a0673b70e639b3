import { css } from 'lit';
import { token } from '../../core/tokens.js';

/*
 * Why some of these rules are as they are (notes kept out of the CSS text, which ships as written):
 * - `@container (max-width: 30rem)`: On a phone only the current step is named in the list; the
 *   others keep their names for screen readers and show their numbers.
 * - `@container aid-option (width < 320px)`: 40 columns under 320 px is under 8 px a cell: the
 *   dense array gives way to the bar.
 */
export const decisionAidStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .aid {
    display: flex;
    flex-direction: column;
    gap: ${token('space-4')};
    padding: ${token('space-4')};
    background: ${token('color-surface-raised')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    overflow-wrap: anywhere;
  }
  h2,
  h3,
  h4 {
    margin: 0;
    line-height: 1.25;
  }
  .aid__title {
    font-size: ${token('font-size-large')};
  }
  .aid__disclaimer,
  .review__warning {
    margin: ${token('space-2')} 0 0;
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px dashed currentColor;
    border-radius: ${token('radius')};
    color: ${token('color-warning')};
    background: ${token('color-warning-surface')};
  }
  .steps ol {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .steps__button {
    display: inline-flex;
    align-items: center;
    gap: ${token('space-2')};
    padding: ${token('space-1')} ${token('space-3')};
    border-color: ${token('color-border')};
    color: ${token('color-text')};
  }
  .steps__button[aria-current='step'] {
    border: 2px solid ${token('color-accent')};
    font-weight: 700;
    text-decoration: underline;
  }
  .steps__number {
    display: inline-grid;
    place-items: center;
    min-width: 1.5em;
    height: 1.5em;
    border-radius: 50%;
    border: 1px solid currentColor;
  }
  @container (max-width: 30rem) {
    .steps__button:not([aria-current='step']) .steps__label {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  }
  .step,
  .step__content {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
  }
  .step__progress {
    margin: 0;
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .step__heading:focus {
    outline: none;
  }
  .step__heading:focus-visible {
    outline: ${token('focus-ring-width')} solid ${token('color-focus')};
  }
  p {
    margin: 0;
  }
  .facts {
    display: grid;
    gap: ${token('space-1')};
    margin: 0;
  }
  .facts dt {
    font-weight: 700;
  }
  .facts dd {
    margin: 0 0 ${token('space-2')};
  }
  .option-list,
  .outcome__options {
    margin: 0;
    padding-inline-start: ${token('space-4')};
  }
  .outcome__options {
    list-style: none;
    padding: 0;
    display: grid;
    gap: ${token('space-3')};
  }
  details summary {
    cursor: pointer;
    min-height: 2.75rem;
    display: flex;
    align-items: center;
    color: ${token('color-accent')};
  }
  .grid-table {
    border-collapse: collapse;
    width: 100%;
  }
  .grid-table th,
  .grid-table td {
    text-align: start;
    vertical-align: top;
    padding: ${token('space-2')};
    border: 1px solid ${token('color-border-subtle')};
  }
  .grid-cards {
    display: none;
    margin: 0;
    padding: 0;
    list-style: none;
    gap: ${token('space-3')};
  }
  .option-card {
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }
  .option-card dl {
    margin: ${token('space-2')} 0 0;
  }
  .option-card dt {
    font-weight: 700;
  }
  .option-card dd {
    margin: 0 0 ${token('space-2')};
  }
  @container (max-width: 40rem) {
    .grid-table {
      display: none;
    }
    .grid-cards {
      display: grid;
    }
  }
  .source-ref,
  .outcome__explanation,
  .help,
  .url {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .outcome {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
    padding-block: ${token('space-3')};
    border-top: 1px solid ${token('color-border-subtle')};
  }
  .outcome__kind {
    font-weight: 700;
    text-transform: uppercase;
    font-size: ${token('font-size-small')};
    letter-spacing: 0.04em;
  }
  .icon-array {
    display: block;
    width: 100%;
    max-width: 22rem;
    height: auto;
  }
  .outcome__option {
    container: aid-option / inline-size;
  }
  .part-bar {
    display: none;
    width: 100%;
    max-width: 22rem;
    height: 1.5rem;
  }
  @container aid-option (width < 320px) {
    .icon-array--dense {
      display: none;
    }
    .part-bar {
      display: block;
    }
  }
  .part-bar__whole {
    fill: none;
    stroke: var(--engage-decision-empty, ${token('color-text-muted')});
    stroke-width: 1px;
    vector-effect: non-scaling-stroke;
  }
  .part-bar__part {
    fill: var(--engage-decision-harm, ${token('color-danger')});
    stroke: var(--engage-decision-harm, ${token('color-danger')});
    stroke-width: 1px;
    vector-effect: non-scaling-stroke;
  }
  .part-bar--benefit .part-bar__part {
    fill: var(--engage-decision-benefit, ${token('color-success')});
    stroke: var(--engage-decision-benefit, ${token('color-success')});
  }
  .default-note,
  .one-kind-reason {
    margin: 0;
    padding: ${token('space-2')} ${token('space-3')};
    border-inline-start: 4px solid ${token('color-accent')};
    background: ${token('color-surface')};
  }
  .icon-array .icon--filled {
    fill: var(--engage-decision-harm, ${token('color-danger')});
  }
  .icon-array--benefit .icon--filled {
    fill: var(--engage-decision-benefit, ${token('color-success')});
  }
  .icon-array .icon--empty {
    fill: none;
    stroke: var(--engage-decision-empty, ${token('color-text-muted')});
    stroke-width: 0.12;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
  }
  .field label {
    font-weight: 600;
  }
  input[type='number'],
  textarea {
    font: inherit;
    max-width: 100%;
    padding: ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    color: ${token('color-text')};
  }
  input[type='number'] {
    width: 8rem;
  }
  input[type='range'] {
    width: 100%;
    min-height: 2.75rem;
    accent-color: ${token('color-accent')};
  }
  .field__error {
    color: ${token('color-danger')};
  }
  .slider-ends {
    display: flex;
    justify-content: space-between;
    gap: ${token('space-2')};
    font-size: ${token('font-size-small')};
  }
  .slider-value {
    color: ${token('color-text-muted')};
  }
  fieldset {
    margin: 0;
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
  }
  legend {
    font-weight: 600;
    padding: 0 ${token('space-1')};
  }
  .choice {
    display: flex;
    align-items: center;
    gap: ${token('space-2')};
    min-height: 2.75rem;
  }
  .choice input {
    width: 1.25rem;
    height: 1.25rem;
    flex: none;
  }
  .sure-score--conflict {
    color: ${token('color-warning')};
  }
  .nav,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    justify-content: space-between;
  }
  .save {
    background: ${token('color-accent')};
    color: ${token('color-accent-contrast')};
  }
  .saved {
    color: ${token('color-success')};
    font-weight: 600;
  }
  .review {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
  }
  .answers ul {
    margin: 0;
    padding-inline-start: ${token('space-4')};
  }
  .answers__questions {
    white-space: pre-wrap;
  }
  @media print {
    .aid {
      border: none;
      padding: 0;
      background: none;
      color: #000;
    }
    .steps,
    .nav,
    .actions,
    .print,
    details summary {
      display: none;
    }
    .icon-array .icon--filled {
      fill: #000;
    }
    .icon-array .icon--empty,
    .part-bar__whole {
      stroke: #000;
    }
    .part-bar__part {
      fill: #000;
      stroke: #000;
    }
    details {
      display: block;
    }
  }
`;
