/**
 * What the demo's walk (test/node/demo-appointments.test.mjs) showed, pinned down on the
 * memory port: a clinic whose open slots lie further out than four weeks can still approve
 * a request into one when it sets the queue's `weeks-ahead`; the queue names the patient's
 * preferred days and times in words (it showed the codes "tue, morning"); and `<engage-appointments>`'
 * `refresh()` shows a decision the clinic made elsewhere (the demo calls it when the
 * patient side is shown again).
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/appointment-queue/appointment-queue.js';
import '../../src/elements/appointments/appointments.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { mountFrame, waitFor } from './helpers.js';
import { buildMemoryWorld, WORLD, WORLD_NOW } from './scheduling-world.js';

/** Fifteen weeks before the world's clock: every slot of the world is more than four weeks away. */
const EARLY = new Date(WORLD_NOW.getTime() - 15 * 7 * 24 * 3600_000);
const PATIENT = 'Patient/ada';
const NAME = 'Ada Weeks';

async function world() {
  const { options, built } = buildMemoryWorld();
  const port = new MemorySchedulingPort({ ...options, now: () => EARLY, patientNames: { [PATIENT]: NAME } });
  const request = await port.request(PATIENT, { visitType: built.types.consult, preferences: { days: ['wed'], times: ['morning'] }, note: 'Far out' }, { idempotencyKey: newIdempotencyKey() });
  return { port, built, request };
}

/** The consult slots of the world (the only ones a consult request can go into), counted from its data. */
const CONSULTS = WORLD.slots.filter((s) => s.type === 'consult' && !s.busy).length;

const slotInputs = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name^="slot-"]')];

describe('<engage-appointment-queue> weeks-ahead', () => {
  it('offers no slot four weeks ahead by default when the open slots lie further out', async () => {
    const { port } = await world();
    const frame = mountFrame(html`<engage-appointment-queue .adapter=${{ scheduling: port }} .session=${{ now: () => EARLY, locale: 'en' }}></engage-appointment-queue>`);
    const el = frame.querySelector('engage-appointment-queue')!;
    await waitFor(() => el.shadowRoot?.textContent?.includes(NAME), 'the request');
    expect(slotInputs(el)).to.have.length(0);
    expect(el.shadowRoot!.textContent).to.include('No open times in the next 28 days.');
  });

  it('says how far it looked: weeks-ahead="1" is the next 7 days', async () => {
    const { port } = await world();
    const frame = mountFrame(html`<engage-appointment-queue weeks-ahead="1" .adapter=${{ scheduling: port }} .session=${{ now: () => EARLY, locale: 'en' }}></engage-appointment-queue>`);
    const el = frame.querySelector('engage-appointment-queue')!;
    await waitFor(() => el.shadowRoot?.textContent?.includes(NAME), 'the request');
    expect(el.shadowRoot!.textContent).to.include('No open times in the next 7 days.');
  });

  it('with weeks-ahead="20" offers the consult slots, and approving books one', async () => {
    const { port, built, request } = await world();
    const frame = mountFrame(
      html`<engage-appointment-queue weeks-ahead="20" .adapter=${{ scheduling: port }} .session=${{ now: () => EARLY, locale: 'en' }}></engage-appointment-queue>`,
    );
    const el = frame.querySelector('engage-appointment-queue')!;
    await waitFor(() => slotInputs(el).length, 'the open times');
    expect(slotInputs(el)).to.have.length(CONSULTS);
    slotInputs(el)[0]!.click();
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('Save decision'))!.click();
    await waitFor(() => port.allAppointments.find((a) => a.id === request.id)?.status === 'booked', 'the booking');
    const booked = port.allAppointments.find((a) => a.id === request.id)!;
    expect(built.slots.filter((id, i) => WORLD.slots[i]!.type === 'consult')).to.include(booked.slotId);
    expect(port.allSlots.find((s) => s.id === booked.slotId)!.status).to.equal('busy');
  });
});

describe("<engage-appointment-queue> the patient's preferences", () => {
  for (const [locale, expected] of [
    ['en', 'Wednesday, Morning'],
    ['es', 'Miércoles, Mañana'],
  ] as const) {
    it(`names the preferred days and times in words (${locale}), not their codes`, async () => {
      const { port } = await world();
      const frame = mountFrame(
        html`<engage-appointment-queue lang=${locale} .adapter=${{ scheduling: port }} .session=${{ now: () => EARLY, locale }}></engage-appointment-queue>`,
      );
      const el = frame.querySelector('engage-appointment-queue')!;
      // the strings of the locale load on demand: wait for the row's own label in that language
      const label = locale === 'es' ? 'Prefiere' : 'Prefers';
      const row = await waitFor(() => [...(el.shadowRoot?.querySelectorAll('[part~="request"] dl > div') ?? [])].find((d) => d.querySelector('dt')?.textContent?.trim() === label), 'the preferences');
      expect(row.querySelector('dd')!.textContent!.trim()).to.equal(expected);
    });
  }
});

describe('<engage-appointments> refresh()', () => {
  it('shows a request the clinic approved elsewhere as booked', async () => {
    const { port, built, request } = await world();
    const frame = mountFrame(
      html`<engage-appointments weeks-ahead="20" .adapter=${{ scheduling: port }} .session=${{ now: () => EARLY, locale: 'en', patient: PATIENT }}></engage-appointments>`,
    );
    const el = frame.querySelector('engage-appointments')! as HTMLElement & { refresh(): Promise<unknown> };
    const cardOf = () => el.shadowRoot?.querySelector(`#appointment-${CSS.escape(request.id)}`);
    await waitFor(() => cardOf()?.textContent?.includes('Waiting for the clinic'), 'the request, waiting');
    const slotId = built.slots[WORLD.slots.findIndex((s) => s.type === 'consult')]!;
    const outcome = await port.decide(request.id, { action: 'approve', slotId }, { idempotencyKey: newIdempotencyKey() });
    expect(outcome.outcome).to.equal('saved');
    await el.refresh();
    await waitFor(() => cardOf()?.textContent?.includes('Booked'), 'the request, booked');
  });
});
