/**
 * <engage-appointments> with the browser in UTC-10, UTC, UTC+5:30 and UTC+14 (Chromium's
 * own time-zone emulation), on the world of scheduling-world.ts: a visit before and one
 * after the US spring-forward (2027-03-14) show the clinic's 9:00 with its zone named —
 * the instants the backend holds — and the viewer's own time, labelled, when it reads
 * differently; the calendar's open days are the clinic's dates; the `.ics` the element
 * hands out carries the same wall clock with the clinic's TZID.
 *
 * Expected texts are written from the stored instants (2027-03-12T09:00-05:00 =
 * 14:00Z, 2027-03-15T09:00-04:00 = 13:00Z), not computed by the code under test.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/appointments/appointments.js';
import type { EngageAppointments } from '../../src/elements/appointments/appointments.component.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { setTimeZone, settled, shadowText, waitFor } from './helpers.js';
import { buildMemoryWorld, WORLD_NOW } from './scheduling-world.js';

const PATIENT = 'Patient/ada';

const ZONES = [
  { zone: 'Pacific/Honolulu', utcOffset: -600, before: 'Fri, Mar 12, 2027, 4:00 AM HST', after: 'Mon, Mar 15, 2027, 3:00 AM HST' },
  { zone: 'UTC', utcOffset: 0, before: 'Fri, Mar 12, 2027, 2:00 PM UTC', after: 'Mon, Mar 15, 2027, 1:00 PM UTC' },
  { zone: 'Asia/Kolkata', utcOffset: 330, before: 'Fri, Mar 12, 2027, 7:30 PM GMT+5:30', after: 'Mon, Mar 15, 2027, 6:30 PM GMT+5:30' },
  { zone: 'Pacific/Kiritimati', utcOffset: 840, before: 'Sat, Mar 13, 2027, 4:00 AM GMT+14', after: 'Tue, Mar 16, 2027, 3:00 AM GMT+14' },
];

const root = (el: EngageAppointments) => el.shadowRoot!;

async function click(el: EngageAppointments, text: string): Promise<void> {
  const button = await waitFor(
    () => [...root(el).querySelectorAll('button')].find((b) => (b.textContent ?? '').replace(/\s+/g, ' ').includes(text)),
    `button "${text}"`,
  );
  button.click();
  await settled(el);
}

/** A port holding Ada's two Boston checkups, 9:00 before and after the DST change (slots 0 and 2). */
async function bookedWorld(): Promise<MemorySchedulingPort> {
  const { options, built } = buildMemoryWorld();
  const port = new MemorySchedulingPort(options);
  for (const index of [0, 2]) {
    await port.book(PATIENT, { slotId: built.slots[index]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
  }
  return port;
}

/** The text of the `.ics` the element hands out on "Add to calendar" (the blob, caught at `URL.createObjectURL`). */
async function icsOf(el: EngageAppointments, button: HTMLButtonElement): Promise<string> {
  const original = URL.createObjectURL;
  let blob: Blob | undefined;
  URL.createObjectURL = (object: Blob | MediaSource) => {
    blob = object as Blob;
    return '#';
  };
  try {
    button.click();
    await settled(el);
  } finally {
    URL.createObjectURL = original;
  }
  return (await blob!.text()).replace(/\r\n[ \t]/g, '');
}

describe('<engage-appointments> across time zones', () => {
  after(() => setTimeZone('UTC'));

  for (const { zone, utcOffset, before, after } of ZONES) {
    it(`in ${zone}: the clinic's 9:00 before and after the DST change, labelled, the viewer's time, the clinic's calendar days and the .ics`, async () => {
      await setTimeZone(zone);
      // the page's own clock runs in the zone (Chromium may name Kolkata by its old name, Calcutta)
      expect(-new Date('2027-03-12T14:00:00Z').getTimezoneOffset()).to.equal(utcOffset);
      const port = await bookedWorld();
      const el = await mount<EngageAppointments>(
        html`<engage-appointments .adapter=${{ scheduling: port }} .session=${{ patient: PATIENT, now: () => WORLD_NOW }}></engage-appointments>`,
      );
      await waitFor(() => root(el).querySelectorAll('article').length === 2, 'two visits');
      const [first, second] = [...root(el).querySelectorAll('article')].map((a) => (a.textContent ?? '').replace(/\s+/g, ' '));
      expect(first).to.include('Fri, Mar 12, 2027, 9:00 AM EST');
      expect(first).to.include(`Your time: ${before}`);
      expect(second).to.include('Mon, Mar 15, 2027, 9:00 AM EDT');
      expect(second).to.include(`Your time: ${after}`);

      const calendarButtons = [...root(el).querySelectorAll('button')].filter((b) => b.textContent!.includes('Add to calendar'));
      const [icsBefore, icsAfter] = [await icsOf(el, calendarButtons[0]!), await icsOf(el, calendarButtons[1]!)];
      expect(icsBefore).to.include('DTSTART;TZID=America/New_York:20270312T090000');
      expect(icsAfter).to.include('DTSTART;TZID=America/New_York:20270315T090000');
      // the file's VTIMEZONE gives EST before the change and EDT after it
      expect(icsAfter).to.include('TZOFFSETFROM:-0500');
      expect(icsAfter).to.include('TZOFFSETTO:-0400');

      // booking: the calendar's open days are the clinic's dates, whatever the viewer's zone
      await click(el, 'Book a visit');
      await click(el, 'Checkup');
      await click(el, 'Ana Lee');
      await click(el, 'Harbor Clinic');
      await waitFor(() => root(el).querySelector('[role="grid"]'), 'calendar');
      // Ana's Boston checkups: slots 0 and 2 are Ada's now, 3 is busy; slot 1 (Mar 12, 9:30 EST) is open
      expect([...root(el).querySelectorAll('td.open')].map((td) => td.getAttribute('data-date'))).to.deep.equal(['2027-03-12']);
      root(el).querySelector<HTMLElement>('td[data-date="2027-03-12"]')!.click();
      await waitFor(() => shadowText(el).includes('Times on Friday, March 12'), 'the time list');
      expect([...root(el).querySelectorAll('ul.times button')].map((b) => b.textContent!.trim())).to.deep.equal(['9:30 AM']);
    });
  }

  it('in New York itself, no second time is shown', async () => {
    await setTimeZone('America/New_York');
    const port = await bookedWorld();
    const el = await mount<EngageAppointments>(
      html`<engage-appointments .adapter=${{ scheduling: port }} .session=${{ patient: PATIENT, now: () => WORLD_NOW }}></engage-appointments>`,
    );
    await waitFor(() => root(el).querySelectorAll('article').length === 2, 'two visits');
    expect(shadowText(el)).to.include('9:00 AM EST');
    expect(shadowText(el)).to.include('9:00 AM EDT');
    expect(shadowText(el)).not.to.include('Your time');
  });
});
