/**
 * A summary as an adolescent (15 on the fixed clock) or as his parent sees it under the
 * default proxy policy: the memory adapter holds `summary` for the adolescent, and the
 * provider applies the policy as a host's would. Shared by the proxy tests of each
 * document format (C-CDA, IPS).
 */
import { fixture as mount, html } from '@open-wc/testing';
import '../../src/core/provider.js';
import '../../src/elements/clinical-summary/clinical-summary.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { ClinicalSummary } from '../../src/adapters/ports.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import { DEFAULT_PROXY_POLICY } from '../../src/core/proxy-policy.js';
import { withProxyPolicy } from '../../src/core/proxy-adapter.js';
import { shadowText, waitFor } from './helpers.js';

const TEEN = 'Patient/proxy-teen';
/** A fixed clock: the adolescent (born 2011-03-05) is 15 on it. */
const NOW = () => new Date(2026, 11, 1, 10);

const adapterHolding = (summary: ClinicalSummary) =>
  createMemoryAdapter({
    patients: [{ ref: TEEN, names: [{ given: ['Isabella'], family: 'Jones', prefix: [], suffix: [] }], birthDate: '2011-03-05', identifiers: [] }],
    summary: { summaries: { [TEEN]: summary } },
  });

/**
 * The summary the adolescent's or his parent's elements are handed under the default proxy
 * policy (the adapter the provider wraps): what any element, or a host's own view, could show.
 */
export async function summaryHandedTo(summary: ClinicalSummary, as: 'adolescent' | 'parent'): Promise<ClinicalSummary> {
  const adapter = withProxyPolicy(adapterHolding(summary), DEFAULT_PROXY_POLICY, {
    role: as === 'parent' ? 'caregiver' : 'patient',
    patient: TEEN,
    now: NOW,
  });
  return adapter.summary!.getSummary(TEEN);
}

/** The text of the summary as the adolescent or as his parent sees it, every entry shown. */
export async function summaryAsSeenBy(summary: ClinicalSummary, as: 'adolescent' | 'parent'): Promise<string> {
  const adapter = adapterHolding(summary);
  const provider = await mount<EngageProvider>(html`<engage-provider
    .adapter=${adapter}
    patient=${TEEN}
    user=${as === 'parent' ? 'RelatedPerson/proxy-parent' : TEEN}
    user-role=${as === 'parent' ? 'caregiver' : 'patient'}
    locale="en-US"
    .now=${NOW}
    .proxyPolicy=${DEFAULT_PROXY_POLICY}
    ><engage-clinical-summary expand-all show-inactive></engage-clinical-summary
  ></engage-provider>`);
  const el = provider.firstElementChild as HTMLElement;
  await waitFor(() => el.shadowRoot?.querySelector('section') && !el.shadowRoot.querySelector('[part~="loading"]'), 'the summary');
  // a section's narrative shows once the sanitizer (loaded on demand) has read it
  await waitFor(() => [...el.shadowRoot!.querySelectorAll('.narrative')].every((n) => n.textContent?.trim()), 'the narratives');
  return shadowText(el);
}
