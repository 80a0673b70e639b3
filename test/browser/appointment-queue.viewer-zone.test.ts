/**
 * A clinician's day list without a `time-zone` is the clinician's own day (the viewer's
 * zone), not UTC's: in New York, a visit at 8:30 PM on 10 March is on the list for
 * 10 March (it is 11 March in UTC), and one at 9:30 AM on 11 March is not. Before, the
 * default was UTC and the list ran from 7 PM to 7 PM.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/appointment-queue/appointment-queue.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import type { Appointment } from '../../src/adapters/ports.js';
import { mountFrame, setTimeZone, shadowText, waitFor } from './helpers.js';

const clinician = { ref: 'Practitioner/ana', kind: 'practitioner', name: 'Dr Ana Rivera' } as const;
/** Two visits of one clinician, their instants in UTC: the evening of 10 March and the next morning, in New York. */
const visits: Appointment[] = [
  { id: 'evening', status: 'booked', patient: 'Patient/eve', patientName: 'Eve Evening', start: '2027-03-11T01:30:00Z', end: '2027-03-11T02:00:00Z', clinician },
  { id: 'morning', status: 'booked', patient: 'Patient/max', patientName: 'Max Morning', start: '2027-03-11T14:30:00Z', end: '2027-03-11T15:00:00Z', clinician },
];

describe('engage-appointment-queue day list without a time zone', () => {
  afterEach(() => setTimeZone('UTC'));

  // expected from the instants above, read in each zone by hand (New York UTC-5, Tokyo UTC+9)
  for (const [zone, day, listed] of [
    ['America/New_York', '2027-03-10', ['8:30 PM Eve Evening']],
    ['America/New_York', '2027-03-11', ['9:30 AM Max Morning']],
    ['Asia/Tokyo', '2027-03-11', ['10:30 AM Eve Evening', '11:30 PM Max Morning']],
    ['Asia/Tokyo', '2027-03-10', []],
  ] as const) {
    it(`in ${zone}, ${day} lists the visits on the viewer's ${day}: ${listed.join(', ') || 'none'}`, async () => {
      await setTimeZone(zone);
      const port = new MemorySchedulingPort({ appointments: structuredClone(visits) }, { latencyMs: 0 });
      const frame = mountFrame(html`<engage-appointment-queue lang="en" clinician=${clinician.ref} date=${day} .adapter=${{ scheduling: port }} .session=${{ locale: 'en' }}></engage-appointment-queue>`);
      const el = frame.querySelector('engage-appointment-queue')!;
      // the list has loaded when its heading shows (an empty day says so)
      await waitFor(() => /Day list/.test(shadowText(el)) && !/Loading/.test(shadowText(el)), 'the day list');
      const items = [...(el.shadowRoot?.querySelectorAll('[part~="request"]') ?? [])];
      const shown = items.map((item) => {
        const words = (item.textContent ?? '').replace(/\s+/g, ' ');
        return `${/\d+:\d+ [AP]M/.exec(words)?.[0]} ${/(Eve Evening|Max Morning)/.exec(words)?.[0]}`;
      });
      expect(shown, shadowText(el)).to.deep.equal(listed);
    });
  }
});
