import { css } from 'lit';
import { token } from '../../core/tokens.js';

/*
 * Status is told by an icon and a word, with colour as a third cue only. Print media turns
 * the element into the official record: no buttons, no forecast, black on white, dense rows
 * so a record fits one page, a group's heading kept with its first dose, and the date printed.
 */
/*
 * Why some of these rules are as they are (notes kept out of the CSS text, which ships as written):
 * - `.record`: A paper record: dense rows, groups may break across pages (a heading stays with its
 *   first dose).
 */
export const immunizationStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .imm {
    display: flex;
    flex-direction: column;
    gap: ${token('space-4')};
    padding: ${token('space-3')};
    color: ${token('color-text')};
    background: var(--engage-immunizations-background, ${token('color-surface')});
    border-radius: ${token('radius')};
    min-width: 0;
  }
  .imm--compact {
    gap: ${token('space-2')};
    font-size: ${token('font-size-small')};
  }
  .title {
    margin: 0;
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  .title:focus {
    outline: none;
  }
  .title:focus-visible {
    outline: ${token('focus-ring-width')} solid ${token('color-focus')};
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: flex-start;
    gap: ${token('space-3')};
  }
  .who,
  .dates {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-4')};
    margin: 0;
  }
  .who dt,
  .dates dt {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .who dd,
  .dates dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }
  .meta {
    margin: 0;
    color: ${token('color-text-muted')};
    overflow-wrap: anywhere;
  }
  .section__heading {
    margin: 0 0 ${token('space-2')};
    font-size: ${token('font-size-large')};
    font-weight: 700;
  }
  .due,
  .doses {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
  }
  .due-item {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: ${token('space-1')} ${token('space-3')};
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border-subtle')};
    border-inline-start-width: 4px;
    border-radius: ${token('radius')};
    min-width: 0;
  }
  .due-item__group {
    font-weight: 700;
  }
  .sentence {
    flex: 1 1 16rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .badge {
    white-space: nowrap;
  }
  .status--overdue {
    border-inline-start-color: ${token('color-danger')};
  }
  .status--due-now {
    border-inline-start-color: ${token('color-warning')};
  }
  .status--complete,
  .status--immune {
    border-inline-start-color: ${token('color-success')};
  }
  .record {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
  }
  .group {
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
    padding: ${token('space-2')} ${token('space-3')};
    min-width: 0;
    break-inside: avoid;
  }
  .group__heading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: ${token('space-2')};
    margin-bottom: ${token('space-2')};
    font-weight: 700;
  }
  .count {
    font-size: ${token('font-size-small')};
    font-weight: 400;
    color: ${token('color-text-muted')};
  }
  .dose {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-3')};
    padding-bottom: ${token('space-2')};
    border-bottom: 1px solid ${token('color-border-subtle')};
    min-width: 0;
  }
  .dose:last-child {
    border-bottom: 0;
    padding-bottom: 0;
  }
  .dose__name {
    font-weight: 600;
    flex: 1 1 12rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .dose__details {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-3')};
    flex-basis: 100%;
    color: ${token('color-text-muted')};
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .dose--not-given .dose__name {
    font-weight: 400;
    font-style: italic;
  }
  .badge--not-given {
    white-space: normal;
  }
  .evaluation {
    flex-basis: 100%;
    font-size: ${token('font-size-small')};
  }
  .evaluation--invalid {
    color: ${token('color-danger')};
  }
  .print-only {
    display: none;
  }
  @media print {
    .toolbar,
    .due-section,
    .evaluation,
    button {
      display: none !important;
    }
    .imm {
      color: #000;
      background: #fff;
      padding: 0;
      gap: 0.5rem;
      font-size: 10pt;
    }
    .print-only {
      display: block;
      margin: 0;
    }
    .record {
      gap: 0.25rem;
    }
    .group {
      border: 0;
      border-top: 1px solid #000;
      border-radius: 0;
      padding: 0.125rem 0 0;
      break-inside: auto;
    }
    .group__heading {
      margin-bottom: 0.125rem;
      break-after: avoid;
    }
    .doses {
      gap: 0;
    }
    .dose {
      break-inside: avoid;
      padding: 0.0625rem 0;
      gap: 0 0.75rem;
      border-bottom: 0;
      font-size: 9pt;
    }
    .dose__name {
      flex: 1 1 14rem;
    }
    .dose__details,
    .count,
    .who dt {
      color: #000;
    }
  }
`;
