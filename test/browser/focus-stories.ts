/**
 * Where focus goes after every action a story offers (#19: "a test per element checks
 * where focus is after every state change its stories cover"). For each story, each
 * distinct button of the element is activated from the keyboard on a fresh render; once
 * the element has settled, focus must be on the control that was pressed (still shown),
 * on the one that replaced it (same part and label), or on the target focus-targets.ts
 * names for that action (the heading of the region that changed, the field that needs
 * an answer, …): never <body>, never a removed or hidden node, never outside the element.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { applyLocale } from '../../src/core/localization.js';
import { waitFor } from './helpers.js';
import type { StoryModule } from './stories-axe.js';
import { isTarget, nameOf, roleOf, ruleFor } from './focus-targets.js';

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
  const part = el.getAttribute('part');
  return `<${el.localName}${el.id ? `#${el.id}` : ''}${part ? ` part=${part}` : ''}> ${roleOf(el) || 'no role'} "${nameOf(el).slice(0, 40)}"`;
}

/**
 * Why focus is wrong after pressing the button `key` in story `story` of `title`, or
 * undefined when it is where it should be (see focus-targets.ts).
 */
function misplaced(title: string, story: string, key: string, host: Element, pressed: HTMLButtonElement, active: Element | null): string | undefined {
  if (!active || active === document.body) return 'dropped to <body>';
  if (!active.isConnected) return 'on a removed node';
  if (!contains(host, active)) return 'outside the element';
  if (!(active as HTMLElement).checkVisibility()) return 'on a hidden node';
  const rule = ruleFor(title, story, key);
  if (rule) return isTarget(active, rule.target) ? undefined : `not on ${JSON.stringify(rule.target, (_, v: unknown) => (v instanceof RegExp ? String(v) : v))} (${rule.why})`;
  // no rule: the control pressed, still shown, or the control that replaced it
  if (active === pressed || (active instanceof HTMLButtonElement && keyOf(active) === key)) return undefined;
  return 'moved, and focus-targets.ts names no target for this action';
}

/**
 * One test per story of `module`: each distinct button, pressed with Enter on a fresh
 * render, leaves focus where focus-targets.ts says (by default on the control pressed).
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
            // a named target may come later than the element settles (a form loaded on demand, a save): wait for it, bounded
            const rule = ruleFor(meta.title ?? '', name, key);
            if (rule) await waitFor(() => deepActive() && isTarget(deepActive()!, rule.target), `${key}: focus on its target`).catch(() => undefined);
            const active = deepActive();
            const wrong = misplaced(meta.title ?? '', name, key, host, button, active);
            if (wrong) lost.push(`${key} → ${described(active)}: ${wrong}`);
          } finally {
            unmount(container);
          }
        }
        expect(lost, 'actions after which focus is not where it should be').to.deep.equal([]);
      });
    }
  });
}
