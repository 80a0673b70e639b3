/**
 * Every appointments and appointment-queue story axe-clean in light and dark (en and es
 * stories included), each shows what it says, and the narrow ones reflow at 320 px.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as patientStories from '../../stories/appointments.stories.js';
import * as queueStories from '../../stories/appointment-queue.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { waitFor } from './helpers.js';

axeEveryStory(patientStories as unknown as StoryModule);
axeEveryStory(queueStories as unknown as StoryModule);

/** Renders a story as Storybook does and waits for `words` in the element. */
async function shows(module: StoryModule, name: string, tag: string, words: string, check?: (el: HTMLElement) => void): Promise<void> {
  const meta = module.default;
  const story = module[name] as { args?: Record<string, unknown> };
  const container = document.createElement('div');
  document.body.append(container);
  try {
    render(meta.render!({ ...meta.args, ...story.args } as never, {} as never) as TemplateResult, container);
    const el = container.querySelector<HTMLElement>(tag)!;
    const text = () => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
    await waitFor(() => text().includes(words), `${name}: "${words}"`);
    check?.(el);
  } finally {
    render(null, container);
    container.remove();
  }
}

const narrow = (el: HTMLElement) => {
  const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
  expect(base.scrollWidth).to.be.at.most(base.clientWidth);
  expect(base.getBoundingClientRect().width).to.be.at.most(320);
};

describe('appointments stories show what they say', () => {
  const p = patientStories as unknown as StoryModule;
  const q = queueStories as unknown as StoryModule;
  it('UpcomingAndPast', () => shows(p, 'UpcomingAndPast', 'engage-appointments', 'The clinic offered these times. Pick one to book it:'));
  it('NoVisits', () => shows(p, 'NoVisits', 'engage-appointments', 'You have no visits coming up.'));
  it('CancelInsideWindow', () => shows(p, 'CancelInsideWindow', 'engage-appointments', 'To change or cancel this visit now, please call 617-555-0100.'));
  it('Spanish', () => shows(p, 'Spanish', 'engage-appointments', 'La clínica le ofreció estas horas.'));
  it('Narrow reflows at 320 px', () => shows(p, 'Narrow', 'engage-appointments', 'Coming up', narrow));
  it('QueueWithRequests', () => shows(q, 'QueueWithRequests', 'engage-appointment-queue', 'Bo Chen'));
  it('DayList', () => shows(q, 'DayList', 'engage-appointment-queue', 'Ada Lovelace'));
  it('queue Narrow reflows at 320 px', () => shows(q, 'Narrow', 'engage-appointment-queue', 'Ada Lovelace', narrow));
});
