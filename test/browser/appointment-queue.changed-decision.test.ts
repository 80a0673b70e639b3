/**
 * <engage-appointment-queue> when a decision's answer is lost and the clinician changes it
 * (docs/write-protocol.md §1): the queue keeps one WriteIntent per request, the changed
 * decision carries `replaces`, and the port holds the decision the clinician last saw. And when the times of a chosen visit
 * type fail to load, the card says so in an alert with "Try again" (English and Spanish).
 *
 * Over the memory port on the clinic of scheduling-world.ts; what is stored is read from the
 * port's own records, the expected times from the world's data.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/appointment-queue/appointment-queue.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import type { Appointment, SchedulingPort, SlotQuery } from '../../src/adapters/ports.js';
import { EngageError } from '../../src/core/errors.js';
import { mountFrame, settled, shadowText, waitFor } from './helpers.js';
import { buildMemoryWorld, WORLD, WORLD_NOW } from './scheduling-world.js';

type El = HTMLElement & { updateComplete: Promise<unknown> };
const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();
const root = (el: Element) => el.shadowRoot!;
const announced = (el: Element) => text(root(el).querySelector('[role="status"]')!);
const cardOf = (el: Element, name: string) => [...root(el).querySelectorAll<HTMLElement>('[part~="request"]')].find((a) => text(a.querySelector('.subtitle')!).startsWith(name));
const slotInputs = (card: Element | undefined) => [...(card?.querySelectorAll<HTMLInputElement>('input[name^="slot-"]') ?? [])];
const button = (card: Element, label: string) => [...card.querySelectorAll('button')].find((b) => text(b) === label)!;
/** The card's alerts (none while the queue reloads and the card is not shown). */
const alertText = (card: Element | undefined) => [...(card?.querySelectorAll('[role="alert"]') ?? [])].map(text).join(' | ');

async function mountQueue(port: SchedulingPort, name: string, lang = 'en'): Promise<El> {
  const frame = mountFrame(html`<engage-appointment-queue lang=${lang} .adapter=${{ scheduling: port }} .session=${{ now: () => WORLD_NOW, locale: lang }}></engage-appointment-queue>`);
  const el = frame.querySelector<El>('engage-appointment-queue')!;
  await waitFor(() => cardOf(el, name)?.querySelector('input[name^="action-"]'), 'the request');
  if (lang === 'es') await waitFor(() => shadowText(el).includes('Pedidos de citas'), 'the Spanish strings');
  return el;
}

/** The world's free checkups, earliest first, as the queue lists them (ids are `slot-<index>` in memory). */
const freeCheckups = WORLD.slots
  .map((s, i) => ({ ...s, id: `slot-${i}` }))
  .filter((s) => s.type === 'checkup' && !s.busy)
  .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));

const NAME = 'Rosa Diaz';
const checkupRequest = (): Appointment => ({
  id: 'req-checkup',
  status: 'requested',
  patient: 'Patient/rosa',
  patientName: NAME,
  created: '2027-02-28T10:00:00Z',
  visitType: { id: 'checkup', name: WORLD.types.checkup.name },
  version: '1',
});

async function pickAndSave(el: El, index: number): Promise<void> {
  slotInputs(cardOf(el, NAME))[index]!.click();
  await settled(el);
  button(cardOf(el, NAME)!, 'Save decision').click();
  await el.updateComplete; // the card shows the save under way, not the last one's answer
}

describe('<engage-appointment-queue>: a decision changed after its answer was lost', () => {
  it('booked into one time, answer lost, then into another: the request holds the second time and the first is free', async () => {
    const { options } = buildMemoryWorld();
    const port = new MemorySchedulingPort({ ...options, appointments: [checkupRequest()] });
    const el = await mountQueue(port, NAME);
    expect(slotInputs(cardOf(el, NAME))).to.have.length(freeCheckups.length);
    const [first, second] = freeCheckups;
    port.loseAnswers(1);
    await pickAndSave(el, 0);
    await waitFor(() => alertText(cardOf(el, NAME)).includes('The decision was not saved.'), 'the failure');
    // what the clinician no longer wants landed
    expect(port.allSlots.find((s) => s.id === first!.id)!.status).to.equal('busy');

    await pickAndSave(el, 1);
    await waitFor(() => announced(el) === 'Decision saved.', 'the announcement');
    const held = port.allAppointments.find((a) => a.id === 'req-checkup')!;
    expect([held.status, held.slotId]).to.deep.equal(['booked', second!.id]);
    expect(port.allSlots.filter((s) => s.id === first!.id || s.id === second!.id).map((s) => `${s.id}:${s.status}`)).to.deep.equal([
      `${first!.id}:free`,
      `${second!.id}:busy`,
    ]);
  });

  it('changed twice, each answer lost, then a third time: the request holds the third, the other times are free', async () => {
    const { options } = buildMemoryWorld();
    const port = new MemorySchedulingPort({ ...options, appointments: [checkupRequest()] });
    const el = await mountQueue(port, NAME);
    for (const index of [0, 1]) {
      port.loseAnswers(1);
      await pickAndSave(el, index);
      await waitFor(() => alertText(cardOf(el, NAME)).includes('The decision was not saved.') && !cardOf(el, NAME)!.querySelector('[aria-disabled="true"]'), 'the failure');
    }
    await pickAndSave(el, 2);
    await waitFor(() => announced(el) === 'Decision saved.', 'the announcement');
    const held = port.allAppointments.find((a) => a.id === 'req-checkup')!;
    expect([held.status, held.slotId]).to.deep.equal(['booked', freeCheckups[2]!.id]);
    expect(port.allSlots.filter((s) => s.status === 'busy' && freeCheckups.some((c) => c.id === s.id)).map((s) => s.id)).to.deep.equal([freeCheckups[2]!.id]);
  });

  it('booked into one time, answer lost, then into another that was just taken: the clinician is told the earlier booking stands, and when', async () => {
    const { options } = buildMemoryWorld();
    const port = new MemorySchedulingPort({ ...options, appointments: [checkupRequest()] });
    const el = await mountQueue(port, NAME);
    const [first, second] = freeCheckups;
    port.loseAnswers(1);
    await pickAndSave(el, 0);
    await waitFor(() => alertText(cardOf(el, NAME)).includes('The decision was not saved.') && !cardOf(el, NAME)!.querySelector('[aria-disabled="true"]'), 'the failure');
    // another patient books the second time before the clinician's changed decision
    const other = await port.book('Patient/other', { slotId: second!.id, visitType: 'checkup' }, { idempotencyKey: 'other-booking' });
    expect(other.outcome).to.equal('booked');
    await pickAndSave(el, 1);
    await waitFor(() => announced(el).startsWith('That time was just taken. The earlier decision stands: booked for'), 'the announcement');
    // what is stored: the earlier decision, booked into the first time
    const held = port.allAppointments.find((a) => a.id === 'req-checkup')!;
    expect([held.status, held.slotId]).to.deep.equal(['booked', first!.id]);
    expect(announced(el)).to.include(new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: held.location?.timeZone ?? 'UTC' }).format(new Date(first!.start)));
  });
});

/** The memory port whose `slots` fails while `failing` is set (a dropped connection). */
class FlakySlots extends MemorySchedulingPort {
  failing = false;
  override async slots(query: SlotQuery, options?: { signal?: AbortSignal }) {
    if (this.failing) throw new EngageError('network', 'Simulated dropped connection.');
    return super.slots(query, options);
  }
}

const noTypeRequest = (): Appointment => ({ ...checkupRequest(), id: 'req-no-type', visitType: undefined });

describe('<engage-appointment-queue>: the times of a chosen visit type fail to load', () => {
  for (const [lang, words] of [
    ['en', { failed: 'The open times could not be loaded.', retry: 'Try again' }],
    ['es', { failed: 'No se pudieron cargar las horas libres.', retry: 'Intentar de nuevo' }],
  ] as const) {
    it(`says so in an alert with "${words.retry}", which loads them, focus on the first time (${lang})`, async () => {
      const { options } = buildMemoryWorld();
      const port = new FlakySlots({ ...options, appointments: [noTypeRequest()] });
      const el = await mountQueue(port, NAME, lang);
      port.failing = true;
      const select = cardOf(el, NAME)!.querySelector('select')!;
      select.value = 'checkup';
      select.dispatchEvent(new Event('change'));
      const alert = await waitFor(() => cardOf(el, NAME)!.querySelector('[role="alert"]'), 'the alert');
      expect(text(alert)).to.include(words.failed);
      await expect(el).to.be.accessible();
      const retry = [...alert.querySelectorAll('button')].find((b) => text(b) === words.retry);
      expect(Boolean(retry), 'a retry button in the alert').to.equal(true);

      port.failing = false;
      retry!.focus();
      retry!.click();
      await waitFor(() => slotInputs(cardOf(el, NAME)).length === freeCheckups.length, 'the times');
      await settled(el);
      expect(cardOf(el, NAME)!.querySelector('[role="alert"]')).to.equal(null);
      expect(root(el).activeElement === slotInputs(cardOf(el, NAME))[0], 'focus on the first time listed').to.equal(true);
      expect(shadowText(el)).not.to.include(words.failed);
    });
  }
});
