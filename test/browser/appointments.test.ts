/**
 * <engage-appointments> over the memory port, on the world of scheduling-world.ts, with
 * the browser in UTC-10, UTC, UTC+5:30 and UTC+14: clinic-local times (labelled with the
 * zone) are the instants the backend holds, before and after the US DST change, the
 * viewer's own time is added when it differs; the calendar grid by keyboard; a time taken
 * by someone else; the cancellation window; Spanish; axe.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/appointments/appointments.js';
import type { EngageAppointments } from '../../src/elements/appointments/appointments.component.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { setTimeZone, settled, shadowText, waitFor } from './helpers.js';
import { buildMemoryWorld, WORLD_NOW } from './scheduling-world.js';

const PATIENT = 'Patient/ada';

async function setup(now = WORLD_NOW, lang = 'en') {
  const { options, built } = buildMemoryWorld();
  const port = new MemorySchedulingPort({ ...options, now: () => now });
  const el = await mount<EngageAppointments>(
    html`<engage-appointments
      lang=${lang}
      .adapter=${{ scheduling: port }}
      .session=${{ patient: PATIENT, now: () => now }}
    ></engage-appointments>`,
  );
  await settled(el);
  return { el, port, built };
}

const root = (el: EngageAppointments) => el.shadowRoot!;
const buttonByText = (el: EngageAppointments, text: string) =>
  [...root(el).querySelectorAll('button')].find((b) => (b.textContent ?? '').replace(/\s+/g, ' ').includes(text));

async function click(el: EngageAppointments, text: string) {
  const button = await waitFor(() => buttonByText(el, text), `button "${text}"`);
  button.click();
  await settled(el);
}

/** Expected viewer-time text per zone, from the stored instants 2027-03-12T14:00Z and 2027-03-15T13:00Z. */
const ZONES = [
  { zone: 'Pacific/Honolulu', before: 'Fri, Mar 12, 2027, 4:00 AM HST', after: 'Mon, Mar 15, 2027, 3:00 AM HST' },
  { zone: 'UTC', before: 'Fri, Mar 12, 2027, 2:00 PM UTC', after: 'Mon, Mar 15, 2027, 1:00 PM UTC' },
  { zone: 'Asia/Kolkata', before: 'Fri, Mar 12, 2027, 7:30 PM GMT+5:30', after: 'Mon, Mar 15, 2027, 6:30 PM GMT+5:30' },
  { zone: 'Pacific/Kiritimati', before: 'Sat, Mar 13, 2027, 4:00 AM GMT+14', after: 'Tue, Mar 16, 2027, 3:00 AM GMT+14' },
];

describe('<engage-appointments> across time zones', () => {
  after(() => setTimeZone('UTC'));

  for (const { zone, before, after } of ZONES) {
    it(`in ${zone}: shows the clinic's 9:00 before and after the DST change, labelled, and the viewer's time`, async () => {
      await setTimeZone(zone);
      const { options, built } = buildMemoryWorld();
      const port = new MemorySchedulingPort(options);
      for (const index of [0, 2]) {
        await port.book(PATIENT, { slotId: built.slots[index]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
      }
      const el = await mount<EngageAppointments>(
        html`<engage-appointments .adapter=${{ scheduling: port }} .session=${{ patient: PATIENT, now: () => WORLD_NOW }}></engage-appointments>`,
      );
      await waitFor(() => root(el).querySelectorAll('article').length === 2, 'two visits');
      const text = shadowText(el);
      expect(text).to.include('Fri, Mar 12, 2027, 9:00 AM EST');
      expect(text).to.include('Mon, Mar 15, 2027, 9:00 AM EDT');
      expect(text).to.include(`Your time: ${before}`);
      expect(text).to.include(`Your time: ${after}`);

      // booking: the calendar's open days are the clinic's dates, whatever the viewer's zone
      await click(el, 'Book a visit');
      await click(el, 'Checkup');
      await click(el, 'Ana Lee');
      await click(el, 'Harbor Clinic');
      await waitFor(() => root(el).querySelector('[role="grid"]'), 'calendar');
      const open = [...root(el).querySelectorAll('td.open')].map((td) => td.getAttribute('data-date'));
      // Ana's free Boston checkups after the two booked: none left on the 12th (slot 1 is free), 15th busy
      expect(open).to.deep.equal(['2027-03-12']);
    });
  }

  it('in New York itself, no second time is shown', async () => {
    await setTimeZone('America/New_York');
    const { port, built } = await setup();
    await port.book(PATIENT, { slotId: built.slots[0]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    const { el } = await setup();
    void el;
    const fresh = await mount<EngageAppointments>(html`<engage-appointments .adapter=${{ scheduling: port }} .session=${{ patient: PATIENT, now: () => WORLD_NOW }}></engage-appointments>`);
    await waitFor(() => root(fresh).querySelector('article'), 'a visit');
    expect(shadowText(fresh)).to.include('9:00 AM EST');
    expect(shadowText(fresh)).not.to.include('Your time');
  });
});

describe('<engage-appointments> booking', () => {
  before(() => setTimeZone('UTC'));

  it('moves through the calendar grid by keyboard as the ARIA grid pattern says, and books', async () => {
    const { el, port } = await setup();
    await click(el, 'Book a visit');
    await click(el, 'Checkup');
    await click(el, 'First available');
    await click(el, 'Any location');
    const grid = await waitFor(() => root(el).querySelector<HTMLElement>('[role="grid"]'), 'calendar');
    expect(root(el).querySelectorAll('td[tabindex="0"]')).to.have.length(1);
    const focused = () => root(el).querySelector('td[tabindex="0"]')!.getAttribute('data-date');
    expect(focused()).to.equal('2027-03-12'); // the first day with open times
    const key = async (k: string) => {
      root(el).querySelector<HTMLElement>('td[tabindex="0"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
      await settled(el);
    };
    await key('ArrowRight');
    expect(focused()).to.equal('2027-03-13');
    expect(root(el).activeElement?.getAttribute('data-date')).to.equal('2027-03-13');
    await key('ArrowDown');
    expect(focused()).to.equal('2027-03-20');
    await key('Home');
    expect(focused()).to.equal('2027-03-14'); // Sunday
    await key('End');
    expect(focused()).to.equal('2027-03-20'); // Saturday
    await key('ArrowUp');
    await key('ArrowLeft');
    await key('ArrowLeft');
    expect(focused()).to.equal('2027-03-11');
    await key('PageDown');
    expect(focused()).to.equal('2027-03-29'); // a month later is past the four weeks: the last day offered
    await key('PageUp');
    expect(focused()).to.equal('2027-03-01');
    for (let i = 0; i < 14; i++) await key('ArrowRight');
    expect(focused()).to.equal('2027-03-15');
    void grid;
    await key('Enter');
    await waitFor(() => shadowText(el).includes('Times on Monday, March 15'), 'time list');
    expect(shadowText(el)).to.include('9:00 AM · Ana Lee · Harbor Clinic');
    expect(shadowText(el)).to.include('9:00 AM · Ben Ortiz · Peak Clinic');
    await click(el, 'Ben Ortiz');
    await click(el, 'Book this visit');
    await waitFor(() => root(el).querySelector('article'), 'the booked visit');
    expect(shadowText(el)).to.include('Mon, Mar 15, 2027, 9:00 AM MDT');
    expect(port.allAppointments.filter((a) => a.status === 'booked')).to.have.length(1);
  });

  it('tells the patient a time was just taken, offers the nearest, keeps the other choices, and books one', async () => {
    const { el, port, built } = await setup();
    await click(el, 'Book a visit');
    await click(el, 'Checkup');
    await click(el, 'Ana Lee');
    await click(el, 'Harbor Clinic');
    await waitFor(() => root(el).querySelector('td.open'), 'calendar');
    root(el).querySelector<HTMLElement>('td[data-date="2027-03-12"]')!.click();
    await settled(el);
    await click(el, '9:00 AM');
    // someone else books the same slot first
    await port.book('Patient/bo', { slotId: built.slots[0]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    await click(el, 'Book this visit');
    const alert = await waitFor(() => root(el).querySelector('#taken'), 'the just-taken message');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(root(el).activeElement).to.equal(alert);
    const offered = [...alert.querySelectorAll('button')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(offered[0]).to.include('9:30 AM');
    expect(offered.join('|')).to.include('Monday, March 15, 9:00 AM');
    (alert.querySelector('button') as HTMLButtonElement).click();
    await settled(el);
    expect(shadowText(el)).to.include('Ana Lee'); // the clinician choice kept
    await click(el, 'Book this visit');
    await waitFor(() => root(el).querySelector('article'), 'the booked visit');
    const mine = port.allAppointments.filter((a) => a.patient === PATIENT && a.status === 'booked');
    expect(mine.map((a) => a.slotId)).to.deep.equal([built.slots[1]]);
  });

  it('inside the cancellation window says to call; outside it cancels, and the slot is free again', async () => {
    const near = new Date('2027-03-12T05:00:00Z'); // 9 hours before the 9:00 EST visit (window 24 h)
    const { options, built } = buildMemoryWorld();
    const port = new MemorySchedulingPort({ ...options, now: () => near });
    await port.book(PATIENT, { slotId: built.slots[0]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    const el = await mount<EngageAppointments>(html`<engage-appointments .adapter=${{ scheduling: port }} .session=${{ patient: PATIENT, now: () => near }}></engage-appointments>`);
    await waitFor(() => root(el).querySelector('article'), 'a visit');
    expect(shadowText(el)).to.include('please call the clinic');
    expect(buttonByText(el, 'Cancel visit')).to.equal(undefined);

    const { el: far, port: farPort } = await setup();
    await farPort.book(PATIENT, { slotId: built.slots[2]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    await (far as unknown as { listTask: { run(): Promise<void> } }).listTask.run();
    await settled(far);
    await click(far, 'Cancel visit');
    await click(far, 'Yes, cancel this visit');
    await waitFor(() => shadowText(far).includes('Cancelled'), 'cancelled');
    expect(farPort.allSlots.find((s) => s.id === built.slots[2])!.status).to.equal('free');
  });

  it('sends a request for a visit the clinic books itself', async () => {
    const { el, port } = await setup();
    await click(el, 'Book a visit');
    await click(el, 'New problem consult');
    const boxes = [...root(el).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    boxes[2]!.click(); // Wednesday
    await settled(el);
    boxes.at(-3)!.click(); // morning
    await settled(el);
    await click(el, 'Send request');
    await waitFor(() => shadowText(el).includes('Waiting for the clinic'), 'the request in the list');
    expect(port.allAppointments[0]!.preferences).to.deep.equal({ days: ['wed'], times: ['morning'] });
  });

  it('is accessible in the list and on the calendar, and speaks Spanish', async () => {
    const { el, port, built } = await setup(WORLD_NOW, 'es');
    await port.book(PATIENT, { slotId: built.slots[0]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    await (el as unknown as { listTask: { run(): Promise<void> } }).listTask.run();
    await settled(el);
    await waitFor(() => shadowText(el).includes('Citas'), 'Spanish title');
    await expect(el).to.be.accessible();
    await click(el, 'Pedir una visita');
    await click(el, 'Checkup');
    await click(el, 'Ana Lee');
    await click(el, 'Harbor Clinic');
    await waitFor(() => root(el).querySelector('[role="grid"]'), 'calendar');
    await expect(el).to.be.accessible();
  });
});
