/**
 * Issue #19, visual design: the shared status chips and empty states (icons: icons.test.ts).
 * Chips are measured where the elements really show them (their stories, in both themes):
 * every chip has visible words, and its text colour meets 4.5:1 on its own background.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { LitElement, render, type TemplateResult } from 'lit';
import '../../src/core/provider.js';
import { CHIP_TONES, chip, chipStyles } from '../../src/core/chips.js';
import { baseStyles } from '../../src/core/tokens.js';
import * as inboxStories from '../../stories/message-inbox.stories.js';
import * as refillStories from '../../stories/refill-request.stories.js';
import * as immunizationStories from '../../stories/immunizations.stories.js';
import * as summaryStories from '../../stories/clinical-summary.stories.js';
import * as trackerStories from '../../stories/health-tracker.stories.js';
import * as educationStories from '../../stories/education.stories.js';
import * as queueStories from '../../stories/refill-queue.stories.js';
import type { StoryModule } from './stories-axe.js';
import { waitFor } from './helpers.js';

/** WCAG contrast ratio of two computed `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

/** Every element matching `selector` in the shadow roots under `root`, at any depth. */
function deepAll(root: ParentNode, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, selector));
  return found;
}

/** Words a sighted reader sees in a chip (not the icon, not visually hidden text). */
function visibleWords(chipEl: Element): string {
  const text = chipEl.querySelector('.chip__text') as HTMLElement | null;
  if (!text) return '';
  const box = text.getBoundingClientRect();
  return box.width > 2 && box.height > 2 ? (text.textContent ?? '').trim() : '';
}

/** True once every engage element shows something other than "loading" (as stories-axe.ts). */
function settled(container: HTMLElement): boolean {
  const elements = [...container.querySelectorAll('*')].filter((el) => el.localName.startsWith('engage-') && el.localName !== 'engage-provider');
  return elements.length > 0 && elements.every((el) => el.shadowRoot && el.shadowRoot.childElementCount > 0 && !el.shadowRoot.querySelector('[part~="loading"]'));
}

/** Renders one story as Storybook does, in a container; `settle` waits for its data. */
async function renderStory(module: StoryModule, name: string, theme: 'light' | 'dark'): Promise<HTMLElement> {
  const meta = module.default;
  const story = module[name] as { args?: Record<string, unknown>; render?: (args: never, context: never) => unknown };
  const container = document.createElement('div');
  document.body.append(container);
  render((story.render ?? meta.render!)({ ...meta.args, ...story.args, theme } as never, {} as never) as TemplateResult, container);
  await waitFor(() => settled(container), `${meta.title} › ${name} to settle`);
  return container;
}

function removeStory(container: HTMLElement): void {
  render(null, container);
  container.remove();
}

class ChipSample extends LitElement {
  static override styles = [baseStyles, chipStyles];
  override render(): TemplateResult {
    return html`${CHIP_TONES.map((tone) => chip(tone, `A ${tone} status`))}`;
  }
}
customElements.define('test-chip-sample', ChipSample);

describe('status chips (src/core/chips.ts)', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`every tone shows words and meets 4.5:1 in the ${theme} theme`, async () => {
      const provider = await mount(html`<engage-provider theme=${theme}><test-chip-sample></test-chip-sample></engage-provider>`);
      const sample = provider.querySelector('test-chip-sample')!;
      await (sample as ChipSample).updateComplete;
      const chips = [...sample.shadowRoot!.querySelectorAll('.chip')];
      expect(chips.map((c) => (c as HTMLElement).dataset.tone)).to.deep.equal([...CHIP_TONES]);
      for (const c of chips) {
        const style = getComputedStyle(c);
        expect(visibleWords(c)).to.match(/status$/);
        expect(contrast(style.color, style.backgroundColor), `${theme} ${c.className}`).to.be.at.least(4.5);
        expect(c.querySelector('svg.icon')?.getAttribute('aria-hidden')).to.equal('true');
      }
    });
  }

  // The statuses of the elements, as their stories show them.
  const cases: [string, StoryModule, string][] = [
    ['message inbox (unread)', inboxStories as unknown as StoryModule, 'Inbox'],
    ['refill request (history)', refillStories as unknown as StoryModule, 'RequestHistory'],
    ['immunizations (forecast)', immunizationStories as unknown as StoryModule, 'ChildOverdue'],
    ['clinical summary (result flags)', summaryStories as unknown as StoryModule, 'PatientView'],
  ];
  for (const [label, module, name] of cases) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${label}: every status is a chip with words, 4.5:1 in ${theme}`, async () => {
        const container = await renderStory(module, name, theme);
        try {
          expect(deepAll(container, '.chip').length, 'chips shown').to.be.greaterThan(0);
          for (const c of deepAll(container, '.chip')) {
            const style = getComputedStyle(c);
            expect(visibleWords(c), c.outerHTML).to.not.equal('');
            expect(contrast(style.color, style.backgroundColor), `${theme}: ${c.textContent}`).to.be.at.least(4.5);
          }
        } finally {
          removeStory(container);
        }
      });
    }
  }
});

describe('empty states (renderEmpty in src/core/states.ts)', () => {
  const cases: [string, StoryModule, string, RegExp][] = [
    ['message inbox', inboxStories as unknown as StoryModule, 'EmptyInbox', /No messages yet.*Write to your care team/],
    ['refill request', refillStories as unknown as StoryModule, 'NoActiveMedications', /no active prescriptions/],
    ['immunizations', immunizationStories as unknown as StoryModule, 'NoRecords', /No vaccinations/],
    ['health tracker', trackerStories as unknown as StoryModule, 'Empty', /No readings yet/],
    ['education', educationStories as unknown as StoryModule, 'Empty', /No education/],
    ['refill queue', queueStories as unknown as StoryModule, 'EmptyQueue', /No requests are waiting/],
  ];
  for (const [label, module, name, words] of cases) {
    it(`${label}: one illustrated empty state that says what is missing`, async () => {
      const container = await renderStory(module, name, 'light');
      try {
        const empties = deepAll(container, '[part~="empty"]');
        expect(empties.length, 'one empty state').to.equal(1);
        const empty = empties[0]!;
        expect(empty.getAttribute('role')).to.equal('status');
        const art = empty.querySelector('svg.illustration')!;
        expect(art.getAttribute('aria-hidden')).to.equal('true');
        expect(art.getBoundingClientRect().width, 'illustration shown').to.be.greaterThan(20);
        expect(empty.textContent!.replace(/\s+/g, ' ')).to.match(words);
      } finally {
        removeStory(container);
      }
    });
  }

  it('the empty inbox offers the next step, and focus goes to the form it opens', async () => {
    const container = await renderStory(inboxStories as unknown as StoryModule, 'EmptyInbox', 'light');
    try {
      const inbox = container.querySelector('engage-message-inbox')!;
      const action = inbox.shadowRoot!.querySelector<HTMLButtonElement>('[part~="empty-action"]')!;
      expect(action.textContent!.trim()).to.equal('New message');
      action.focus();
      action.click();
      await waitFor(() => inbox.shadowRoot!.activeElement?.id === 'new-title', 'focus on the new message form');
    } finally {
      removeStory(container);
    }
  });
});
