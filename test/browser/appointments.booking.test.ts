/**
 * <engage-appointments> booking over the memory port, on the world of scheduling-world.ts:
 * the calendar grid by keyboard (ARIA grid pattern), a time taken by someone else, the
 * cancellation window, a request, and what each announces.
 */
import { expect } from '@open-wc/testing';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { setTimeZone, settled, shadowText, waitFor } from './helpers.js';
import { buildMemoryWorld } from './scheduling-world.js';
import { PATIENT, announced, buttonByText, click, root, setup } from './appointments-harness.js';

describe('<engage-appointments> booking', () => {
  before(() => setTimeZone('UTC'));

  it('moves through the calendar grid by keyboard as the ARIA grid pattern says, books, and announces it', async () => {
    const { el, port } = await setup();
    await click(el, 'Book a visit');
    await click(el, 'Checkup');
    await click(el, 'First available');
    await click(el, 'Any location');
    await waitFor(() => root(el).querySelector('[role="grid"]'), 'calendar');
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
    expect(focused()).to.equal('2027-03-29'); // a month on is past the four weeks offered: the last day
    await key('PageUp');
    expect(focused()).to.equal('2027-03-01'); // the first day offered (today)
    for (let i = 0; i < 14; i++) await key('ArrowRight');
    expect(focused()).to.equal('2027-03-15');
    await key('Enter');
    await waitFor(() => shadowText(el).includes('Times on Monday, March 15'), 'time list');
    expect(shadowText(el)).to.include('9:00 AM · Ana Lee · Harbor Clinic');
    expect(shadowText(el)).to.include('9:00 AM · Ben Ortiz · Peak Clinic');
    await click(el, 'Ben Ortiz');
    await click(el, 'Book this visit');
    await waitFor(() => root(el).querySelector('article'), 'the booked visit');
    expect(shadowText(el)).to.include('Mon, Mar 15, 2027, 9:00 AM MDT');
    expect(announced(el)).to.equal('Booked: Mon, Mar 15, 2027, 9:00 AM MDT');
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
    expect(root(el).activeElement === alert, 'focus on the message').to.equal(true);
    expect(announced(el)).to.equal('That time was just taken. Pick another time.');
    // Ana's open Boston checkups after slot 0 went: slot 1 (Mar 12, 9:30) and slot 2 (Mar 15, 9:00)
    const offered = [...alert.querySelectorAll('button')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(offered).to.deep.equal(['Friday, March 12, 9:30 AM', 'Monday, March 15, 9:00 AM']);
    (alert.querySelector('button') as HTMLButtonElement).click();
    await settled(el);
    expect(shadowText(el)).to.include('Ana Lee'); // the clinician choice kept
    await click(el, 'Book this visit');
    await waitFor(() => root(el).querySelector('article'), 'the booked visit');
    const mine = port.allAppointments.filter((a) => a.patient === PATIENT && a.status === 'booked');
    expect(mine.map((a) => a.slotId)).to.deep.equal([built.slots[1]]);
  });

  it('inside the cancellation window says to call; outside it cancels, frees the slot and announces it', async () => {
    const near = new Date('2027-03-12T05:00:00Z'); // 9 hours before the 9:00 EST visit (window 24 h)
    const { options, built } = buildMemoryWorld();
    const nearPort = new MemorySchedulingPort({ ...options, now: () => near });
    await nearPort.book(PATIENT, { slotId: built.slots[0]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    const { el } = await setup({ now: near, port: nearPort });
    await waitFor(() => root(el).querySelector('article'), 'a visit');
    expect(shadowText(el)).to.include('please call the clinic');
    expect(Boolean(buttonByText(el, 'Cancel visit')), 'a cancel button').to.equal(false);
    expect(Boolean(buttonByText(el, 'Change time')), 'a change button').to.equal(false);

    const farPort = new MemorySchedulingPort(options);
    await farPort.book(PATIENT, { slotId: built.slots[2]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    const { el: far } = await setup({ port: farPort });
    await click(far, 'Cancel visit');
    expect(root(far).activeElement?.textContent?.trim()).to.equal('Yes, cancel this visit');
    await click(far, 'Yes, cancel this visit');
    await waitFor(() => shadowText(far).includes('Cancelled'), 'cancelled');
    expect(announced(far)).to.equal('Your visit was cancelled.');
    expect(farPort.allSlots.find((s) => s.id === built.slots[2])!.status).to.equal('free');
  });

  it('sends a request for a visit the clinic books itself', async () => {
    const { el, port } = await setup();
    await click(el, 'Book a visit');
    await click(el, 'New problem consult');
    const box = (label: string) => [...root(el).querySelectorAll('label')].find((l) => l.textContent!.includes(label))!.querySelector('input')!;
    box('Wednesday').click();
    await settled(el);
    box('Morning').click();
    await settled(el);
    await click(el, 'Send request');
    await waitFor(() => shadowText(el).includes('Waiting for the clinic'), 'the request in the list');
    expect(announced(el)).to.equal('Your request was sent.');
    expect(port.allAppointments[0]!.preferences).to.deep.equal({ days: ['wed'], times: ['morning'] });
  });
});

