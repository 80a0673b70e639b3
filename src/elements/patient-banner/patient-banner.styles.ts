import { css } from 'lit';
import { token } from '../../core/tokens.js';

export const bannerStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')} ${token('space-6')};
    padding: ${token('space-3')} ${token('space-4')};
    background: var(--engage-banner-background, ${token('color-surface-raised')});
    border: 1px solid var(--engage-banner-border, ${token('color-border-subtle')});
    border-radius: ${token('radius')};
    color: ${token('color-text')};
  }
  .identity {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: ${token('space-2')};
  }
  .name {
    margin: 0;
    font-size: ${token('font-size-large')};
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .deceased {
    padding: 0 ${token('space-2')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    font-size: ${token('font-size-small')};
  }
  .details {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-4')};
    margin: 0;
  }
  .item {
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
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .allergies {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-1')} ${token('space-2')};
    margin: 0;
    padding: ${token('space-1')} ${token('space-2')};
    border-radius: ${token('radius')};
    border: 1px solid currentColor;
  }
  .allergies--recorded {
    background: ${token('color-danger-surface')};
    color: ${token('color-danger')};
  }
  .allergies--none {
    color: ${token('color-success')};
    background: ${token('color-success-surface')};
  }
  .allergies--unrecorded,
  .allergies--unknown {
    color: ${token('color-warning')};
    background: ${token('color-warning-surface')};
  }
  .icon {
    font-weight: 700;
  }
  ::slotted([slot='actions']) {
    margin-inline-start: auto;
  }
  @container (max-width: 30rem) {
    .banner,
    .details {
      flex-direction: column;
      align-items: flex-start;
    }
  }
`;
