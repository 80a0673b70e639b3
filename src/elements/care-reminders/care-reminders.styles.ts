import { css } from 'lit';
import { token } from '../../core/tokens.js';

/* Status is told in words; colour (a left border) is only a second cue. Reflows to 320 px: everything wraps. */
export const careReminderStyles = css`
  :host {
    display: block;
  }
  .reminders {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
    padding: ${token('space-3')};
    color: ${token('color-text')};
    background: var(--engage-care-reminders-background, ${token('color-surface')});
    border-radius: ${token('radius')};
    min-width: 0;
  }
  .title {
    margin: 0;
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
  }
  .item {
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border')};
    border-left-width: 4px;
    border-radius: ${token('radius')};
    overflow-wrap: anywhere;
  }
  .item--overdue {
    border-left-color: ${token('color-danger')};
  }
  .item--due-now {
    border-left-color: ${token('color-warning')};
  }
  .item--done {
    border-left-color: ${token('color-success')};
  }
  .item__title {
    font-weight: 700;
  }
  .item p {
    margin: ${token('space-1')} 0;
  }
  .status {
    font-weight: 600;
  }
  .why,
  .last,
  .next,
  .source,
  .disclaimer {
    color: ${token('color-text-muted')};
  }
  .disclaimer {
    font-size: ${token('font-size-small')};
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    margin-top: ${token('space-2')};
  }
  .form {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
    margin-top: ${token('space-2')};
  }
  .form label {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
  }
  .failure {
    color: ${token('color-danger')};
    font-weight: 600;
  }
  .nothing-due {
    margin: 0;
  }
  button,
  input {
    font: inherit;
    min-height: 44px;
  }
  button:focus-visible,
  input:focus-visible,
  summary:focus-visible {
    outline: ${token('focus-ring-width')} solid ${token('color-focus')};
    outline-offset: 2px;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
    }
  }
`;
