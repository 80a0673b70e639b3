/**
 * A proposed time accepted, its answer lost, the visit then cancelled by the clinic before
 * the patient pressed the time again: the retry under the same keys is refused as a conflict
 * (docs/write-protocol.md), and the card then shows the visit as it is now (cancelled, no
 * times to press), not the old proposals that meet the same refusal on every press.
 */
import { expect } from '@open-wc/testing';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { setTimeZone, shadowText, waitFor } from './helpers.js';
import { buildMemoryWorld } from './scheduling-world.js';
import { PATIENT, root, setup } from './appointments-harness.js';

describe('<engage-appointments> a proposed time accepted again after the visit was cancelled', () => {
  before(() => setTimeZone('UTC'));

  it('says the visit changed, and shows it as it is now', async () => {
    const { options, built } = buildMemoryWorld();
    const port = new MemorySchedulingPort(options);
    const request = await port.request(PATIENT, { visitType: 'consult', preferences: { days: ['wed'], times: [] } }, { idempotencyKey: newIdempotencyKey() });
    await port.decide(request.id, { action: 'propose', slotIds: [built.slots[7]!, built.slots[8]!], message: 'Either of these?' }, { idempotencyKey: newIdempotencyKey() });
    const { el } = await setup({ port });
    await waitFor(() => root(el).querySelectorAll('button.proposal').length === 2, 'the proposed times');
    port.loseAnswers(1); // stored, but the answer never comes
    root(el).querySelector<HTMLButtonElement>(`button.proposal[data-slot="${built.slots[7]}"]`)!.click();
    await waitFor(() => root(el).querySelector(`#failed-${request.id}`), 'the lost answer');
    expect(port.allAppointments.find((a) => a.id === request.id)!.status).to.equal('booked');
    // the clinic cancels the visit before the patient presses the time again
    await port.cancel(request.id, 'Clinic closed', { idempotencyKey: newIdempotencyKey() });

    root(el).querySelector<HTMLButtonElement>(`button.proposal[data-slot="${built.slots[7]}"]`)!.click();
    await waitFor(() => root(el).querySelectorAll('button.proposal').length === 0, 'the card as it is now');
    expect(shadowText(el)).to.include('Cancelled');
    expect(root(el).querySelector(`#failed-${request.id}`)?.textContent).to.include('changed since');
    expect(port.allAppointments.filter((a) => a.patient === PATIENT && a.status === 'booked')).to.deep.equal([]);
  });
});
