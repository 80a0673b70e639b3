import { css } from 'lit';
import { token } from '../../core/tokens.js';

/*
 * Why some of these rules are as they are (notes kept out of the CSS text, which ships as written):
 * - `.med-name { overflow-wrap: break-word }`: not 'anywhere', which lets a content-sized column
 *   count the name as one letter wide and break every word; 'break-word' breaks only a word
 *   longer than the whole line.
 * - `.choices`: Pharmacies: one radio each, the name wrapping and its address on the line below.
 * - `.history-group__title`: The history's groups: "Waiting for a decision", "Past requests".
 */
export const refillStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: ${token('space-4')};
    padding: ${token('space-4')};
    background: var(--engage-refill-background, ${token('color-surface')});
    border: 1px solid var(--engage-refill-border, ${token('color-border-subtle')});
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    min-width: 0;
  }
  .title {
    margin: 0;
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  .subtitle {
    margin: 0;
    font-weight: 700;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: ${token('focus-ring-width')} solid ${token('color-focus')};
  }
  p {
    margin: 0;
  }
  .hint {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  form,
  .form {
    display: flex;
    flex-direction: column;
    gap: ${token('space-4')};
  }
  fieldset {
    margin: 0;
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
  }
  legend {
    font-weight: 700;
    padding: 0 ${token('space-1')};
  }
  .group {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
  }
  .med {
    display: flex;
    gap: ${token('space-2')};
    align-items: flex-start;
    padding: ${token('space-2')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    min-width: 0;
  }
  .med input[type='checkbox'] {
    width: 1.5rem;
    height: 1.5rem;
    margin: 0.125rem 0 0;
    flex: none;
    accent-color: ${token('color-accent')};
  }
  .med label,
  .med .med-body {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
    min-width: 0;
    flex: 1;
    cursor: pointer;
  }
  .med .med-body {
    cursor: default;
  }
  .med-name {
    font-weight: 600;
    overflow-wrap: break-word;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0 ${token('space-3')};
    margin: 0;
    font-size: ${token('font-size-small')};
    color: ${token('color-text-muted')};
  }
  .facts div {
    display: flex;
    gap: ${token('space-1')};
    min-width: 0;
  }
  .facts dt::after {
    content: ':';
  }
  .facts dd {
    margin: 0;
    overflow-wrap: anywhere;
    color: ${token('color-text')};
  }
  .reason {
    font-size: ${token('font-size-small')};
    overflow-wrap: anywhere;
  }
  .reason--blocked {
    color: ${token('color-warning')};
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
  }
  label.field-label,
  .field > label {
    font-weight: 600;
  }
  select,
  textarea,
  input[type='number'] {
    font: inherit;
    color: ${token('color-text')};
    background: ${token('color-surface')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    padding: ${token('space-2')};
    max-width: 100%;
    min-height: 2.75rem;
  }
  textarea {
    min-height: 5rem;
    resize: vertical;
  }
  .choices {
    display: grid;
    gap: ${token('space-2')};
  }
  .choice {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    align-items: start;
    column-gap: ${token('space-2')};
  }
  .choice input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0.125rem 0 0;
    accent-color: ${token('color-accent')};
  }
  .choice label {
    min-height: 1.5rem;
    cursor: pointer;
  }
  .choice .hint {
    grid-column: 2;
  }
  .nowrap {
    white-space: nowrap;
  }
  .radios {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')} ${token('space-4')};
  }
  .radios label {
    display: flex;
    align-items: center;
    gap: ${token('space-2')};
    min-height: 2.75rem;
  }
  .radios input {
    width: 1.25rem;
    height: 1.25rem;
    accent-color: ${token('color-accent')};
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }
  .alert {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
    padding: ${token('space-3')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    background: ${token('color-danger-surface')};
    color: ${token('color-danger')};
  }
  .alert p {
    overflow-wrap: anywhere;
  }
  .success {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
    padding: ${token('space-3')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    background: ${token('color-success-surface')};
    color: ${token('color-success')};
  }
  .success ul,
  .success p {
    color: ${token('color-text')};
  }
  .summary {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
    margin: 0;
  }
  .summary > div {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-2')};
  }
  .summary dt {
    font-weight: 600;
  }
  .summary dt::after {
    content: ':';
  }
  .summary dd {
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .request {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
    padding: ${token('space-2')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
  }
  .request-head {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-2')};
    align-items: center;
  }
  .inline-alert {
    color: ${token('color-danger')};
    font-size: ${token('font-size-small')};
  }
  .history-group__title {
    margin: ${token('space-4')} 0 ${token('space-2')};
    font-size: ${token('font-size-small')};
    font-weight: 700;
    color: ${token('color-text-muted')};
  }
`;
