/**
 * <engage-refill-queue> over the memory adapter: what a reviewer sees, keyboard-only
 * decisions, validation, a failed save that keeps the input and retries with the same
 * key, XSS in notes, reflow.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/refill-queue/refill-queue.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import type { MemoryRefillOptions } from '../../src/adapters/memory/refills.js';
import type { EngageRefillQueue } from '../../src/elements/refill-queue/refill-queue.component.js';
import { queueData } from '../../stories/data/refills.js';
import { EngageError } from '../../src/core/errors.js';
import { fixture, settled, shadowText, waitFor } from './helpers.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

async function mount(
  refills: MemoryRefillOptions = queueData(),
  width?: number,
  pageSize = 25,
  adapter: MemoryAdapter = createMemoryAdapter({ refills }),
): Promise<{ el: EngageRefillQueue; adapter: MemoryAdapter }> {
  render(
    html`<div style=${width ? `width:${width}px` : ''}>
      <engage-refill-queue
        page-size=${pageSize}
        .adapter=${adapter}
        .session=${{ role: 'clinician', now: NOW, locale: 'en' }}
      ></engage-refill-queue>
    </div>`,
    container,
  );
  const el = container.querySelector('engage-refill-queue')!;
  await waitFor(() => !el.shadowRoot?.querySelector('[part~="loading"]') && el.shadowRoot?.querySelector('[part~="request"], [part~="empty"]'), 'loaded');
  await settled(el);
  return { el, adapter };
}

const items = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="request"]')];
const itemOf = (el: Element, name: string) => items(el).find((a) => a.textContent?.includes(name))!;
const focused = (el: Element) => el.shadowRoot!.activeElement;

describe('<engage-refill-queue>', function () {
  it('lists pending requests with patient, last fill, refills used and the note; decided ones are not listed', async () => {
    const { el } = await mount();
    expect(items(el).map((a) => a.querySelector('[role="heading"]')!.textContent!.trim())).to.have.members([
      'omeprazole 20 MG Delayed Release Oral Capsule',
      'metformin hydrochloride 500 MG Oral Tablet',
      'Furosemide 40 MG Oral Tablet',
    ]);
    const metformin = itemOf(el, 'metformin').textContent!.replace(/\s+/g, ' ');
    expect(metformin).to.include('Jill Tillman').and.include('I am travelling next week, could I get 90 days?');
    expect(metformin).to.include('May 10, 2024').and.include('0 of 5');
    const furosemide = itemOf(el, 'Furosemide').textContent!.replace(/\s+/g, ' ');
    expect(furosemide).to.include('Lucien Bosco').and.include('Renewal').and.include('Dec 8, 2016');
    await expect(el).to.be.accessible();
  });

  it('keyboard only: approve with a changed quantity and refills; the decision is announced', async () => {
    const { el, adapter } = await mount();
    const item = itemOf(el, 'metformin');
    item.querySelector<HTMLInputElement>('input[type="radio"]')!.focus();
    expect((focused(el) as HTMLInputElement).checked).to.equal(true); // "Approve" is the default
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.id).to.equal('quantity-req-metformin');
    await sendKeys({ type: '180' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '1' });
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.getAttribute('part')).to.equal('save-button');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('#decided-req-metformin'), 'decided');
    await settled(el);
    expect(focused(el)?.id).to.equal('decided-req-metformin');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.include('Approved: metformin');
    const stored = adapter.refills.allRequests.find((r) => r.id === 'req-metformin')!;
    expect(stored.status).to.equal('approved');
    expect(stored.approved).to.deep.equal({ quantity: 180, refills: 1 });
    expect(itemOf(el, 'metformin')).to.equal(undefined);
  });

  it('deny needs a reason: the error is announced and focus moves to the field; then it saves', async () => {
    const { el, adapter } = await mount();
    const item = itemOf(el, 'omeprazole');
    const radios = item.querySelectorAll<HTMLInputElement>('input[type="radio"]');
    radios[0]!.focus();
    await sendKeys({ press: 'ArrowRight' }); // Deny
    await settled(el);
    expect(radios[1]!.checked).to.equal(true);
    itemOf(el, 'omeprazole').querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await settled(el);
    expect(itemOf(el, 'omeprazole').querySelector('[role="alert"]')!.textContent).to.include('Enter the reason the patient will see.');
    expect(focused(el)?.id).to.equal('reason-req-omeprazole');
    await sendKeys({ type: 'Please use the new prescription from your last visit.' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('#decided-req-omeprazole'), 'decided');
    const stored = adapter.refills.allRequests.find((r) => r.id === 'req-omeprazole')!;
    expect(stored.status).to.equal('denied');
    expect(stored.statusReason).to.equal('Please use the new prescription from your last visit.');
  });

  it('a failed save keeps the input; the retry uses the same key and saves once', async () => {
    const { el, adapter } = await mount({ ...queueData(), writes: { failWith: 'network' } });
    const keys: string[] = [];
    const review = adapter.refills.reviewRequest.bind(adapter.refills);
    adapter.refills.reviewRequest = (id, decision, options) => (keys.push(options.idempotencyKey), review(id, decision, options));
    const item = itemOf(el, 'Furosemide');
    item.querySelectorAll<HTMLInputElement>('input[type="radio"]')[2]!.click(); // needs an appointment
    await settled(el);
    const reason = itemOf(el, 'Furosemide').querySelector<HTMLTextAreaElement>('textarea')!;
    reason.value = 'Time for your yearly check-up.';
    reason.dispatchEvent(new Event('input'));
    await settled(el);
    itemOf(el, 'Furosemide').querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('#error-req-furosemide'), 'error');
    await settled(el);
    expect(focused(el)?.id).to.equal('error-req-furosemide');
    expect(shadowText(el)).to.include('The decision was not saved.');
    expect(itemOf(el, 'Furosemide').querySelector<HTMLTextAreaElement>('textarea')!.value).to.equal('Time for your yearly check-up.');
    adapter.refills.writeSimulation = {};
    itemOf(el, 'Furosemide').querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('#decided-req-furosemide'), 'decided');
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(adapter.refills.allRequests.find((r) => r.id === 'req-furosemide')).to.deep.include({
      status: 'needs-appointment',
      statusReason: 'Time for your yearly check-up.',
    });
  });

  it('says so when nothing is waiting', async () => {
    const { el } = await mount({});
    expect(shadowText(el)).to.include('No requests are waiting for review.');
  });

  it('XSS payloads in notes, names and pharmacies execute nothing', async () => {
    const payloads = (await fixture<{ payload: string }[]>('sanitizer/owasp-xss-filter-evasion.json')).map((v) => v.payload);
    const hits: string[] = [];
    const saved = window.alert;
    window.alert = (m?: unknown) => void hits.push(String(m));
    try {
      const data = queueData();
      const template = data.requests!.find((r) => r.id === 'req-metformin')!;
      data.requests = payloads.slice(0, 80).map((payload, i) => ({
        ...template,
        id: `x-${i}`,
        medication: { text: payload, codings: [] },
        note: payload,
        patientName: payload,
        pharmacy: { ...template.pharmacy!, name: payload },
      }));
      const { el } = await mount(data, undefined, 100); // every payload on one page
      expect(items(el)).to.have.length(80);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hits).to.deep.equal([]);
      expect(el.shadowRoot!.querySelector('script, img, iframe, svg:not([part~="icon"]):not([part~="illustration"]), a[href]')).to.equal(null);
      expect(el.shadowRoot!.textContent).to.include(payloads[3]!);
    } finally {
      window.alert = saved;
    }
  });

  it('pages through a long queue by keyboard: every pending request is reachable once, focus on the first new one', async () => {
    const data = queueData();
    const template = data.requests!.find((r) => r.id === 'req-metformin')!;
    const ids = Array.from({ length: 60 }, (_, i) => `long-${i}`);
    data.requests = ids.map((id, i) => ({ ...template, id, created: `2024-06-${String(1 + (i % 14)).padStart(2, '0')}T09:${String(i % 60).padStart(2, '0')}:00Z` }));
    const adapter = createMemoryAdapter({ refills: data });
    // the second page fails once: the shown requests and the button stay, and the retry reads it
    const list = adapter.refills.listRequests.bind(adapter.refills);
    let failNext = true;
    adapter.refills.listRequests = (query, options) => {
      if (query.cursor && failNext) {
        failNext = false;
        return Promise.reject(new EngageError('network', 'offline'));
      }
      return list(query, options);
    };
    const { el } = await mount(data, undefined, 25, adapter);
    const shownIds = () => items(el).map((a) => a.querySelector('[role="heading"]')!.id.replace(/^title-/, ''));
    expect(shownIds()).to.have.length(25);
    expect(shadowText(el)).to.include('Showing 25 of 60 requests.');
    const more = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="more-button"]');
    more()!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the failed page');
    expect(shownIds()).to.have.length(25);
    expect(more(), 'the button stays for another try').to.not.equal(null);
    more()!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => shownIds().length === 50, 'the second page');
    await settled(el);
    expect(focused(el)?.id, 'focus on the first request the page revealed').to.equal(`title-${shownIds()[25]}`);
    expect(shadowText(el)).to.include('25 more requests shown.').and.include('Showing 50 of 60 requests.');
    expect(el.shadowRoot!.querySelector('[role="alert"]'), 'the error is gone').to.equal(null);
    more()!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => shownIds().length === 60, 'the last page');
    await settled(el);
    expect(more(), 'no button after the last page').to.equal(null);
    expect(focused(el)?.id).to.equal(`title-${shownIds()[50]}`);
    expect([...shownIds()].sort()).to.deep.equal([...ids].sort());
  });

  it('reflows at 320 px wide', async () => {
    const { el } = await mount(queueData(), 320);
    expect(el.shadowRoot!.querySelector<HTMLElement>('.base')!.scrollWidth).to.be.at.most(320);
  });
});
