/**
 * Where focus goes after every action a story offers (#19: "a test per element checks
 * where focus is after every state change its stories cover"). For each story, each
 * distinct button of the element is activated from the keyboard; once the element has
 * settled, focus must be on the control that was pressed (still shown), on the one that
 * replaced it (same part and label), or on the target focus-targets.ts names for that
 * action (the heading of the region that changed, the field that needs an answer, …):
 * never <body>, never a removed or hidden node, never outside the element.
 *
 * Two levels deep: the buttons a first press brings (a form's, a confirmation's) are
 * pressed too, each in the state the first press leads to (the first of them on the same
 * render, the others on a fresh render with the first press replayed). Each action is
 * pressed once per stories module (see `done`), by the first story that offers it (a
 * module's stories come in alphabetical order); scripted stories are driven by the walk
 * itself so that it waits for them (WalkOptions). The test files are split by group of
 * elements (focus-stories-*.test.ts) so that a failure names its element.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { applyLocale } from '../../src/core/localization.js';
import type { EngageAdapter } from '../../src/adapters/ports.js';
import { waitFor } from './helpers.js';
import type { StoryModule } from './stories-axe.js';
import { FOCUS_TARGETS, isTarget, nameOf, roleOf, ruleFor } from './focus-targets.js';

type Story = { args?: Record<string, unknown>; render?: (args: never, context: never) => unknown };

/** Stories that only restyle or relabel another story's states (theme, language, width) or never finish loading. */
const SAME_ACTIONS = /^(Dark|Spanish|Narrow|.*Loading.*|NotConfigured)$/;

/** How a module's scripted stories (a `drive` arg) are driven so that the walk can wait for them. */
export interface WalkOptions {
  /**
   * Drives the story's element to its state. A story's own driver runs from a `ref` and
   * nobody waits for it; the walk renders the story without its `drive` and awaits this
   * instead, so it never presses a button the driver is about to press.
   */
  drive?: (element: Element, drive: string, adapter: EngageAdapter) => Promise<void>;
  /** The adapter the story's render would make when the story names none (the driver may need it). */
  adapter?: () => EngageAdapter;
}

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

/** Every button of a shadow tree or a region of it (nested engage elements included), shown and enabled. */
function buttonsOf(root: ParentNode): HTMLButtonElement[] {
  const found: HTMLButtonElement[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('*')) {
    // checkVisibility: not inside a closed <details>, display: none or content-visibility: hidden
    if (el instanceof HTMLButtonElement && !el.disabled && el.getAttribute('aria-disabled') !== 'true' && el.checkVisibility()) found.push(el);
    if (el.shadowRoot) found.push(...buttonsOf(el.shadowRoot));
  }
  return found;
}

const keyOf = (button: HTMLButtonElement) => `${button.getAttribute('part') ?? ''}|${(button.textContent ?? '').replace(/\s+/g, ' ').trim()}`;

/** The regions a button's effect is judged in: the nearest of these around it (else its element). */
const REGION = 'section, article, form, fieldset, li, dialog, details, nav, table, [role="region"], [role="group"], [role="dialog"], [role="tabpanel"]';

/** The region around `button`, within its own shadow root. */
function regionOf(button: HTMLButtonElement): ParentNode {
  return button.parentElement?.closest(REGION) ?? (button.getRootNode() as ShadowRoot);
}

/** The distinct buttons (by part and label) of a region, nested elements' included. */
const keysOf = (region: ParentNode) => [...new Set(buttonsOf(region).map(keyOf))];

/**
 * What kind of control a button is, for telling repeats apart: its part when it has one
 * (a part names a kind of control: every section's toggle, every item's "Mark as read"),
 * else its label; counts in it are data ("Show all 60", "Allergies 2").
 */
const shapeOf = (key: string) => (key.startsWith('|') ? key : key.slice(0, key.indexOf('|'))).replace(/\d+/g, '#');

/** The kinds of control a region or a state offers, in one string. */
const shapesOf = (keys: readonly string[]) => [...new Set(keys.map(shapeOf))].sort().join('\n');

/** The buttons of every element in the container, in reading order. */
const buttonsIn = (container: HTMLElement) => elementsIn(container).flatMap((el) => buttonsOf(el.shadowRoot!));

/** The distinct buttons (by part and label) shown, in reading order. */
const keysIn = (container: HTMLElement) => [...new Set(buttonsIn(container).map(keyOf))];

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
function misplaced(title: string, story: string, key: string, after: string | undefined, host: Element, pressed: HTMLButtonElement, active: Element | null): string | undefined {
  if (!active || active === document.body) return 'dropped to <body>';
  if (!active.isConnected) return 'on a removed node';
  if (!contains(host, active)) return 'outside the element';
  if (!(active as HTMLElement).checkVisibility()) return 'on a hidden node';
  const rule = ruleFor(title, story, key, after);
  if (rule) return isTarget(active, rule.target) ? undefined : `not on ${JSON.stringify(rule.target, (_, v: unknown) => (v instanceof RegExp ? String(v) : v))} (${rule.why})`;
  // no rule: the control pressed, still shown, or the control that replaced it
  if (active === pressed || (active instanceof HTMLButtonElement && keyOf(active) === key)) return undefined;
  return 'moved, and focus-targets.ts names no target for this action';
}

/**
 * One test per story of `module`: each distinct button, pressed with Enter, leaves focus
 * where focus-targets.ts says (by default on the control pressed), and so does each
 * button that press brings.
 */
export function focusAfterEveryAction(module: StoryModule, options: WalkOptions = {}): void {
  const meta = module.default;
  const title = meta.title ?? '';
  describe(`stories of ${title}: focus after every action`, function () {
    const originalPrint = window.print;
    before(() => {
      // "Print" opens the browser's dialog, which would stop the page; what it does is tested in print.test.ts
      window.print = () => undefined;
    });
    after(() => {
      window.print = originalPrint;
    });
    afterEach(() => applyLocale('en'));

    /*
     * Actions already checked in this module. Stories of one element mostly show the
     * same regions with other data (another patient, a longer list, another role); a
     * button with the same part and label, in a region offering the same buttons, over
     * the same adapter (a failing one is another story's point), does the same thing: it
     * is pressed once per module, not once per story. That pays for pressing every
     * button, two levels deep. A first press is known by its region's buttons, a second
     * by the first press and the buttons it brought; both by the rule that judges them.
     */
    const done = new Set<string>();
    // what the walk did, printed per module: the figures its cost and reach are judged by
    const figures = { stories: 0, renders: 0, first: 0, second: 0 };
    const adapters = new Map<unknown, number>();
    const fresh = (story: Story, name: string, where: string, key: string, after?: string) => {
      const args = { ...meta.args, ...story.args };
      const made = args.adapter ?? args.makeAdapter;
      if (!adapters.has(made)) adapters.set(made, adapters.size);
      const rule = ruleFor(title, name, key, after);
      const id = [adapters.get(made), where, shapeOf(key), rule ? (FOCUS_TARGETS[title] ?? []).indexOf(rule) : -1].join('\u0000');
      if (done.has(id)) return false;
      done.add(id);
      return true;
    };

    for (const [name, value] of Object.entries(module)) {
      if (name === 'default' || typeof value !== 'object' || value === null || SAME_ACTIONS.test(name)) continue;
      const story = value as Story;
      it(`${title} › ${name}`, async () => {
        figures.stories++;
        const mountStory = async () => {
          figures.renders++;
          const container = document.createElement('div');
          document.body.append(container);
          const renderStory = story.render ?? meta.render!;
          let args = { ...meta.args, ...story.args } as Record<string, unknown>;
          const drive = options.drive && typeof args.drive === 'string' ? args.drive : undefined;
          let adapter: EngageAdapter | undefined;
          if (drive) {
            adapter = (args.adapter as EngageAdapter | undefined) ?? ((args.makeAdapter as (() => EngageAdapter) | undefined) ?? options.adapter)?.();
            args = { ...args, adapter, drive: undefined };
          }
          render(renderStory(args as never, {} as never) as TemplateResult, container);
          if (drive) await options.drive!(await waitFor(() => elementsIn(container)[0], 'the element'), drive, adapter!);
          await settle(container);
          return container;
        };
        const unmount = (container: HTMLElement) => {
          render(null, container);
          container.remove();
        };
        const lost: string[] = [];
        /** Presses `key` from the keyboard; the button pressed, or undefined when the state does not show it. */
        const press = async (container: HTMLElement, key: string, after?: string) => {
          const button = buttonsIn(container).find((b) => keyOf(b) === key);
          if (!button) return undefined;
          button.focus();
          expect(deepActive(), `${key} takes focus`).to.equal(button);
          await sendKeys({ press: 'Enter' });
          await settle(container);
          // a named target may come later than the element settles (a form loaded on demand, a save): wait for it, bounded
          const rule = ruleFor(title, name, key, after);
          if (rule) await waitFor(() => deepActive() && isTarget(deepActive()!, rule.target), `${key}: focus on its target`).catch(() => undefined);
          return button;
        };
        /** Presses `key` and notes where focus went when it is wrong (`after`: the press before it). */
        const check = async (container: HTMLElement, key: string, after?: string) => {
          const button = await press(container, key, after);
          if (!button) return false;
          const active = deepActive();
          const wrong = misplaced(title, name, key, after, elementsIn(container)[0]!, button, active);
          if (wrong) lost.push(`${after ? `${after} ▸ ` : ''}${key} → ${described(active)}: ${wrong}`);
          return true;
        };

        let spare: HTMLElement | undefined = await mountStory();
        const before = keysIn(spare);
        const initial = buttonsIn(spare);
        const regionOfKey = (key: string) => shapesOf(keysOf(regionOf(initial.find((b) => keyOf(b) === key)!)));
        for (const first of before.filter((key) => fresh(story, name, regionOfKey(key), key))) {
          // the first action is pressed on the render the buttons were read from; the others on a fresh one
          const container: HTMLElement = spare ?? (await mountStory());
          spare = undefined;
          try {
            if (!(await check(container, first))) continue; // a button an earlier step (a driver's) took away
            figures.first++;
            // second level: the buttons this press brought, in the state it led to
            const after = keysIn(container);
            const news = after.filter((key) => !before.includes(key));
            // a second press acts on what the first brought: which first press brought it does not matter, the rule may (`after`)
            const brought = news.filter((key) => fresh(story, name, shapesOf(news), key, first));
            for (const [i, second] of brought.entries()) {
              const again = i === 0 ? container : await mountStory();
              try {
                if (again !== container && !(await press(again, first))) continue;
                if (await check(again, second, first)) figures.second++;
              } finally {
                if (again !== container) unmount(again);
              }
            }
          } finally {
            unmount(container);
          }
        }
        if (spare) unmount(spare);
        expect(lost, 'actions after which focus is not where it should be').to.deep.equal([]);
      });
    }
    after(() => console.log(`focus walk: ${title}: ${figures.stories} stories, ${figures.renders} renders, ${figures.first} first and ${figures.second} second presses`));
  });
}
