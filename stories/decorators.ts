/**
 * Every story renders inside an <engage-provider> with the memory adapter (never a
 * network), in the theme and language chosen in the toolbar (or by the story). A
 * surface inside the provider paints the theme's background so contrast is real.
 */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/core/provider.js';
import type { EngageAdapter, Role } from '../src/adapters/ports.js';

/*
 * The surface paints the theme's background and text colour (the provider itself is
 * display: contents), and narrow stories get a fixed frame. A constructed stylesheet,
 * so it also applies when the test runner renders stories outside Storybook.
 */
const surface = new CSSStyleSheet();
surface.replaceSync(`
  .engage-story-surface {
    background: var(--engage-color-surface, #fff);
    color: var(--engage-color-text, #1f2328);
    padding: 1rem;
  }
  .engage-story-surface[data-width='320'] { width: 320px; box-sizing: border-box; padding: 0.5rem; }
`);
if (!document.adoptedStyleSheets.includes(surface)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, surface];

/**
 * Args every story understands, named as the `<engage-provider>` attributes (and its
 * `adapter` property) they set, so the controls teach the real API.
 */
export interface ProviderArgs {
  adapter?: EngageAdapter;
  patient?: string;
  /** The acting user's record (a caregiver's `RelatedPerson`), when the story needs one. */
  user?: string;
  'user-name'?: string;
  'user-role'?: Role;
  theme?: 'light' | 'dark';
  locale?: string;
  /** Width of the frame in CSS pixels, for reflow stories. */
  width?: number;
}

/**
 * Args that only set up a story (frame width, a fresh adapter per render, scripted
 * input): no element has them, so .storybook/preview.ts keeps them out of the controls.
 * Every other arg is a real attribute or property (test/browser/stories-args.test.ts).
 */
export const STORY_ONLY_ARGS = /^(width|makeAdapter|sendText|drive)$/;

/** A fixed clock so ages and relative times in stories do not drift. */
export const STORY_NOW = () => new Date(2024, 5, 15, 12, 0, 0);

export function inProvider(args: ProviderArgs, content: TemplateResult): TemplateResult {
  return html`<engage-provider
    .adapter=${args.adapter}
    .now=${STORY_NOW}
    patient=${args.patient ?? ''}
    user=${ifDefined(args.user)}
    user-name=${ifDefined(args['user-name'])}
    user-role=${args['user-role'] ?? 'patient'}
    locale=${args.locale ?? 'en'}
    theme=${args.theme ?? 'light'}
  >
    <div class="engage-story-surface" data-width=${args.width ?? ''}>${content}</div>
  </engage-provider>`;
}

/**
 * Storybook decorator: hands the toolbar's theme and language to the story's args
 * unless the story sets its own. The story's render wraps itself in `inProvider()`,
 * so the test runner, which renders stories without Storybook, gets the same tree.
 */
export const withToolbarGlobals = (
  story: (update?: { args: ProviderArgs }) => unknown,
  context: { args: ProviderArgs; globals: { theme?: 'light' | 'dark'; locale?: string } },
) =>
  story({
    args: {
      ...context.args,
      theme: context.args.theme ?? context.globals.theme,
      locale: context.args.locale ?? context.globals.locale,
    },
  });
