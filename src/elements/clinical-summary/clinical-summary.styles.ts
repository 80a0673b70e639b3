import { css } from 'lit';
import { token } from '../../core/tokens.js';

/*
 * Why some of these rules are as they are (notes kept out of the CSS text, which ships as written):
 * - `.trend`: The trend beside the value on a wide screen, under it on a narrow one; never wider
 *   than its box.
 * - `.trend__range`: The normal range: a band in the success surface, the line drawn over it.
 * - `.panel__name`: A panel's name heads its tests.
 * - `.negated__title`: Negated statements: apart from the facts, led by words (never colour alone).
 */
export const summaryStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .summary {
    display: flex;
    flex-direction: column;
    gap: ${token('space-4')};
    color: ${token('color-text')};
    min-width: 0;
  }
  .summary--compact {
    gap: ${token('space-2')};
    font-size: ${token('font-size-small')};
  }
  .title {
    margin: 0;
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  .header {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
  }
  .meta {
    margin: 0;
    color: ${token('color-text-muted')};
    overflow-wrap: anywhere;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
  }
  .toggle {
    display: inline-flex;
    align-items: center;
    gap: ${token('space-2')};
    min-height: 2.75rem;
  }
  .toggle input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
  }
  .sections {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
  }
  .summary--compact .sections {
    gap: ${token('space-1')};
  }
  .section {
    border: 1px solid var(--engage-summary-section-border, ${token('color-border-subtle')});
    border-radius: ${token('radius')};
    background: var(--engage-summary-section-background, ${token('color-surface')});
    min-width: 0;
  }
  .section__heading {
    margin: 0;
  }
  .section__toggle {
    display: flex;
    align-items: center;
    gap: ${token('space-2')};
    width: 100%;
    border: 0;
    border-radius: ${token('radius')};
    background: ${token('color-surface-raised')};
    color: ${token('color-text')};
    font-weight: 700;
    text-align: start;
  }
  .summary--comfortable .section__toggle {
    font-size: ${token('font-size-large')};
    padding: ${token('space-3')} ${token('space-4')};
  }
  .summary--compact .section__toggle {
    min-height: 2rem;
    padding: ${token('space-1')} ${token('space-2')};
  }
  .section__title {
    flex: 1 1 auto;
    overflow-wrap: anywhere;
  }
  .count {
    min-width: 1.75em;
    padding: 0 ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: 999px;
    text-align: center;
    font-size: ${token('font-size-small')};
    font-weight: 600;
  }
  .section__body {
    padding: ${token('space-2')} ${token('space-4')} ${token('space-3')};
  }
  .summary--compact .section__body {
    padding: ${token('space-1')} ${token('space-2')} ${token('space-2')};
  }
  .section__body[hidden] {
    display: none;
  }
  .entries {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .entry {
    padding: ${token('space-3')} 0;
    border-bottom: 1px solid ${token('color-border-subtle')};
    min-width: 0;
  }
  .summary--compact .entry {
    padding: ${token('space-1')} 0;
  }
  .entry:last-child {
    border-bottom: 0;
  }
  .entry__name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: 0 ${token('space-4')};
    margin: ${token('space-1')} 0 0;
  }
  .field {
    display: flex;
    flex-wrap: wrap;
    gap: 0 ${token('space-1')};
    min-width: 0;
  }
  dt {
    color: ${token('color-text-muted')};
  }
  dt::after {
    content: ':';
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .result {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-1')} ${token('space-3')};
  }
  .result__value {
    font-size: ${token('font-size-large')};
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .summary--compact .result__value {
    font-size: ${token('font-size')};
  }
  .trend {
    flex: 0 1 17.5rem;
    max-width: 100%;
    height: auto;
  }
  .trend__line {
    fill: none;
    stroke: ${token('color-accent')};
    stroke-width: 2;
  }
  .trend__point {
    fill: ${token('color-surface')};
    stroke: ${token('color-accent')};
    stroke-width: 2;
  }
  .trend__last {
    fill: ${token('color-accent')};
  }
  .trend__axis {
    stroke: ${token('color-border')};
    stroke-width: 1;
  }
  .trend__axis-label {
    fill: ${token('color-text-muted')};
    font-size: 11px;
    font-family: inherit;
  }
  .trend__range {
    fill: ${token('color-success-surface')};
  }
  .history summary {
    cursor: pointer;
    min-height: 2.75rem;
    display: flex;
    align-items: center;
    color: ${token('color-accent')};
  }
  .summary--compact .history summary {
    min-height: 1.5rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: ${token('space-1')} ${token('space-2')};
    border-bottom: 1px solid ${token('color-border-subtle')};
    overflow-wrap: anywhere;
  }
  .badge {
    margin-inline-start: ${token('space-2')};
    padding: 0 ${token('space-1')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    font-size: ${token('font-size-small')};
    font-weight: 400;
  }
  .badge--error {
    color: ${token('color-danger')};
  }
  .badge--superseded {
    color: ${token('color-text-muted')};
  }
  .panel__name {
    margin: ${token('space-2')} 0 ${token('space-1')};
    font-weight: 600;
  }
  .document__open {
    margin-block-start: ${token('space-1')};
  }
  .document__text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-family: inherit;
    margin: ${token('space-1')} 0;
  }
  .empty,
  .hidden-note {
    margin: ${token('space-1')} 0;
  }
  .hidden-note {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .negated__title {
    margin: ${token('space-2')} 0 ${token('space-1')};
    font-weight: 600;
  }
  .negation {
    font-weight: 600;
  }
  .narrative {
    margin-top: ${token('space-2')};
    overflow-wrap: anywhere;
    overflow-x: auto;
  }
  .section-error {
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
  }
  .section-error p {
    margin: 0 0 ${token('space-2')};
  }
  .more {
    margin-top: ${token('space-2')};
  }
  .entry:focus-visible {
    outline: ${token('focus-ring-width')} solid ${token('color-focus')};
  }
  .transmit {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
  }
  .form-row {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
  }
  input[type='text'],
  textarea {
    font: inherit;
    padding: ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    color: ${token('color-text')};
    max-width: 100%;
  }
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }
  button[disabled] {
    cursor: progress;
  }
  @container (max-width: 24rem) {
    .section__body {
      padding-inline: ${token('space-2')};
    }
    .fields {
      flex-direction: column;
    }
  }
  @media print {
    .toolbar,
    .transmit,
    .more,
    .chevron {
      display: none !important;
    }
    .summary {
      color: #000;
    }
    .section {
      border: 0;
      break-inside: auto;
    }
    .section__toggle {
      background: none;
      color: #000;
      padding: 0;
      min-height: 0;
      border-bottom: 2px solid #000;
      border-radius: 0;
    }
    .section__body[hidden] {
      display: block;
    }
    .entry {
      break-inside: avoid;
    }
    .flag {
      background: none;
      color: #000;
    }
    .trend__line {
      stroke: #000;
    }
    .history {
      display: block;
    }
  }
`;
