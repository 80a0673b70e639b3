/**
 * Input-survival audit, part 2: <engage-appointment-queue>'s "Offer times" whose answer is
 * lost, then changed by the clinician to "Decline" with a reason: the request must hold
 * the decline the clinician last saw (no proposals left for the patient to pick), read
 * from the memory port's own records. The changed-booking cases are in
 * appointment-queue.changed-decision.test.ts.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/appointment-queue/appointment-queue.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import type { Appointment } from '../../src/adapters/ports.js';
import { mountFrame, settled, waitFor } from './helpers.js';
import { buildMemoryWorld, WORLD, WORLD_NOW } from './scheduling-world.js';

type El = HTMLElement & { updateComplete: Promise<unknown> };
const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();
const NAME = 'Rosa Diaz';
const request: Appointment = {
  id: 'req-checkup',
  status: 'requested',
  patient: 'Patient/rosa',
  patientName: NAME,
  created: '2027-02-28T10:00:00Z',
  visitType: { id: 'checkup', name: WORLD.types.checkup.name },
  version: '1',
};

describe('input survival 2: appointment-queue, a decision changed after a lost answer', () => {
  it('"Offer times" lost, then "Decline" with a reason: the request is declined with that reason and offers no times', async () => {
    const { options } = buildMemoryWorld();
    const port = new MemorySchedulingPort({ ...options, appointments: [request] });
    const frame = mountFrame(html`<engage-appointment-queue .adapter=${{ scheduling: port }} .session=${{ now: () => WORLD_NOW, locale: 'en' }}></engage-appointment-queue>`);
    const el = frame.querySelector<El>('engage-appointment-queue')!;
    const card = () => el.shadowRoot!.querySelector<HTMLElement>('[part~="request"]')!;
    const radio = (label: string) => [...card().querySelectorAll('label')].find((l) => text(l) === label)!.querySelector('input')!;
    const save = () => [...card().querySelectorAll('button')].find((b) => text(b) === 'Save decision')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="request"] input[name^="action-"]'), 'the request');
    radio('Offer times').click();
    await settled(el);
    const times = await waitFor(() => {
      const boxes = [...card().querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
      return boxes.length >= 2 && boxes;
    }, 'the open times');
    times[0]!.click();
    await settled(el);
    times[1]!.click();
    await settled(el);
    port.loseAnswers(1);
    save();
    await el.updateComplete;
    await waitFor(() => text(card()).includes('The decision was not saved.'), 'the failure');
    expect(port.allAppointments.find((a) => a.id === request.id)!.status, 'the offer landed').to.equal('proposed');

    radio('Decline').click();
    await settled(el);
    const reason = card().querySelector<HTMLTextAreaElement>('textarea')!;
    reason.value = 'Please see your own doctor for this';
    reason.dispatchEvent(new Event('input'));
    await settled(el);
    save();
    await waitFor(() => !el.shadowRoot!.querySelector('[part~="request"]'), 'the request leaves the queue');
    const held = port.allAppointments.find((a) => a.id === request.id)!;
    expect([held.status, held.statusReason, held.proposals?.length ?? 0]).to.deep.equal(['declined', 'Please see your own doctor for this', 0]);
  });
});
