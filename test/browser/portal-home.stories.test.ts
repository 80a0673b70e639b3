/**
 * Every story of <engage-portal-home> and <engage-patient-switcher>: axe-clean in light and
 * dark (the Spanish stories in Spanish), shows the state it names, and reflows at 320 px
 * without horizontal scroll. Expected counts are counted here from the story data.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as homeStories from '../../stories/portal-home.stories.js';
import * as switcherStories from '../../stories/patient-switcher.stories.js';
import { schedulingData } from '../../stories/data/appointments.js';
import { sampleRequests } from '../../stories/data/refills.js';
import { STORY_NOW } from '../../stories/decorators.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { waitFor } from './helpers.js';

axeEveryStory(homeStories as unknown as StoryModule);
axeEveryStory(switcherStories as unknown as StoryModule);

const MODULES = { 'engage-portal-home': homeStories as unknown as StoryModule, 'engage-patient-switcher': switcherStories as unknown as StoryModule };
type Tag = keyof typeof MODULES;

async function withStory(tag: Tag, name: string, check: (el: HTMLElement, container: HTMLElement) => Promise<void>): Promise<void> {
  const module = MODULES[tag];
  const story = module[name] as { args?: Record<string, unknown> };
  const container = document.createElement('div');
  document.body.append(container);
  try {
    render(module.default.render!({ ...module.default.args, ...story.args } as never, {} as never) as TemplateResult, container);
    await check(container.querySelector<HTMLElement>(tag)!, container);
  } finally {
    render(null, container);
    container.remove();
  }
}

const words = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const card = (el: HTMLElement, key: string) => words(el.shadowRoot?.querySelector(`.card--${key}`));

/** From the story data: the refill requests being worked on, and the booked or pending visits still ahead on the stories' clock. */
const inProgress = sampleRequests().filter((r) => r.status === 'requested' || r.status === 'in-review').length;
const ahead = schedulingData().appointments!.filter((a) => (a.status === 'booked' || a.status === 'pending') && a.start && Date.parse(a.start) >= STORY_NOW().getTime()).length;

describe('portal home stories show what they say', () => {
  it('the story data has one refill request in progress and one visit ahead (the claims below count on it)', () => {
    expect([inProgress, ahead]).to.deep.equal([1, 1]);
  });

  it('Loading: the loading state', async () => {
    await withStory('engage-portal-home', 'Loading', async (el) => {
      await waitFor(() => el.shadowRoot?.querySelector('[part~="loading"]'), 'loading');
    });
  });

  it('SomethingOnEveryCard: a count on every card, each from its port', async () => {
    await withStory('engage-portal-home', 'SomethingOnEveryCard', async (el) => {
      await waitFor(() => el.shadowRoot?.querySelector('.cards'), 'the cards');
      // Grace has one message from her doctor she has not read, and one handout not opened
      expect(card(el, 'messages')).to.include('1 new message from your care team.');
      expect(card(el, 'refills')).to.include('1 refill request is being worked on.');
      expect(card(el, 'appointments')).to.include('1 visit is coming up.');
      expect(card(el, 'education')).to.include('Your care team sent you 1 thing to read.');
      // no vaccine on record at 56: the forecast finds some due; the screenings the rules find due
      expect(card(el, 'immunizations')).to.match(/\d+ vaccines? (is|are) due\./);
      expect(card(el, 'reminders')).to.match(/\d+ checkups? or tests? (is|are) due\./);
      expect(el.shadowRoot!.querySelectorAll('.card--attention').length).to.equal(6);
    });
  });

  it('VaccineRecordToCheck: the Vaccines card asks for a check of the record, and counts none', async () => {
    await withStory('engage-portal-home', 'VaccineRecordToCheck', async (el) => {
      await waitFor(() => el.shadowRoot?.querySelector('.cards'), 'the cards');
      expect(card(el, 'immunizations')).to.include('Ask your care team to check your vaccine record.').and.not.match(/due/);
      expect(el.shadowRoot!.querySelector('.card--immunizations')!.classList.contains('card--attention')).to.equal(false);
    });
  });

  it('SomeNotOffered: the visits and reading cards say they are not offered here; the others still count', async () => {
    await withStory('engage-portal-home', 'SomeNotOffered', async (el) => {
      await waitFor(() => el.shadowRoot?.querySelector('.cards'), 'the cards');
      expect(card(el, 'appointments')).to.include('Not offered here.');
      expect(card(el, 'education')).to.include('Not offered here.');
      expect(card(el, 'messages')).to.include('1 new message from your care team.');
    });
  });

  it('Spanish: the cards in Spanish', async () => {
    await withStory('engage-portal-home', 'Spanish', async (el) => {
      await waitFor(() => card(el, 'messages').includes('1 mensaje nuevo de su equipo de atención.'), 'Spanish');
    });
  });

  it('Narrow: no horizontal scroll at 320 px', async () => {
    await withStory('engage-portal-home', 'Narrow', async (el, container) => {
      await waitFor(() => el.shadowRoot?.querySelector('.cards'), 'the cards');
      const frame = container.querySelector<HTMLElement>('[data-width="320"]')!;
      expect(frame.scrollWidth).to.be.at.most(frame.clientWidth);
    });
  });
});

describe('patient switcher stories show what they say', () => {
  const radios = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll('input[type="radio"]')].map((r) => words((r as HTMLInputElement).labels?.[0]?.querySelector('.option__name')));

  it('Loading: the loading state', async () => {
    await withStory('engage-patient-switcher', 'Loading', async (el) => {
      await waitFor(() => el.shadowRoot?.querySelector('[part~="loading"]'), 'loading');
    });
  });

  for (const name of ['CaregiverOfTwo', 'ListFromHost']) {
    it(`${name}: whom Ana acts for, and a choice between her son and her father`, async () => {
      await withStory('engage-patient-switcher', name, async (el) => {
        await waitFor(() => el.shadowRoot?.querySelector('[part~="acting"]'), 'the acting line');
        expect(words(el.shadowRoot!.querySelector('[part~="acting"]'))).to.equal('Ana Gómez, for Lucas Gómez');
        expect(radios(el)).to.deep.equal(['Lucas Gómez', 'Jorge Ruiz']);
        expect(words(el.shadowRoot!.querySelector('fieldset'))).to.include('you are their mother').and.include('you are their daughter');
      });
    });
  }

  it('NoOneLinked: says so', async () => {
    await withStory('engage-patient-switcher', 'NoOneLinked', async (el) => {
      await waitFor(() => words(el.shadowRoot).includes('You are not linked to anyone else’s record.'), 'the empty state');
    });
  });

  it('Spanish: the relationship said from its code, in Spanish', async () => {
    await withStory('engage-patient-switcher', 'Spanish', async (el) => {
      await waitFor(() => words(el.shadowRoot).includes('usted es su madre'), 'Spanish');
      expect(words(el.shadowRoot!.querySelector('[part~="acting"]'))).to.equal('Ana Gómez, en nombre de Lucas Gómez');
    });
  });

  it('Narrow: no horizontal scroll at 320 px', async () => {
    await withStory('engage-patient-switcher', 'Narrow', async (el, container) => {
      await waitFor(() => el.shadowRoot?.querySelector('fieldset'), 'the choice');
      const frame = container.querySelector<HTMLElement>('[data-width="320"]')!;
      expect(frame.scrollWidth).to.be.at.most(frame.clientWidth);
    });
  });
});
