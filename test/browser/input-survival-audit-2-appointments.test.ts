/**
 * Input-survival audit, part 2: <engage-appointments>' booking and "ask for a visit" over the
 * memory port, whose ledger applies a write and then loses its answer. The edited retry (an
 * other time; a changed note) must leave exactly one record holding what the patient last
 * saw, counted on the port, and the first attempt's slot free again.
 */
import { expect } from '@open-wc/testing';
import { settled, shadowText, waitFor } from './helpers.js';
import { PATIENT, click, root, setup } from './appointments-harness.js';

describe('input survival 2: appointments, an edited retry after a lost answer', () => {
  it('"Book this visit" lost, then another time picked: one booked visit, at the new time; the first time is free', async () => {
    const { el, port, built } = await setup();
    await click(el, 'Book a visit');
    await click(el, 'Checkup');
    await click(el, 'Ana Lee');
    await click(el, 'Harbor Clinic');
    const pickDay = async () => {
      const day = await waitFor(() => root(el).querySelector<HTMLElement>('td.open[data-date="2027-03-12"]'), 'March 12 open');
      day.click();
      await settled(el);
    };
    await pickDay();
    await click(el, '9:00 AM');
    port.loseAnswers(1);
    await click(el, 'Book this visit');
    const error = await waitFor(() => root(el).querySelector('#book-error'), 'the failure');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(root(el).activeElement === error, 'focus on the message').to.equal(true);
    // the patient goes back and picks 9:30 instead
    await click(el, 'Back');
    await pickDay();
    await click(el, '9:30 AM');
    await click(el, 'Book this visit');
    await waitFor(() => root(el).querySelector('article'), 'the booked visit');
    const mine = port.allAppointments.filter((a) => a.patient === PATIENT && a.status === 'booked');
    expect(mine.map((a) => a.slotId), 'booked visits of the patient').to.deep.equal([built.slots[1]]);
    expect(port.allSlots.find((s) => s.id === built.slots[0])!.status, 'the 9:00 slot').to.equal('free');
  });

  it('"Send request" lost keeps every field and says so; the edited note retried leaves one request, holding it', async () => {
    const { el, port } = await setup();
    await click(el, 'Book a visit');
    await click(el, 'New problem consult');
    const box = (label: string) => [...root(el).querySelectorAll('label')].find((l) => l.textContent!.includes(label))!.querySelector('input')!;
    box('Wednesday').click();
    await settled(el);
    box('Morning').click();
    await settled(el);
    const note = () => root(el).querySelector<HTMLTextAreaElement>('#note')!;
    note().value = 'Rash on my arm';
    note().dispatchEvent(new Event('input'));
    await settled(el);
    port.loseAnswers(1);
    await click(el, 'Send request');
    const error = await waitFor(() => root(el).querySelector('#request-error'), 'the failure');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(shadowText(el)).to.include('Your request was not sent.');
    expect([box('Wednesday').checked, box('Morning').checked, note().value], 'the fields are kept').to.deep.equal([true, true, 'Rash on my arm']);
    note().value = 'Rash on my arm, spreading since Monday';
    note().dispatchEvent(new Event('input'));
    await settled(el);
    await click(el, 'Send request');
    await waitFor(() => shadowText(el).includes('Waiting for the clinic'), 'the request in the list');
    const requests = port.allAppointments.filter((a) => a.patient === PATIENT && a.status === 'requested');
    expect(requests.map((a) => a.note), 'requests of the patient').to.deep.equal(['Rash on my arm, spreading since Monday']);
  });
});
