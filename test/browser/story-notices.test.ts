/**
 * The stories of the notices a patient meets when a write lands on a record that changed
 * since it was shown: the refill request the care team answered before the patient's edited
 * retry, the offered time answered after the clinic booked another, and the booking retried
 * after the clinic cancelled what its lost first try booked. Each story gets there through
 * its `play` function (as Storybook runs it): clicks on the element, and the memory
 * adapter's own lost answer and the care team's or clinic's write in between. The generic
 * story checks (stories-axe.ts) see these stories before they play; here each one, in
 * English (light) and Spanish (dark), reaches its notice, says it in the element's words,
 * leaves the record as the server decided, and is axe-clean there. Expected words are the
 * string tables' and the stories' data, not the element's output.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as refillStories from '../../stories/refill-request.stories.js';
import * as appointmentStories from '../../stories/appointments.stories.js';
import { CARE_TEAM_REASON, FIRST_NOTE, RETRY_NOTE, RETRIED_PRESCRIPTION } from '../../stories/data/refill-decided.js';
import { CLINIC_BOOKED_SLOT, PATIENT_PICKED_SLOT, PROPOSED_REQUEST } from '../../stories/data/appointments-changed.js';
import { APPOINTMENT_PATIENT, schedulingData } from '../../stories/data/appointments.js';
import { REFILL_PATIENT, refillData, samplePrescriptions, sampleRequests } from '../../stories/data/refills.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import { applyLocale } from '../../src/core/localization.js';
import type { StoryModule } from './stories-axe.js';
import { mountFrame, setTimeZone, shadowText, waitFor } from './helpers.js';

type Locale = 'en' | 'es';
type PlayedStory = { args?: Record<string, unknown>; render?: (args: never, context: never) => unknown; play?: (context: { canvasElement: HTMLElement }) => Promise<void> };

const words = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * Renders a story as Storybook does (its render, the meta's args, the story's args) with
 * `extra` args, and runs its `play` function on the canvas, as Storybook does after render.
 */
async function play(module: StoryModule, name: string, tag: string, extra: Record<string, unknown>): Promise<{ el: HTMLElement; container: HTMLElement }> {
  const meta = module.default;
  const story = module[name] as PlayedStory | undefined;
  expect(story, `story ${name}`).to.not.equal(undefined);
  expect(typeof story!.play, `${name} has a play function`).to.equal('function');
  const container = mountFrame();
  render((story!.render ?? meta.render!)({ ...meta.args, ...story!.args, ...extra } as never, {} as never) as TemplateResult, container);
  await story!.play!({ canvasElement: container });
  return { el: container.querySelector<HTMLElement>(tag)!, container };
}

const THEMED: [Locale, 'light' | 'dark'][] = [
  ['en', 'light'],
  ['es', 'dark'],
];

describe('story notices: each story plays to its notice', function () {
  before(() => setTimeZone('UTC'));
  afterEach(() => applyLocale('en'));

  describe('refill request › AnsweredBeforeRetry', () => {
    const NOTICE: Record<Locale, { title: string; body: string; denied: string; reason: string; kept: string }> = {
      en: {
        title: 'Your care team already answered this request.',
        body: 'So we did not change it, and your changes were not sent.',
        denied: 'Denied',
        reason: 'Reason:',
        kept: 'What you wrote is still here. You can send it as a new request, or send your care team a message.',
      },
      es: {
        title: 'Su equipo de salud ya respondió a esta solicitud.',
        body: 'Por eso no la cambiamos, y sus cambios no se enviaron.',
        denied: 'Rechazada',
        reason: 'Motivo:',
        kept: 'Lo que escribió sigue aquí. Puede enviarlo como una solicitud nueva o mandarle un mensaje a su equipo de salud.',
      },
    };
    const medication = samplePrescriptions().find((p) => p.id === RETRIED_PRESCRIPTION)!.medication.text;

    for (const [locale, theme] of THEMED) {
      it(`${locale}, ${theme}: the care team's answer, the edited note kept, the decision unchanged; axe-clean`, async () => {
        const adapter = createMemoryAdapter({ refills: refillData() });
        const { el, container } = await play(refillStories as unknown as StoryModule, 'AnsweredBeforeRetry', 'engage-refill-request', { locale, theme, adapter });
        const t = NOTICE[locale];
        // the element renders in English until its language's strings have loaded, then again
        const notice = await waitFor(() => {
          const shown = el.shadowRoot?.querySelector('#decided-notice');
          return words(shown).startsWith(t.title) && shown;
        }, `the decided notice, in ${locale}`);
        expect(words(notice)).to.equal(`${t.title} ${t.body} ${medication}: ${t.denied}. ${t.reason} ${CARE_TEAM_REASON} ${t.kept}`);
        expect(notice.getAttribute('role')).to.equal('alert');
        expect(el.shadowRoot!.activeElement?.id, 'focus on the notice').to.equal('decided-notice');
        // what the patient edited is still on the form, the medicine still chosen
        expect(el.shadowRoot!.querySelector<HTMLTextAreaElement>('#note')!.value).to.equal(RETRY_NOTE);
        expect(el.shadowRoot!.querySelector<HTMLInputElement>(`#rx-${RETRIED_PRESCRIPTION}`)!.checked).to.equal(true);
        // the decision stands as made, on what the first try stored; the retry wrote nothing
        const earlier = new Set(sampleRequests().map((r) => r.id));
        const mine = adapter.refills.allRequests.filter((r) => r.patient === REFILL_PATIENT && !earlier.has(r.id));
        expect(mine.map((r) => [r.status, r.note, r.statusReason])).to.deep.equal([['denied', FIRST_NOTE, CARE_TEAM_REASON]]);
        await expect(container).to.be.accessible();
        render(null, container);
      });
    }
  });

  describe('appointments › ChangedSinceShown', () => {
    const FAILED: Record<Locale, string> = {
      en: 'That did not go through. This visit changed since it was shown. It now shows as it is.',
      es: 'No se pudo hacer. Esta visita cambió desde que se mostró. Ahora se muestra como está.',
    };
    const BOOKED: Record<Locale, string> = { en: 'Booked', es: 'Reservada' };
    const slot = schedulingData().slots!.find((s) => s.id === CLINIC_BOOKED_SLOT)!;
    const inClinicZone = (options: Intl.DateTimeFormatOptions, locale: Locale) =>
      new Intl.DateTimeFormat(locale === 'es' ? 'es' : 'en-US', { timeZone: slot.location!.timeZone, ...options }).format(new Date(slot.start));

    for (const [locale, theme] of THEMED) {
      it(`${locale}, ${theme}: the card says the visit changed and shows the time the clinic booked; axe-clean`, async () => {
        const adapter = createMemoryAdapter({ scheduling: schedulingData() });
        const { el, container } = await play(appointmentStories as unknown as StoryModule, 'ChangedSinceShown', 'engage-appointments', { locale, theme, adapter });
        const alert = await waitFor(() => {
          const shown = el.shadowRoot?.querySelector(`#failed-${PROPOSED_REQUEST}`);
          return words(shown) === FAILED[locale] && shown;
        }, `the changed-since message, in ${locale}`);
        expect(words(alert)).to.equal(FAILED[locale]);
        expect(alert.getAttribute('role')).to.equal('alert');
        // the card shows the request as it is now: booked by the clinic at its time, no offer left
        const card = el.shadowRoot!.querySelector(`#appointment-${PROPOSED_REQUEST}`)!;
        await waitFor(() => !card.querySelector('button.proposal') && words(card).includes(slot.clinician!.name), 'the card as the record is');
        const text = words(card);
        for (const part of [BOOKED[locale], slot.clinician!.name, slot.location!.name, inClinicZone({ hour: 'numeric', minute: '2-digit' }, locale)]) expect(text).to.include(part);
        // the record: the clinic's booking stands, the time the patient picked is still free
        const held = adapter.scheduling.allAppointments.find((a) => a.id === PROPOSED_REQUEST)!;
        expect([held.status, held.slotId]).to.deep.equal(['booked', CLINIC_BOOKED_SLOT]);
        expect(adapter.scheduling.allSlots.find((s) => s.id === PATIENT_PICKED_SLOT)!.status).to.equal('free');
        await expect(container).to.be.accessible();
        render(null, container);
      });
    }
  });

  describe('appointments › BookedThenCancelled', () => {
    const FAILED: Record<Locale, string> = {
      en: 'The visit was not booked. An earlier try booked a visit, and it was cancelled or moved since. Check your visits. To book this time, press the button again.',
      es: 'La visita no se reservó. Un intento anterior reservó una visita, y después se canceló o se cambió. Revise sus visitas. Para reservar esta hora, pulse el botón otra vez.',
    };
    /** The patient's bookings other than the visit the stories' data starts with. */
    const newBookings = (adapter: MemoryAdapter) => adapter.scheduling.allAppointments.filter((a) => a.patient === APPOINTMENT_PATIENT && a.id !== 'story-booked' && a.slotId);

    for (const [locale, theme] of THEMED) {
      it(`${locale}, ${theme}: the review says the earlier try's visit was cancelled; pressing again books the time; axe-clean`, async () => {
        const adapter = createMemoryAdapter({ scheduling: schedulingData() });
        const { el, container } = await play(appointmentStories as unknown as StoryModule, 'BookedThenCancelled', 'engage-appointments', { locale, theme, adapter });
        await waitFor(() => words(el.shadowRoot?.querySelector('#book-error')) === FAILED[locale] || undefined, `"${FAILED[locale]}"`);
        expect(el.shadowRoot!.querySelector('#book-error')!.getAttribute('role')).to.equal('alert');
        expect(el.shadowRoot!.querySelector('#confirm')!.getAttribute('aria-disabled'), 'the button to book again').to.equal('false');
        // the record: the first try's visit, cancelled by the clinic, and nothing else
        const [first, ...others] = newBookings(adapter);
        expect(others).to.have.length(0);
        expect(first!.status).to.equal('cancelled');
        await expect(container).to.be.accessible();

        // a new press is a new booking of the same time, which the cancellation freed
        el.shadowRoot!.querySelector<HTMLButtonElement>('#confirm')!.click();
        await waitFor(() => newBookings(adapter).length === 2 || undefined, 'the new booking');
        const [, again] = newBookings(adapter);
        expect([again!.status, again!.slotId]).to.deep.equal(['booked', first!.slotId]);
        await waitFor(() => !el.shadowRoot!.querySelector('#book-error') && shadowText(el).length > 0, 'the flow closed');
        render(null, container);
      });
    }
  });
});
