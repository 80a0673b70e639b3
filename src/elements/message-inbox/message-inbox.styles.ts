import { css } from 'lit';
import { token } from '../../core/tokens.js';

/*
 * Why some of these rules are as they are (notes kept out of the CSS text, which ships as written):
 * - `.thread-link .chip`: The unread chip sits beside the underlined subject, not underlined
 *   itself.
 */
export const inboxStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .inbox {
    display: grid;
    gap: ${token('space-3')};
    min-width: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: ${token('space-2')};
  }
  .title {
    margin: 0;
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  fieldset {
    border: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-1')} ${token('space-3')};
  }
  legend {
    float: left;
    font-weight: 600;
    margin-inline-end: ${token('space-2')};
  }
  fieldset label {
    display: inline-flex;
    align-items: center;
    gap: ${token('space-1')};
    min-height: 2.75rem;
  }
  input[type='radio'] {
    width: 1.25rem;
    height: 1.25rem;
    accent-color: ${token('color-accent')};
  }
  .threads {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: ${token('space-2')};
  }
  .item {
    display: grid;
    gap: ${token('space-1')};
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    min-width: 0;
  }
  .item--selected {
    border: 2px solid ${token('color-accent')};
    background: ${token('color-surface-raised')};
  }
  .item--unread .subject {
    font-weight: 700;
  }
  .item__top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: ${token('space-1')} ${token('space-2')};
  }
  .thread-link {
    min-height: 2.75rem;
    padding: ${token('space-1')} 0;
    border: none;
    background: none;
    color: ${token('color-accent')};
    text-align: start;
    text-decoration: underline;
    font-weight: 600;
    overflow-wrap: anywhere;
    max-width: 100%;
  }
  .thread-link .chip {
    display: inline-flex;
    margin-inline-start: ${token('space-2')};
    text-decoration: none;
  }
  .details,
  time {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
    overflow-wrap: anywhere;
  }
  .preview {
    margin: 0;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .closed {
    font-size: ${token('font-size-small')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    padding: 0 ${token('space-1')};
  }
  .new-form {
    display: grid;
    gap: ${token('space-3')};
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
  }
  .field {
    display: grid;
    gap: ${token('space-1')};
  }
  .field label {
    font-weight: 600;
  }
  .field-hint {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .field-error {
    color: ${token('color-danger')};
    margin: 0;
    font-size: ${token('font-size-small')};
  }
  .form-error {
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    padding: ${token('space-2')} ${token('space-3')};
    margin: 0;
  }
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }
`;
