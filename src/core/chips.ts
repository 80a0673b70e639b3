/**
 * Status chips (issue #19): one look for every status an element shows — a refill
 * request's, a vaccine's, an appointment's, a reminder's, a message's "unread", a result's
 * flag. A chip always carries its status in words and an icon, and colour only repeats
 * that: a patient who cannot tell the colours apart, or prints in grey, loses nothing.
 *
 * Five tones, each a pair of design tokens (text colour on its surface) that meets 4.5:1
 * in both themes (test/browser/design-system.test.ts measures it): `neutral` (finished,
 * cancelled, no action), `info` (waiting, new), `success` (done, approved, normal),
 * `warning` (due, needs attention, out of range) and `danger` (refused, overdue,
 * critical). An element includes `chipStyles` in its styles and calls `chip()`.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { icon, type Icon, iconCheck, iconMinus, iconPending, iconWarning } from './icons.js';
import { token } from './tokens.js';

/** The colour family of a chip, by what the status asks of the reader. */
export type ChipTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** Every tone, for tests and documentation. */
export const CHIP_TONES: readonly ChipTone[] = ['neutral', 'info', 'success', 'warning', 'danger'];

/** The icon a tone shows when the caller names none. */
const TONE_ICON: Record<ChipTone, Icon> = {
  neutral: iconMinus,
  info: iconPending,
  success: iconCheck,
  warning: iconWarning,
  danger: iconWarning,
};

/**
 * A status chip: an icon (hidden from assistive technology) and the status in words.
 * `part` names the chip for hosts (`chip` plus the caller's own part, e.g. `status`),
 * `class` adds the caller's own class names;
 * `data-tone` lets a host or test read the tone without parsing classes.
 */
export function chip(
  tone: ChipTone,
  text: string | TemplateResult,
  options: { icon?: Icon | null; part?: string; class?: string } = {},
): TemplateResult {
  const name = options.icon === undefined ? TONE_ICON[tone] : options.icon;
  return html`<span class="chip chip--${tone} ${options.class ?? ''}" part=${options.part ? `chip ${options.part}` : 'chip'} data-tone=${tone}
    >${name ? icon(name) : nothing}<span class="chip__text">${text}</span></span
  >`;
}

/** The chip's look: add to an element's `static styles` beside `baseStyles`. */
export const chipStyles = css`
  .chip {
    display: inline-flex;
    align-items: center;
    gap: ${token('space-1')};
    max-width: 100%;
    padding: 0.125rem ${token('space-2')};
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: ${token('font-size-small')};
    font-weight: 600;
    line-height: 1.25;
    white-space: normal;
    vertical-align: middle;
  }
  .chip svg.icon {
    margin-inline-end: 0;
    width: 1em;
    height: 1em;
  }
  .chip--neutral {
    color: ${token('color-text-muted')};
    background: ${token('color-surface-raised')};
  }
  .chip--info {
    color: ${token('color-accent')};
    background: ${token('color-surface-raised')};
  }
  .chip--success {
    color: ${token('color-success')};
    background: ${token('color-success-surface')};
  }
  .chip--warning {
    color: ${token('color-warning')};
    background: ${token('color-warning-surface')};
  }
  .chip--danger {
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
  }
  @media (forced-colors: active) {
    .chip {
      border-color: CanvasText;
    }
  }
`;
