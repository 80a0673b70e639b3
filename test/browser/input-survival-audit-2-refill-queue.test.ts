/**
 * Input-survival audit, part 2: <engage-refill-queue>'s "Save decision" pressed twice with
 * the keyboard (Enter, Enter) while the first save is in flight: the port gets one review,
 * and the denial holds the reason typed. Counted on the memory port.
 */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/refill-queue/refill-queue.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { queueData } from '../../stories/data/refills.js';
import { mountFrame, settled, waitFor } from './helpers.js';

describe('input survival 2: refill-queue double activation', () => {
  it('"Save decision" pressed Enter, Enter during a slow save sends one review', async () => {
    const adapter = createMemoryAdapter({ refills: { ...queueData(), writes: { latencyMs: 200 } } });
    const reviews: string[] = [];
    const review = adapter.refills.reviewRequest.bind(adapter.refills);
    adapter.refills.reviewRequest = (id, decision, options) => (reviews.push(options.idempotencyKey), review(id, decision, options));
    const frame = mountFrame(
      html`<engage-refill-queue .adapter=${adapter} .session=${{ role: 'clinician', now: () => new Date(2024, 5, 15, 12), locale: 'en' }}></engage-refill-queue>`,
    );
    const el = frame.querySelector('engage-refill-queue')!;
    const item = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="request"]')].find((a) => a.textContent?.includes('Furosemide'))!;
    await waitFor(() => item(), 'the queue');
    item().querySelectorAll<HTMLInputElement>('input[type="radio"]')[1]!.click(); // deny
    await settled(el as never);
    const box = item().querySelector<HTMLTextAreaElement>('textarea')!;
    box.value = 'Please use the new prescription.';
    box.dispatchEvent(new Event('input'));
    await settled(el as never);
    item().querySelector<HTMLButtonElement>('[part~="save-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('#decided-req-furosemide'), 'the decision saved');
    expect(reviews.length, 'reviews sent').to.equal(1);
    expect(adapter.refills.allRequests.find((r) => r.id === 'req-furosemide')).to.deep.include({ status: 'denied', statusReason: 'Please use the new prescription.' });
  });
});
