import { css } from 'lit';
import { token } from '../../core/tokens.js';

export const queueStyles = css`
  :host {
    display: block;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
    padding: ${token('space-4')};
    background: var(--engage-refill-queue-background, ${token('color-surface')});
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    min-width: 0;
  }
  .title {
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  .subtitle {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
  }
  article {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
  }
  dl {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-4')};
    margin: 0;
    font-size: ${token('font-size-small')};
  }
  dl div {
    display: flex;
    gap: ${token('space-1')};
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
    white-space: pre-wrap;
  }
  /* the original is not an active order: the reviewer must not miss it */
  .rx-state dd {
    color: ${token('color-danger')};
    font-weight: 600;
  }
  fieldset {
    margin: 0;
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    min-width: 0;
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-4')};
  }
  legend {
    font-weight: 600;
  }
  fieldset label {
    display: flex;
    align-items: center;
    gap: ${token('space-2')};
    min-height: 2.75rem;
  }
  input[type='radio'] {
    width: 1.25rem;
    height: 1.25rem;
    accent-color: ${token('color-accent')};
  }
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')} ${token('space-4')};
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
    min-width: 0;
    max-width: 100%;
  }
  .field--wide {
    flex: 1 1 100%;
  }
  .field label {
    font-weight: 600;
  }
  input[type='number'],
  textarea {
    font: inherit;
    color: ${token('color-text')};
    background: ${token('color-surface')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    padding: ${token('space-2')};
    min-height: 2.75rem;
    max-width: 100%;
  }
  input[type='number'] {
    width: 8rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }
  .alert {
    margin: 0;
    padding: ${token('space-2')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    background: ${token('color-danger-surface')};
    color: ${token('color-danger')};
    overflow-wrap: anywhere;
  }
  .decided {
    color: ${token('color-success')};
    background: ${token('color-success-surface')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    padding: ${token('space-2')};
    overflow-wrap: anywhere;
  }
  p {
    margin: 0;
  }
  .more {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')} ${token('space-4')};
    margin-top: ${token('space-4')};
  }
  .count {
    color: ${token('color-text-muted')};
  }
`;
