/**
 * Where focus goes after every action a story offers (#19: "a test per element checks
 * where focus is after every state change its stories cover"). For each story, each
 * distinct button of the element is activated from the keyboard on a fresh render; once
 * the element has settled, focus must still be inside the element: on the control that
 * was pressed, on what replaced it, or on the heading of the region that changed, never
 * dropped to <body>.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { applyLocale } from '../../src/core/localization.js';
import { waitFor } from './helpers.js';
import type { StoryModule } from './stories-axe.js';

type Story = { args?: Record<string, unknown>; render?: (args: never, context: never) => unknown };

/** Stories that only restyle or relabel another story's states (theme, language, width) or never finish loading. */
const SAME_ACTIONS = /^(Dark|Spanish|Narrow|.*Loading.*|NotConfigured)$/;

/** Buttons tried per story: the distinct ones (by part or label), first in reading order. */
const MAX_BUTTONS = 6;

/** The engage elements a story renders (not the provider). */
function elementsIn(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('*')].filter((el) => el.localName.startsWith('engage-') && el.localName !== 'engage-provider');
}

/** True once every element shows something other than "loading" and has finished updating. */
async function settle(container: HTMLElement): Promise<void> {
  await waitFor(() => {
    const elements = elementsIn(container);
    return (
      elements.length > 0 &&
      elements.every((el) => el.shadowRoot && el.shadowRoot.childElementCount > 0 && !el.shadowRoot.querySelector('[part~="loading"]'))
    );
  }, 'the story to settle');
  for (let i = 0; i < 4; i++) {
    await Promise.all(elementsIn(container).map((el) => (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** Every button of the element's shadow tree (nested engage elements included), shown and enabled. */
function buttonsOf(root: ShadowRoot): HTMLButtonElement[] {
  const found: HTMLButtonElement[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('*')) {
    // checkVisibility: not inside a closed <details>, display: none or content-visibility: hidden
    if (el instanceof HTMLButtonElement && !el.disabled && el.getAttribute('aria-disabled') !== 'true' && el.checkVisibility()) found.push(el);
    if (el.shadowRoot) found.push(...buttonsOf(el.shadowRoot));
  }
  return found;
}

const keyOf = (button: HTMLButtonElement) => `${button.getAttribute('part') ?? ''}|${(button.textContent ?? '').replace(/\s+/g, ' ').trim()}`;

/** The focused element, through shadow roots. */
function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function contains(host: Element, node: Element | null): boolean {
  for (let n: Node | null = node; n; n = n instanceof ShadowRoot ? n.host : n.parentNode) if (n === host) return true;
  return false;
}

function described(el: Element | null): string {
  if (!el) return 'nothing';
  return `<${el.localName}${el.id ? `#${el.id}` : ''}> "${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
}

/**
 * One test per story of `module`: each distinct button, pressed with Enter on a fresh
 * render, leaves focus inside the story's element.
 */
export function focusAfterEveryAction(module: StoryModule): void {
  describe(`stories of ${module.default.title}: focus after every action`, function () {
    const originalPrint = window.print;
    before(() => {
      // "Print" opens the browser's dialog, which would stop the page; what it does is tested in print.test.ts
      window.print = () => undefined;
    });
    after(() => {
      window.print = originalPrint;
    });
    afterEach(() => applyLocale('en'));

    const meta = module.default;
    for (const [name, value] of Object.entries(module)) {
      if (name === 'default' || typeof value !== 'object' || value === null || SAME_ACTIONS.test(name)) continue;
      const story = value as Story;
      it(`${meta.title} › ${name}`, async () => {
        const mountStory = async () => {
          const container = document.createElement('div');
          document.body.append(container);
          const renderStory = story.render ?? meta.render!;
          render(renderStory({ ...meta.args, ...story.args } as never, {} as never) as TemplateResult, container);
          await settle(container);
          return container;
        };
        const unmount = (container: HTMLElement) => {
          render(null, container);
          container.remove();
        };
        const first = await mountStory();
        const keys = [...new Set(elementsIn(first).flatMap((el) => buttonsOf(el.shadowRoot!).map(keyOf)))].slice(0, MAX_BUTTONS);
        unmount(first);
        const lost: string[] = [];
        for (const key of keys) {
          const container = await mountStory();
          try {
            const host = elementsIn(container)[0]!;
            const button = elementsIn(container)
              .flatMap((el) => buttonsOf(el.shadowRoot!))
              .find((b) => keyOf(b) === key);
            if (!button) continue; // a button that only shows after an earlier step
            button.focus();
            expect(deepActive(), `${key} takes focus`).to.equal(button);
            await sendKeys({ press: 'Enter' });
            await settle(container);
            const active = deepActive();
            if (!active || active === document.body || !contains(host, active)) lost.push(`${key} → ${described(active)}`);
          } finally {
            unmount(container);
          }
        }
        expect(lost, 'actions after which focus left the element').to.deep.equal([]);
      });
    }
  });
}
