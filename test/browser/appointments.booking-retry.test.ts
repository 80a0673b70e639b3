/**
 * A booking whose answer was lost, then cancelled by the clinic before the patient pressed
 * "Book this visit" again: the retry under the same keys is refused as a conflict (the
 * record under them is cancelled: docs/write-protocol.md), and the next press is a new
 * booking, not the same refusal until the page is reloaded. The list shows the cancelled
 * visit as it is now.
 */
import { expect } from '@open-wc/testing';
import { setTimeZone, settled, shadowText, waitFor } from './helpers.js';
import { PATIENT, click, root, setup } from './appointments-harness.js';

describe('<engage-appointments> booking retried after the landed booking was cancelled', () => {
  before(() => setTimeZone('UTC'));

  it('says the visit was not booked, reloads the list, and books anew on the next press', async () => {
    const { el, port, built } = await setup();
    await click(el, 'Book a visit');
    await click(el, 'Checkup');
    await click(el, 'Ana Lee');
    await click(el, 'Harbor Clinic');
    await waitFor(() => root(el).querySelector('td.open'), 'calendar');
    root(el).querySelector<HTMLElement>('td[data-date="2027-03-12"]')!.click();
    await settled(el);
    await click(el, '9:00 AM');
    port.loseAnswers(1); // stored, but the answer never comes
    await click(el, 'Book this visit');
    await waitFor(() => root(el).querySelector('#book-error'), 'the lost answer');
    const landed = port.allAppointments.filter((a) => a.patient === PATIENT && a.slotId === built.slots[0]);
    expect(landed.map((a) => a.status)).to.deep.equal(['booked']);
    // the clinic cancels that booking before the patient tries again
    await port.cancel(landed[0]!.id, 'Clinic closed', { idempotencyKey: 'clinic-cancel' });

    await click(el, 'Book this visit');
    await waitFor(() => (root(el).querySelector('#book-error')?.textContent ?? '').length > 0 && !port.allAppointments.some((a) => a.patient === PATIENT && a.status === 'booked'), 'the refusal');
    expect(root(el).querySelector('#book-error')!.textContent).to.include('The visit was not booked.').and.include('cancelled or moved since');

    await click(el, 'Book this visit');
    await waitFor(() => port.allAppointments.some((a) => a.patient === PATIENT && a.status === 'booked'), 'a new booking');
    // one visit cancelled by the clinic, one booked now: each a record of its own
    const mine = port.allAppointments.filter((a) => a.patient === PATIENT).map((a) => `${a.slotId} ${a.status}`);
    expect(mine.sort()).to.deep.equal([`${built.slots[0]} booked`, `${built.slots[0]} cancelled`].sort());
    await waitFor(() => shadowText(el).includes('Booked:') || root(el).querySelector('article'), 'the booked visit shown');
  });
});
