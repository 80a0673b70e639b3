import { css } from 'lit';
import { token } from '../../core/tokens.js';

/*
 * Who measured a reading is told by a word and a marker shape (circle: at home, square:
 * clinic); the two blood-pressure lines differ by dash pattern as well as colour. Nothing
 * here is an inline style, so the element works under a strict CSP.
 */
export const trackerStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .tracker {
    display: flex;
    flex-direction: column;
    gap: ${token('space-4')};
    padding: ${token('space-3')};
    color: ${token('color-text')};
    background: ${token('color-surface')};
    border-radius: ${token('radius')};
    min-width: 0;
  }
  .title {
    margin: 0;
    font-size: ${token('font-size-large')};
  }
  h3 {
    margin: 0 0 ${token('space-2')};
    font-size: ${token('font-size')};
  }
  .entry,
  .import,
  .type,
  .other-goals {
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    padding: ${token('space-3')};
    min-width: 0;
  }
  .values,
  .when {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-3')};
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
    margin-block: ${token('space-2')};
    min-width: 0;
  }
  input,
  select,
  textarea,
  button {
    font: inherit;
    color: inherit;
    min-height: 2.75rem;
    max-width: 100%;
    box-sizing: border-box;
  }
  input,
  select,
  textarea {
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    padding: ${token('space-1')} ${token('space-2')};
  }
  input[inputmode='decimal'] {
    width: 8rem;
  }
  textarea {
    width: 100%;
    min-height: 5rem;
  }
  input[aria-invalid='true'] {
    border-color: ${token('color-danger')};
    border-width: 2px;
  }
  .unit {
    color: ${token('color-text-muted')};
  }
  fieldset.meal {
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    margin: ${token('space-2')} 0;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: ${token('space-2')};
    min-height: 2.75rem;
  }
  .choice input {
    min-height: auto;
    width: 1.25rem;
    height: 1.25rem;
  }
  .problem:empty {
    display: none;
  }
  .problem,
  .row-problem {
    color: ${token('color-danger')};
    font-weight: 600;
  }
  button {
    border-radius: ${token('radius')};
    border: 1px solid ${token('color-border')};
    background: ${token('color-surface-raised')};
    padding: ${token('space-1')} ${token('space-3')};
    cursor: pointer;
  }
  button.save {
    background: ${token('color-accent')};
    color: ${token('color-accent-contrast')};
    border-color: ${token('color-accent')};
  }
  .saved {
    color: ${token('color-success')};
    margin: ${token('space-2')} 0 0;
  }
  .danger {
    border: 3px solid ${token('color-danger')};
    background: ${token('color-danger-surface')};
    border-radius: ${token('radius')};
    padding: ${token('space-3')};
  }
  .danger__title {
    margin: 0;
    font-weight: 700;
    font-size: ${token('font-size-large')};
  }
  .danger__steps {
    margin: ${token('space-2')} 0 0;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    min-height: 2.75rem;
    display: list-item;
  }
  .hint,
  .note {
    color: ${token('color-text-muted')};
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    margin-top: ${token('space-2')};
  }
  th,
  td {
    text-align: start;
    padding: ${token('space-1')} ${token('space-2')};
    border-bottom: 1px solid ${token('color-border-subtle')};
    overflow-wrap: anywhere;
  }
  .raw {
    font-family: ui-monospace, monospace;
  }
  .source--patient {
    font-weight: 600;
  }
  .goal {
    margin: 0;
    font-weight: 600;
  }
  .chart {
    margin: ${token('space-2')} 0 0;
  }
  .chart svg {
    width: 100%;
    height: 10rem;
    display: block;
  }
  .axis {
    stroke: ${token('color-border')};
  }
  .tick {
    fill: ${token('color-text-muted')};
    font-size: 10px;
  }
  .target {
    stroke: ${token('color-success')};
    stroke-width: 1.5;
    stroke-dasharray: 6 4;
  }
  .series {
    fill: none;
    stroke-width: 2;
    vector-effect: non-scaling-stroke;
  }
  .series--0,
  .mark--0 {
    stroke: var(--engage-tracker-series-0, ${token('color-accent')});
  }
  .series--1,
  .mark--1 {
    stroke: var(--engage-tracker-series-1, ${token('color-warning')});
  }
  .series--1 {
    stroke-dasharray: 3 3;
  }
  .mark {
    fill: ${token('color-surface')};
    stroke-width: 2;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-3')};
    font-size: ${token('font-size-small')};
  }
  .legend__item {
    display: inline-flex;
    align-items: center;
    gap: ${token('space-1')};
  }
  .key {
    display: inline-block;
    width: 0.75rem;
    height: 0.75rem;
    border: 2px solid ${token('color-text')};
  }
  .key--circle {
    border-radius: 50%;
  }
  .key--line {
    height: 0;
    width: 1.25rem;
    border-width: 2px 0 0;
  }
  .key--0 {
    border-color: var(--engage-tracker-series-0, ${token('color-accent')});
  }
  .key--1 {
    border-color: var(--engage-tracker-series-1, ${token('color-warning')});
    border-top-style: dashed;
  }
  .key--target {
    height: 0;
    width: 1.25rem;
    border-width: 2px 0 0;
    border-top-style: dashed;
    border-color: ${token('color-success')};
  }
  @media print {
    .entry,
    .import {
      display: none;
    }
  }
`;
