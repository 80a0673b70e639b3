import { css } from 'lit';
import { token } from '../../core/tokens.js';

export const portalHomeStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .cards {
    display: grid;
    grid-template-columns: 1fr;
    gap: ${token('space-3')};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  @container (min-width: 36rem) {
    .cards {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  @container (min-width: 60rem) {
    .cards {
      grid-template-columns: repeat(4, minmax(0, 1fr));
    }
  }
  .card-item {
    display: flex;
  }
  .card {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
    flex: 1;
    min-block-size: 6.5rem;
    padding: ${token('space-4')};
    border: 1px solid ${token('color-border-subtle')};
    border-inline-start: 0.3rem solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: var(--engage-portal-card-background, ${token('color-surface')});
    color: ${token('color-text')};
    text-decoration: none;
  }
  .card:hover .card__title {
    text-decoration: underline;
  }
  .card--attention {
    border-inline-start-color: ${token('color-accent')};
  }
  .card__title {
    color: ${token('color-accent')};
    font-size: ${token('font-size-large')};
    font-weight: 700;
    padding-inline-end: 2.75rem;
  }
  .card__count {
    position: absolute;
    inset-block-start: ${token('space-3')};
    inset-inline-end: ${token('space-3')};
    min-inline-size: 2rem;
    padding: ${token('space-1')} ${token('space-2')};
    border-radius: 999px;
    background: ${token('color-accent')};
    color: ${token('color-accent-contrast')};
    font-weight: 700;
    text-align: center;
  }
  .card__text {
    color: ${token('color-text-muted')};
  }
`;
