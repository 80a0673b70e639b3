/**
 * Issue #19, defect 8: with the server down, every element under one provider fails at
 * once. A screen reader must hear the failure once, not once per element: the first
 * element showing an error of a kind is the alert, the others show the same words
 * without a second `role="alert"`. A different kind of failure is still announced, and
 * when the announcing element recovers the next one that fails announces again.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/core/provider.js';
import '../../src/elements/patient-banner/patient-banner.js';
import '../../src/elements/clinical-summary/clinical-summary.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { EngageError } from '../../src/core/errors.js';
import type { EngageAdapter } from '../../src/adapters/ports.js';
import { waitFor } from './helpers.js';

const NETWORK_TEXT = 'We could not reach the server. Check your connection.';

/** The error states rendered in each element's shadow root. */
function errorStates(root: Element): { alert: boolean; text: string }[] {
  return [...root.querySelectorAll('engage-patient-banner, engage-clinical-summary')].flatMap((el) =>
    [...(el.shadowRoot?.querySelectorAll('.state--error') ?? [])].map((state) => ({
      alert: state.getAttribute('role') === 'alert',
      text: state.textContent ?? '',
    })),
  );
}

async function mountBoth(adapter: EngageAdapter): Promise<HTMLElement> {
  return mount(html`<engage-provider .adapter=${adapter} patient="Patient/down" locale="en">
    <engage-patient-banner></engage-patient-banner>
    <engage-clinical-summary></engage-clinical-summary>
  </engage-provider>`);
}

describe('one alert per failure under one provider (#19 defect 8)', () => {
  it('announces a server outage once while both elements show it', async () => {
    const root = await mountBoth(createMemoryAdapter({ failWith: 'network' }));
    const states = await waitFor(() => {
      const found = errorStates(root);
      return found.length === 2 ? found : undefined;
    }, 'both elements to show the error');
    expect(states.every((state) => state.text.includes(NETWORK_TEXT)), 'both show the words').to.equal(true);
    expect(states.filter((state) => state.alert)).to.have.length(1);
  });

  it('announces two different failures each once', async () => {
    const memory = createMemoryAdapter();
    const adapter: EngageAdapter = {
      patient: {
        getPatient: () => Promise.reject(new EngageError('network', 'down')),
      },
      summary: {
        ...memory.summary,
        getSummary: () => Promise.reject(new EngageError('forbidden', 'no')),
      } as EngageAdapter['summary'],
    };
    const root = await mountBoth(adapter);
    const states = await waitFor(() => {
      const found = errorStates(root);
      return found.length === 2 ? found : undefined;
    }, 'both elements to show their error');
    expect(states.filter((state) => state.alert)).to.have.length(2);
  });

  it('lets the next element announce once the announcing one is gone', async () => {
    const root = await mountBoth(createMemoryAdapter({ failWith: 'network' }));
    await waitFor(() => errorStates(root).length === 2, 'both elements to show the error');
    const announcing = [...root.querySelectorAll('engage-patient-banner, engage-clinical-summary')].find(
      (el) => el.shadowRoot?.querySelector('.state--error[role="alert"]'),
    )!;
    announcing.remove();
    const other = root.querySelector('engage-patient-banner, engage-clinical-summary')!;
    await waitFor(
      () => other.shadowRoot?.querySelector('.state--error[role="alert"]'),
      'the remaining element to become the alert',
    );
  });
});
