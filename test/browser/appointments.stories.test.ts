/**
 * Every appointments and appointment-queue story axe-clean in light and dark (en and es
 * stories included), each shows what it says, and the narrow ones reflow at 320 px. The
 * stories driven through the booking flow are checked in English (light) and Spanish (dark).
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as patientStories from '../../stories/appointments.stories.js';
import * as queueStories from '../../stories/appointment-queue.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { mountFrame, setTimeZone, shadowText, waitFor } from './helpers.js';
import { applyLocale } from '../../src/core/localization.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { APPOINTMENT_PATIENT, schedulingData } from '../../stories/data/appointments.js';
import { STORY_NOW } from '../../stories/decorators.js';

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
  it('WaitingForAnswers', () =>
    shows(p, 'WaitingForAnswers', 'engage-appointments', 'Not confirmed yet', (el) => {
      const text = (el.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ');
      expect(text).to.include('Waiting for your answer');
      // the clinic has not confirmed: nothing to pick, nothing to withdraw
      expect(text).to.not.include('The clinic offered these times');
      expect(text).to.not.include('Withdraw request');
    }));
  it('Spanish', () => shows(p, 'Spanish', 'engage-appointments', 'La clínica le ofreció estas horas.'));
  it('Narrow reflows at 320 px', () => shows(p, 'Narrow', 'engage-appointments', 'Coming up', narrow));
  it('Loading', () =>
    shows(p, 'Loading', 'engage-appointments', 'Loading your visits…', (el) => expect(el.shadowRoot!.querySelector('[part~="loading"]') !== null, 'the loading part').to.equal(true)));
  it('LoadFailed', () =>
    shows(p, 'LoadFailed', 'engage-appointments', 'Try again', (el) => {
      expect(el.shadowRoot!.querySelector('[part~="error"]') !== null, 'the error part').to.equal(true);
      expect(el.shadowRoot!.querySelector('[part~="retry-button"]') !== null, 'a retry button').to.equal(true);
    }));
  it('QueueWithRequests', () => shows(q, 'QueueWithRequests', 'engage-appointment-queue', 'Bo Chen'));
  it('EmptyQueue', () => shows(q, 'EmptyQueue', 'engage-appointment-queue', 'No requests are waiting.'));
  it('RequestWithoutVisitType', () =>
    shows(q, 'RequestWithoutVisitType', 'engage-appointment-queue', 'The request names no visit type. Choose one to see its open times.', (el) => {
      expect(el.shadowRoot!.querySelectorAll('select[id^="type-"]').length, 'one visit-type choice').to.equal(1);
    }));
  it('queue Spanish', () => shows(q, 'Spanish', 'engage-appointment-queue', 'Pedidos de citas'));
  it('DayList', () => shows(q, 'DayList', 'engage-appointment-queue', 'Ada Lovelace'));
  it('queue Narrow reflows at 320 px', () => shows(q, 'Narrow', 'engage-appointment-queue', 'Ada Lovelace', narrow));
});

/*
 * The stories a driver clicks through (stories/data/appointments-drive.ts): each one, in
 * light and dark and in English and Spanish, reaches the state it names and is then
 * axe-clean. Expected times come from the stories' data, not from the element.
 */
type Locale = 'en' | 'es';
interface DrivenState {
  /** Words the state shows, per language. */
  words: Record<Locale, string[]>;
  /** Further checks once the words show. */
  check?: (el: HTMLElement, locale: Locale) => void;
}

const rootOf = (el: HTMLElement) => el.shadowRoot!;
const texts = (el: HTMLElement, selector: string) => [...rootOf(el).querySelectorAll(selector)].map((n) => (n.textContent ?? '').replace(/\s+/g, ' ').trim());
/** Ana's open checkups at the Boston clinic in the stories' data, earliest first. */
const anaBoston = () =>
  schedulingData()
    .slots!.filter((s) => s.status === 'free' && s.clinician?.ref === 'Practitioner/story-ana' && s.location?.ref === 'Location/story-harbor' && s.visitTypes?.includes('checkup'))
    .filter((s) => Date.parse(s.start) > STORY_NOW().getTime())
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
const inBoston = (instant: string, options: Intl.DateTimeFormatOptions, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'es' ? 'es' : 'en-US', { timeZone: 'America/New_York', ...options }).format(new Date(instant));
const bostonDate = (instant: string) => inBoston(instant, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en').replace(/(\d+)\/(\d+)\/(\d+)/, '$3-$1-$2');
/** What the review shows of the first open time: its date and clock time in Boston. */
const firstSlotWords = (locale: Locale) => {
  const first = anaBoston()[0]!;
  return [inBoston(first.start, { month: 'short', day: 'numeric', year: 'numeric' }, locale), inBoston(first.start, { hour: 'numeric', minute: '2-digit' }, locale)];
};
const checked = (el: HTMLElement) => [...rootOf(el).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].map((box) => box.checked);
const noteKept = (el: HTMLElement) => {
  expect(checked(el)).to.deep.equal([false, true, false, true, false, true, false, false]);
  expect(rootOf(el).querySelector<HTMLTextAreaElement>('#note')!.value).to.equal('My knee hurts on stairs.');
};

const DRIVEN: Record<string, DrivenState> = {
  ChooseVisitType: {
    words: { en: ['What is the visit for?', 'Checkup', 'New problem consult — ask the clinic'], es: ['¿Para qué es la visita?', 'pídala a la clínica'] },
    check: (el) => expect(rootOf(el).querySelectorAll('ul.choices button')).to.have.length(2),
  },
  ChooseClinician: {
    words: { en: ['Who would you like to see?'], es: ['¿A quién quiere ver?'] },
    check: (el, locale) =>
      expect(texts(el, 'ul.choices button')).to.deep.equal([locale === 'es' ? 'El primero disponible' : 'First available', 'Dr. Ana Lee', 'Dr. Ben Ortiz']),
  },
  ChooseLocation: {
    words: { en: ['Where?', 'Any location'], es: ['¿Dónde?', 'Cualquier lugar'] },
    check: (el) => expect(texts(el, 'ul.choices button').slice(1)).to.deep.equal(['Harbor Family Clinic — 1 Harbor Street, Boston, MA', 'Peak Health Center — 9 Ridge Road, Denver, CO']),
  },
  PickDay: {
    words: { en: ['Pick a day'], es: ['Elija un día'] },
    check: (el) => {
      expect(rootOf(el).querySelector('[role="grid"]') !== null, 'a calendar grid').to.equal(true);
      expect(rootOf(el).querySelector('td.open')!.getAttribute('data-date')).to.equal(bostonDate(anaBoston()[0]!.start));
    },
  },
  PickTime: {
    words: { en: ['Times on'], es: ['Horas el'] },
    check: (el, locale) => {
      const day = bostonDate(anaBoston()[0]!.start);
      const expected = anaBoston()
        .filter((s) => bostonDate(s.start) === day)
        .map((s) => inBoston(s.start, { hour: 'numeric', minute: '2-digit' }, locale));
      expect(texts(el, 'ul.times button')).to.deep.equal(expected);
    },
  },
  Review: {
    words: { en: ['Check and book', 'Checkup', 'Dr. Ana Lee', 'Harbor Family Clinic', 'Book this visit'], es: ['Revise y reserve', 'Reservar esta visita'] },
    check: (el, locale) => {
      const when = texts(el, 'dl.review dd')[1]!;
      for (const part of firstSlotWords(locale)) expect(when).to.include(part);
    },
  },
  Booking: {
    words: { en: ['Booking…'], es: ['Reservando…'] },
    check: (el) => expect(rootOf(el).querySelector('#confirm')!.getAttribute('aria-disabled')).to.equal('true'),
  },
  JustTaken: {
    words: { en: ['Sorry, someone just booked that time. Here are the closest open times:'], es: ['Lo sentimos, alguien acaba de reservar esa hora.'] },
    check: (el, locale) => {
      const taken = rootOf(el).querySelector('#taken')!;
      expect(taken.getAttribute('role')).to.equal('alert');
      // the nearest open time is the next one of the same clinician and place
      const next = anaBoston()[1]!;
      expect(texts(el, '#taken button')[0]).to.include(inBoston(next.start, { hour: 'numeric', minute: '2-digit' }, locale));
    },
  },
  BookFailed: {
    words: { en: ['The visit was not booked.', 'Dr. Ana Lee', 'Book this visit'], es: ['La visita no se reservó.', 'Reservar esta visita'] },
    check: (el, locale) => {
      expect(rootOf(el).querySelector('#book-error')!.getAttribute('role')).to.equal('alert');
      expect(rootOf(el).querySelector('#confirm')!.getAttribute('aria-disabled')).to.equal('false');
      for (const part of firstSlotWords(locale)) expect(texts(el, 'dl.review dd')[1]).to.include(part);
    },
  },
  RequestInstead: {
    words: { en: ['Ask for a visit: New problem consult', 'Send request'], es: ['Pedir una visita: New problem consult', 'Enviar el pedido'] },
    check: noteKept,
  },
  RequestFailed: {
    words: { en: ['Your request was not sent.', 'Send request'], es: ['Su pedido no se envió.', 'Enviar el pedido'] },
    check: (el) => {
      noteKept(el);
      expect(rootOf(el).querySelector('#request-error')!.getAttribute('role')).to.equal('alert');
    },
  },
  Reschedule: {
    words: { en: ['Check and book', 'Move my visit to this time'], es: ['Revise y reserve', 'Mover mi visita a esta hora'] },
    check: (el, locale) => {
      for (const part of firstSlotWords(locale)) expect(texts(el, 'dl.review dd')[1]).to.include(part);
    },
  },
  CancelConfirm: {
    words: { en: ['Yes, cancel this visit', 'Keep it'], es: ['Sí, cancelar esta visita', 'Mantenerla'] },
    check: (el) => expect(rootOf(el).activeElement?.id).to.equal('confirm-story-booked'),
  },
};

/** Renders a story with `extra` args and waits for the state it names. */
async function drivenStory(name: string, extra: Record<string, unknown>, locale: Locale): Promise<{ el: HTMLElement; container: HTMLElement }> {
  const meta = (patientStories as unknown as StoryModule).default;
  const story = (patientStories as unknown as StoryModule)[name] as { args?: Record<string, unknown> };
  const container = mountFrame();
  render(meta.render!({ ...meta.args, ...story.args, locale, ...extra } as never, {} as never) as TemplateResult, container);
  const el = container.querySelector<HTMLElement>('engage-appointments')!;
  const state = DRIVEN[name]!;
  await waitFor(() => state.words[locale].every((w) => shadowText(el).includes(w)), `${name} (${locale}): ${state.words[locale].join(' / ')}`);
  state.check?.(el, locale);
  return { el, container };
}

describe('appointments stories driven to each state', () => {
  before(() => setTimeZone('UTC'));
  afterEach(() => applyLocale('en'));

  it('every story that drives the element is covered here', () => {
    const drivenStories = Object.entries(patientStories).filter(([, s]) => (s as { args?: { drive?: string } }).args?.drive);
    expect(drivenStories.map(([name]) => name).sort()).to.deep.equal(Object.keys(DRIVEN).sort());
  });

  // each state once per language and once per theme (English light, Spanish dark): the
  // theme changes only colours and the language only words, so the other two pairings
  // would drive the whole booking flow again to check nothing new
  for (const name of Object.keys(DRIVEN)) {
    for (const [locale, theme] of [['en', 'light'], ['es', 'dark']] as const) {
      it(`${name} (${locale}, ${theme}) shows its state and is axe-clean`, async () => {
        const { container } = await drivenStory(name, { theme }, locale);
        await expect(container).to.be.accessible();
        render(null, container);
      });
    }
  }

  it('BookFailed: trying again once the server answers books the visit kept on the review', async () => {
    const adapter = createMemoryAdapter({ scheduling: { ...schedulingData(), writes: { failWith: 'network' } } });
    const { el } = await drivenStory('BookFailed', { adapter }, 'en');
    adapter.scheduling.writeSimulation = {};
    rootOf(el).querySelector<HTMLButtonElement>('#confirm')!.click();
    await waitFor(() => rootOf(el).querySelector('[role="status"]')!.textContent!.includes('Booked:'), 'the booking announced');
    const first = anaBoston()[0]!;
    const mine = adapter.scheduling.allAppointments.filter((a) => a.patient === APPOINTMENT_PATIENT && a.status === 'booked');
    expect(mine.map((a) => a.slotId).sort()).to.deep.equal(['story-slot-ana-3-0900', first.id].sort());
  });

  it('RequestFailed: trying again sends the days, times and note that were kept', async () => {
    const adapter = createMemoryAdapter({ scheduling: { ...schedulingData(false), writes: { failWith: 'network' } } });
    const { el } = await drivenStory('RequestFailed', { adapter }, 'en');
    adapter.scheduling.writeSimulation = {};
    rootOf(el).querySelector<HTMLButtonElement>('.actions button.primary')!.click();
    await waitFor(() => shadowText(el).includes('Waiting for the clinic'), 'the request in the list');
    const [request] = adapter.scheduling.allAppointments;
    expect(request!.preferences).to.deep.equal({ days: ['tue', 'thu'], times: ['morning'] });
    expect(request!.note).to.equal('My knee hurts on stairs.');
  });

  it('JustTaken: the time went to another patient, not to the story patient', async () => {
    const adapter = createMemoryAdapter({ scheduling: schedulingData() });
    await drivenStory('JustTaken', { adapter }, 'en');
    const holder = adapter.scheduling.allAppointments.find((a) => a.slotId === anaBoston()[0]!.id);
    expect(holder?.patient).to.equal('Patient/story-quick');
  });
});
