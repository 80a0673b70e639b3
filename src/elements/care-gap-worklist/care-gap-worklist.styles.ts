import { css } from 'lit';
import { token } from '../../core/tokens.js';

/*
 * Dense enough for a clinician's screen, still reflows at 320 px: the counts table scrolls in
 * its own box. Notes kept out of the CSS text, which ships as written:
 * - `.filters { min-width: 0 }`: a fieldset is min-content wide by default.
 */
export const worklistStyles = css`
  :host {
    display: block;
  }
  .worklist {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
    padding: ${token('space-3')};
    color: ${token('color-text')};
    background: var(--engage-care-gap-worklist-background, ${token('color-surface')});
    border-radius: ${token('radius')};
    min-width: 0;
  }
  .title {
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  .list-heading {
    font-weight: 700;
  }
  .counts {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
    max-width: 100%;
  }
  .counts caption {
    text-align: start;
    font-weight: 600;
  }
  .counts th,
  .counts td {
    padding: ${token('space-1')} ${token('space-2')};
    border-bottom: 1px solid ${token('color-border-subtle')};
    text-align: start;
  }
  .filters {
    min-width: 0;
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }
  .filters label {
    min-width: 0;
    max-width: 100%;
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
  }
  .filters label.inline,
  .select-all {
    flex-direction: row;
    align-items: center;
    gap: ${token('space-2')};
  }
  .rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-1')} ${token('space-2')};
    padding: ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    overflow-wrap: anywhere;
  }
  .name {
    font-weight: 600;
  }
  .age,
  .reminded {
    color: ${token('color-text-muted')};
  }
  .due {
    flex-basis: 100%;
    margin: 0;
    padding-inline-start: ${token('space-4')};
  }
  .failures {
    color: ${token('color-danger')};
  }
  button,
  input,
  select {
    font: inherit;
    min-height: 44px;
  }
  button,
  select,
  progress {
    max-width: 100%;
    white-space: normal;
  }
  .filters select {
    width: 100%;
  }
  .filters input[type='number'] {
    width: 6em;
  }
  input[type='checkbox'] {
    min-height: auto;
    width: 1.25rem;
    height: 1.25rem;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: ${token('focus-ring-width')} solid ${token('color-focus')};
    outline-offset: 2px;
  }
`;
