import { css } from 'lit';
import { token } from '../../core/tokens.js';

export const switcherStyles = css`
  :host {
    display: block;
  }
  .switcher {
    padding: ${token('space-3')} ${token('space-4')};
    background: var(--engage-switcher-background, ${token('color-surface-raised')});
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
  }
  .acting {
    margin: 0 0 ${token('space-2')};
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  legend {
    padding: 0;
    margin-block-end: ${token('space-2')};
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .option {
    display: flex;
    align-items: center;
    gap: ${token('space-2')};
    flex: 1 1 12rem;
    min-block-size: 44px;
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    cursor: pointer;
  }
  .option:has(input:checked) {
    border-color: ${token('color-accent')};
    box-shadow: inset 0 0 0 1px ${token('color-accent')};
  }
  .option input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
    accent-color: ${token('color-accent')};
  }
  .option__text {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
  }
  .option__name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .option__details {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
`;
