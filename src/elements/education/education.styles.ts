import { css } from 'lit';
import { token } from '../../core/tokens.js';

export const educationStyles = css`
  :host {
    display: block;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .material {
    padding: ${token('space-3')} 0;
    border-bottom: 1px solid ${token('color-border-subtle')};
    overflow-wrap: anywhere;
  }
  .material__title {
    font-weight: 600;
    margin: 0;
  }
  .material__meta {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
    margin: ${token('space-1')} 0;
  }
  .badge {
    display: inline-block;
    margin-inline-start: ${token('space-2')};
    font-size: ${token('font-size-small')};
    font-weight: 600;
  }
  button {
    font: inherit;
    min-height: 2.75rem;
    padding: 0 ${token('space-3')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('space-1')};
    background: ${token('color-surface')};
    color: ${token('color-accent')};
    cursor: pointer;
  }
  button[type='submit'] {
    background: ${token('color-accent')};
    color: ${token('color-accent-contrast')};
  }
  button:focus-visible,
  input:focus-visible {
    outline: ${token('focus-ring-width')} solid ${token('color-focus')};
    outline-offset: 2px;
  }
  form,
  .count {
    display: grid;
    gap: ${token('space-2')};
    margin-top: ${token('space-4')};
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('space-1')};
  }
  label {
    display: grid;
    gap: ${token('space-1')};
  }
  input {
    font: inherit;
    min-height: 2.75rem;
    padding: 0 ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('space-1')};
    background: ${token('color-surface')};
    color: ${token('color-text')};
    max-width: 100%;
    box-sizing: border-box;
  }
  .pdf-field {
    display: grid;
    gap: ${token('space-1')};
  }
  .hint,
  .file-size {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
    margin: 0;
  }
  .pdf-chosen {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
    margin: 0;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  input[type='file'] {
    padding: ${token('space-2')};
    min-width: 0;
    width: 100%;
  }
  .error {
    color: ${token('color-danger')};
    margin: 0;
  }
  h2,
  h3 {
    font-size: ${token('font-size-large')};
    margin: 0 0 ${token('space-2')};
  }
`;
