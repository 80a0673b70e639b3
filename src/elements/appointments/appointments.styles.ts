import { css } from 'lit';
import { token } from '../../core/tokens.js';

/** Styles of <engage-appointments> and <engage-appointment-queue>. */
export const appointmentStyles = css`
  :host {
    display: block;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
    padding: ${token('space-4')};
    background: var(--engage-appointments-background, ${token('color-surface')});
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
    gap: ${token('space-2')};
  }
  article {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
  }
  p {
    margin: 0;
  }
  dl {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
    margin: 0;
  }
  dt {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .when {
    font-weight: 600;
  }
  .own-time {
    display: block;
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .hint {
    color: ${token('color-text-muted')};
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    align-items: center;
  }
  button {
    font: inherit;
    min-height: 2.75rem;
    padding: ${token('space-1')} ${token('space-3')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    color: ${token('color-text')};
    cursor: pointer;
    text-align: start;
  }
  button.primary {
    background: ${token('color-accent')};
    border-color: ${token('color-accent')};
    color: ${token('color-accent-contrast')};
  }
  button:focus-visible,
  td:focus-visible,
  a:focus-visible,
  textarea:focus-visible,
  select:focus-visible,
  input:focus-visible,
  [tabindex='-1']:focus-visible {
    outline: 3px solid ${token('color-focus')};
    outline-offset: 2px;
  }
  .choices button,
  .times button {
    width: 100%;
  }
  .alert {
    color: ${token('color-danger')};
  }
  .alert ul {
    margin-top: ${token('space-2')};
  }
  .alert button {
    color: ${token('color-text')};
  }
  fieldset {
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }
  textarea,
  select {
    font: inherit;
    width: 100%;
    box-sizing: border-box;
  }
  textarea {
    min-height: 4rem;
  }
  .calendar table {
    border-collapse: collapse;
    width: 100%;
    max-width: 24rem;
    table-layout: fixed;
  }
  .calendar-title {
    font-weight: 600;
  }
  th {
    font-weight: 400;
    color: ${token('color-text-muted')};
  }
  td {
    text-align: center;
    padding: ${token('space-1')} 0;
    min-height: 2.75rem;
    height: 2.75rem;
    border-radius: ${token('radius')};
  }
  td.day {
    color: ${token('color-text-muted')};
  }
  td.open {
    color: ${token('color-text')};
    font-weight: 700;
    cursor: pointer;
    text-decoration: underline;
  }
  td[aria-selected='true'] {
    background: ${token('color-accent')};
    color: ${token('color-accent-contrast')};
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
    }
  }
`;
