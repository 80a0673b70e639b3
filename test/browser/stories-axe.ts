/**
 * Every story of a stories module, rendered as Storybook renders it, in the light and
 * the dark theme (its Spanish and phone-width variants in the light one, see RESTYLED),
 * must be axe-clean once it has settled. Each element's
 * `<name>.stories.test.ts` calls `axeEveryStory()` with its stories module.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { applyLocale } from '../../src/core/localization.js';
import { waitFor } from './helpers.js';

export interface StoryModule {
  default: { title?: string; args?: Record<string, unknown>; render?: (args: never, context: never) => unknown };
  [story: string]: unknown;
}

/** True once every engage element in the container shows something other than "loading". */
function settledIn(container: HTMLElement, expectLoading: boolean): boolean {
  const elements = [...container.querySelectorAll('*')].filter(
    (el) => el.localName.startsWith('engage-') && el.localName !== 'engage-provider',
  );
  return (
    elements.length > 0 &&
    elements.every((el) => {
      const root = el.shadowRoot;
      if (!root || root.childElementCount === 0) return false;
      const loading = root.querySelector('[part~="loading"]');
      return expectLoading ? loading !== null : loading === null;
    })
  );
}

/**
 * Stories that show another story's states in another language or at phone width: their
 * colours are the light and dark ones the other stories already check, so they are
 * checked in the light theme only (language marks and reflow do not change with it).
 */
const RESTYLED = /^(Spanish|Narrow)$/;

/**
 * `skip` leaves out stories by name (print has nothing to print in a loading or error state).
 * `themes` narrows the themes tried for stories that do not set their own: print media
 * prints the dark theme in the light one (see print.test.ts), so there light alone is new.
 */
export function axeEveryStory(module: StoryModule, { themes: tried = ['light', 'dark'], skip }: { themes?: string[]; skip?: RegExp } = {}): void {
  describe(`stories of ${module.default.title}: axe-clean in ${tried.join(' and ')}`, function () {
    afterEach(() => applyLocale('en'));
    const meta = module.default;
    for (const [name, value] of Object.entries(module)) {
      if (name === 'default' || typeof value !== 'object' || value === null || skip?.test(name)) continue;
      const story = value as { args?: Record<string, unknown>; render?: (args: never, context: never) => unknown };
      const themes = story.args?.theme ? [story.args.theme as string] : RESTYLED.test(name) ? tried.slice(0, 1) : tried;
      for (const theme of themes) {
        it(`${meta.title} › ${name} (${theme})`, async () => {
          const args = { ...meta.args, ...story.args, theme } as never;
          const renderStory = story.render ?? meta.render!;
          const container = document.createElement('div');
          document.body.append(container);
          try {
            render(renderStory(args, {} as never) as TemplateResult, container);
            await waitFor(() => settledIn(container, /loading/i.test(name)), `${name} to settle`);
            await expect(container).to.be.accessible();
          } finally {
            render(null, container);
            container.remove();
          }
        });
      }
    }
  });
}
