import { css } from 'lit';
import { token } from '../../core/tokens.js';

export const questionnaireStyles = css`
  :host {
    display: block;
  }
  .questionnaire {
    display: flex;
    flex-direction: column;
    gap: ${token('space-4')};
    padding: ${token('space-4')};
    background: ${token('color-surface')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    overflow-wrap: anywhere;
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: ${token('font-size-large')};
  }
  h3 {
    font-size: inherit;
  }
  form,
  .group,
  .nested {
    display: flex;
    flex-direction: column;
    gap: ${token('space-4')};
  }
  .group {
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
  }
  .nested {
    padding-inline-start: ${token('space-4')};
    border-inline-start: 2px solid ${token('color-border-subtle')};
  }
  .question {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  legend,
  .question > label {
    font-weight: 600;
    padding: 0;
  }
  .required,
  .hint,
  .unit,
  .meta {
    color: ${token('color-text-muted')};
    font-weight: normal;
  }
  .options {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
  }
  .option,
  .other {
    display: flex;
    align-items: center;
    gap: ${token('space-2')};
    min-height: 2.75rem;
  }
  .option input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    flex: none;
  }
  .input-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
  }
  input[type='text'],
  input[type='url'],
  input[type='date'],
  input[type='datetime-local'],
  input[type='time'],
  select,
  textarea {
    font: inherit;
    min-height: 2.75rem;
    max-width: 100%;
    padding: ${token('space-1')} ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    color: ${token('color-text')};
  }
  textarea,
  .question > input[type='text'],
  .question select {
    width: 100%;
  }
  [aria-invalid='true'] input,
  input[aria-invalid='true'],
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: ${token('color-danger')};
    border-width: 2px;
  }
  .error {
    margin: 0;
    color: ${token('color-danger')};
    font-weight: 600;
  }
  .hint,
  .display {
    margin: 0;
  }
  .help summary {
    cursor: pointer;
    color: ${token('color-accent')};
    min-height: 2.75rem;
    display: flex;
    align-items: center;
  }
  button.link {
    align-self: flex-start;
    border: 0;
    background: none;
    text-decoration: underline;
    padding-inline: 0;
  }
  button.secondary {
    align-self: flex-start;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-3')};
  }
  .notice {
    margin: 0;
    padding: ${token('space-2')} ${token('space-3')};
    border-radius: ${token('radius')};
  }
  .notice--error {
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
    border: 1px solid currentColor;
  }
  .notice--saved {
    color: ${token('color-success')};
    background: ${token('color-success-surface')};
    border: 1px solid currentColor;
  }
  .score {
    display: grid;
    gap: ${token('space-1')};
    padding: ${token('space-3')};
    border: 2px solid ${token('color-accent')};
    border-radius: ${token('radius')};
  }
  .score__total {
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  dl.answers {
    display: grid;
    gap: ${token('space-2')};
    margin: 0;
  }
  dl.answers dt {
    font-weight: 600;
  }
  dl.answers dd {
    margin: 0 0 ${token('space-2')};
  }
  dl.answers .group-title {
    margin-top: ${token('space-2')};
    font-size: ${token('font-size-large')};
  }
  .refused {
    color: ${token('color-danger')};
  }
`;
