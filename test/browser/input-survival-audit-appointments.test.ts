/**
 * Audit of "double activation never sends twice" (DESIGN.md, "a retried or double-clicked
 * submit never creates two records") for <engage-appointments>' cancellation: the
 * confirmation button pressed twice with the keyboard while the first cancel is in flight.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { shadowText, waitFor } from './helpers.js';
import { buildMemoryWorld } from './scheduling-world.js';
import { PATIENT, click, root, setup } from './appointments-harness.js';

describe('input survival: appointments cancel', () => {
  it('"Yes, cancel this visit" pressed twice (Enter, Enter) sends one cancellation and announces it once', async () => {
    const { options, built } = buildMemoryWorld();
    // writes answer after a moment, as a server does; reads stay immediate
    const port = new MemorySchedulingPort({ ...options, writes: { latencyMs: 200 } });
    await port.book(PATIENT, { slotId: built.slots[2]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    const cancels: string[] = [];
    const cancel = port.cancel.bind(port);
    port.cancel = (...args: Parameters<MemorySchedulingPort['cancel']>) => (cancels.push(args[0]), cancel(...args));
    const { el } = await setup({ port });
    const changes: string[] = [];
    el.addEventListener('engage-appointment-change', (e) => changes.push(e.detail.action));
    await click(el, 'Cancel visit');
    expect(root(el).activeElement?.textContent?.trim()).to.equal('Yes, cancel this visit');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => shadowText(el).includes('Cancelled'), 'cancelled');
    await waitFor(() => changes.length > 0, 'the change event');
    expect(cancels.length, 'cancel requests sent').to.equal(1);
    expect(changes, 'engage-appointment-change events').to.deep.equal(['cancelled']);
  });
});
