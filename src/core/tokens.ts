/**
 * Design tokens: every colour, space and type size the elements use, as
 * `--engage-*` custom properties a host sets to match its product. Each token has a
 * light and a dark value; elements read them through `token()` with the light value as
 * fallback, and `<engage-provider theme="dark">` (or `theme="auto"`) sets the dark ones.
 * Colour pairs meet WCAG AA contrast (4.5:1 for text) on their surfaces in both themes.
 */
import { css, unsafeCSS, type CSSResult } from 'lit';

// Each token's comment is its documentation: custom-elements-manifest.config.mjs copies
// it, with the light value as default, into `<engage-provider>`'s manifest entry.

const TOKENS = {
  /** Background of cards, panels and inputs. */
  'color-surface': ['#ffffff', '#161b22'],
  /** Background of raised areas: banners, headers, selected rows. */
  'color-surface-raised': ['#f6f8fa', '#21262d'],
  /** Main text colour. */
  'color-text': ['#1f2328', '#e6edf3'],
  /** Secondary text: dates, hints, counts (still AA on the surfaces). */
  'color-text-muted': ['#57606a', '#a3adb8'],
  /** Borders of inputs and controls (3:1 against the surface). */
  'color-border': ['#8c959f', '#6e7681'],
  /** Dividers and card outlines. */
  'color-border-subtle': ['#d0d7de', '#30363d'],
  /** Links, buttons, selection and the user's own messages. */
  'color-accent': ['#0a58b0', '#79b8ff'],
  /** Text on an accent-coloured background (primary buttons). */
  'color-accent-contrast': ['#ffffff', '#0d1117'],
  /**
   * The keyboard focus ring: the text colour, not the accent, so the ring stays visible
   * around a primary (accent-filled) button in both themes.
   */
  'color-focus': ['#1f2328', '#f0f6fc'],
  /** Errors and allergy warnings (always with an icon and text). */
  'color-danger': ['#b42318', '#ff9b91'],
  /** Background of error and allergy notices. */
  'color-danger-surface': ['#fdeceb', '#3c1618'],
  /** Warnings: overdue, not eligible yet, abnormal results. */
  'color-warning': ['#7a4400', '#f2c14e'],
  /** Background of warning notices. */
  'color-warning-surface': ['#fff4dc', '#352709'],
  /** Confirmations: sent, saved, eligible. */
  'color-success': ['#1a7f37', '#6fdd8b'],
  /** Background of confirmation notices. */
  'color-success-surface': ['#e7f6ec', '#12301b'],
  /** Font stack of every element. */
  'font-family': [
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  ],
  /** Body text size. */
  'font-size': ['1rem', '1rem'],
  /** Secondary text size. */
  'font-size-small': ['0.875rem', '0.875rem'],
  /** Heading size. */
  'font-size-large': ['1.25rem', '1.25rem'],
  /** Line height of body text. */
  'line-height': ['1.5', '1.5'],
  /** Smallest gap (inside compact controls). */
  'space-1': ['0.25rem', '0.25rem'],
  /** Gap between related items. */
  'space-2': ['0.5rem', '0.5rem'],
  /** Padding inside cards and list items. */
  'space-3': ['0.75rem', '0.75rem'],
  /** Padding of containers; gap between groups. */
  'space-4': ['1rem', '1rem'],
  /** Gap between sections. */
  'space-6': ['1.5rem', '1.5rem'],
  /** Corner radius of cards, inputs and buttons. */
  radius: ['0.375rem', '0.375rem'],
  /** Width of the keyboard focus ring. */
  'focus-ring-width': ['3px', '3px'],
} as const;

/** Name of a design token, without the `--engage-` prefix. */
export type TokenName = keyof typeof TOKENS;

/** `var(--engage-NAME, <light value>)` for use inside an element's `css`. */
export function token(name: TokenName): CSSResult {
  return unsafeCSS(`var(--engage-${name}, ${TOKENS[name][0]})`);
}

function declarations(theme: 0 | 1): string {
  return Object.entries(TOKENS)
    .map(([name, values]) => `--engage-${name}: ${values[theme]};`)
    .join('\n');
}

/** Declarations of every token's dark value, for a theme container's `:host`. */
export const darkThemeDeclarations = unsafeCSS(declarations(1));
/** Declarations of every token's light value. */
export const lightThemeDeclarations = unsafeCSS(declarations(0));

/*
 * Why some of these rules are as they are (notes kept out of the CSS text, which ships as written):
 * - `svg.icon`: An icon of src/core/icons.ts, aligned with the text it precedes.
 * - `button[aria-disabled='true']`: A button that stays focusable while its action runs
 *   (aria-disabled, not disabled).
 * - `button.primary`: The one main action of a form or step.
 */
/** Styles every element starts from: font, colour, focus ring, hidden text, motion. */
export const baseStyles = css`
  :host {
    box-sizing: border-box;
    font-family: ${token('font-family')};
    font-size: ${token('font-size')};
    line-height: ${token('line-height')};
    color: ${token('color-text')};
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: ${token('focus-ring-width')} solid ${token('color-focus')};
    outline-offset: 2px;
  }
  svg.icon {
    display: inline-block;
    flex: none;
    width: 1.125em;
    height: 1.125em;
    vertical-align: -0.2em;
    margin-inline-end: 0.3em;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: ${token('space-2')} ${token('space-4')};
    border-radius: ${token('radius')};
    border: 1px solid ${token('color-accent')};
    background: ${token('color-surface')};
    color: ${token('color-accent')};
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    opacity: 0.75;
    cursor: progress;
  }
  button.primary {
    background: ${token('color-accent')};
    color: ${token('color-accent-contrast')};
    font-weight: 600;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
    }
  }
`;
