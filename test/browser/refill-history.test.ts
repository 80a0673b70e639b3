/**
 * Issue #19: the refill history reads like a portal's — requests waiting for a decision
 * first, then past requests latest first, capped with "Show older" for the rest.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import '../../src/elements/refill-request/refill-request.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { RefillRequest } from '../../src/adapters/ports.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { REFILL_PATIENT, refillData, sampleRequests } from '../../stories/data/refills.js';
import { mountFrame, setTimeZone, settled, waitFor } from './helpers.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);

/**
 * The sample history (1 pending, 3 decided) plus eight older decided requests, one a
 * month back from January 2024: twelve in all.
 */
function longHistory(): RefillRequest[] {
  const base = sampleRequests();
  const older = Array.from({ length: 8 }, (_, i) => ({
    ...base[1]!,
    id: `req-old-${i}`,
    created: new Date(Date.UTC(2023, 11 - i, 10, 14)).toISOString(),
    updated: undefined,
  }));
  return [...base, ...older];
}

describe('refill request history: grouped and capped', () => {
  let container: HTMLElement;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    render(null, container);
    container.remove();
    pageDrafts.clear();
  });

  it('shows pending requests, then the latest past ones, and the rest behind "Show older"', async () => {
    const requests = longHistory();
    const adapter = createMemoryAdapter({ refills: refillData({ requests }) });
    render(
      html`<engage-refill-request .adapter=${adapter} .session=${{ patient: REFILL_PATIENT, now: NOW, locale: 'en' }}></engage-refill-request>`,
      container,
    );
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('[part~="history"] li'), 'history');
    await settled(el);
    const root = el.shadowRoot!;
    const ids = (selector: string) => [...root.querySelectorAll<HTMLElement>(`${selector} [data-request]`)].map((li) => li.dataset.request);
    const pending = requests.filter((r) => r.status === 'requested' || r.status === 'in-review');
    const past = requests.filter((r) => !pending.includes(r)).sort((a, b) => Date.parse(b.created!) - Date.parse(a.created!));
    expect(pending.length).to.equal(1);
    expect(past.length).to.equal(11);

    expect(ids('[data-group="pending"]')).to.deep.equal(pending.map((r) => r.id));
    // each group is named by a heading under "Your requests"
    expect(root.querySelector('[data-group="pending"] [role="heading"]')!.textContent!.trim()).to.equal('Waiting for a decision');
    expect(root.querySelector('[data-group="past"] [role="heading"]')!.textContent!.trim()).to.equal('Past requests');
    const shown = ids('[data-group="past"]');
    expect(shown.length, 'past requests shown at first').to.equal(3);
    expect(shown).to.deep.equal(past.slice(0, 3).map((r) => r.id));

    const more = root.querySelector<HTMLButtonElement>('[part~="show-older"]')!;
    expect(more.textContent!.trim()).to.equal(`Show older requests (${past.length - 3})`);
    more.focus();
    more.click();
    await waitFor(() => ids('[data-group="past"]').length === past.length, 'older requests');
    expect(ids('[data-group="past"]')).to.deep.equal(past.map((r) => r.id));
    expect(root.querySelector('[part~="show-older"]')).to.equal(null);
    // the button is gone: focus moves to the first request it revealed
    await waitFor(() => (root.activeElement as HTMLElement | null)?.dataset.request === past[3]!.id, 'focus on the first older request');
  });

  it('shows no "Show older" when every past request fits', async () => {
    const adapter = createMemoryAdapter({ refills: refillData() });
    render(
      html`<engage-refill-request .adapter=${adapter} .session=${{ patient: REFILL_PATIENT, now: NOW, locale: 'en' }}></engage-refill-request>`,
      container,
    );
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('[part~="history"] li'), 'history');
    await settled(el);
    expect(el.shadowRoot!.querySelectorAll('[part~="history"] [data-request]').length).to.equal(sampleRequests().length);
    expect(el.shadowRoot!.querySelector('[part~="show-older"]')).to.equal(null);
  });
});

describe('refill request history: when it was asked, on the viewer\'s calendar', () => {
  before(() => setTimeZone('America/New_York'));
  after(() => setTimeZone('UTC'));

  it('a request made at 9 pm in New York (01:00 UTC the next day) was asked on that evening\'s day', async () => {
    const [pending] = sampleRequests();
    const request = { ...pending!, id: 'evening', created: '2024-05-02T01:00:00.000Z' };
    expect(new Date(request.created).getDate(), 'the zone is applied').to.equal(1);
    const el = mountFrame(
      html`<engage-refill-request
        .adapter=${createMemoryAdapter({ refills: refillData({ requests: [request] }) })}
        .session=${{ patient: REFILL_PATIENT, now: NOW, locale: 'en' }}
      ></engage-refill-request>`,
    ).querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('[data-request="evening"]'), 'the request');
    expect(el.shadowRoot!.querySelector('[data-request="evening"]')!.textContent!.replace(/\s+/g, ' ')).to.contain('Asked on May 1, 2024');
  });
});
