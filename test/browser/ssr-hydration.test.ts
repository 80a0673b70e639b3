/**
 * Server-rendered markup in a page: the markup @lit-labs/ssr makes from the built
 * package (declarative shadow roots, rendered by the test runner's `ssr-render` command)
 * shows before any script; then the library loads, every element upgrades in place,
 * replaces its server state and loads data from the memory adapter.
 *
 * The library is imported only inside the test, after the server markup is in the page.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import { waitFor } from './helpers.js';
import { carla } from '../../stories/data/patients.js';
import { typicalSummary } from '../../stories/data/summaries.js';

async function serverMarkup(tag: string, patient: string, locale: string): Promise<string> {
  const markup = await executeServerCommand<string, { tag: string; options: unknown }>('ssr-render', {
    tag,
    options: { provider: { locale }, patient },
  });
  if (!markup) throw new Error('the ssr-render command is not available');
  return markup;
}

describe('server-rendered markup, then the library', () => {
  it('shows the server state first, then upgrades and loads data', async () => {
    const banner = await serverMarkup('engage-patient-banner', carla.ref, 'es');
    const summary = await serverMarkup('engage-clinical-summary', 'Patient/typical', 'en');
    const page = document.createElement('div');
    // setHTMLUnsafe parses declarative shadow roots, as the browser does for a served page
    page.setHTMLUnsafe(banner + summary);
    document.body.append(page);

    const [bannerEl, summaryEl] = [page.querySelector('engage-patient-banner')!, page.querySelector('engage-clinical-summary')!];
    expect(customElements.get('engage-patient-banner')).to.equal(undefined);
    // before any script: the server's first state is on screen, in shadow roots
    expect(bannerEl.shadowRoot?.querySelector('[part~="not-configured"]')).to.not.equal(null);
    expect(summaryEl.shadowRoot?.querySelector('[part~="not-configured"]')).to.not.equal(null);

    const providers = [...page.querySelectorAll('engage-provider')] as EngageProvider[];
    providers[0]!.adapter = createMemoryAdapter({ patients: [carla] });
    providers[1]!.adapter = createMemoryAdapter({ summary: { summaries: { 'Patient/typical': typicalSummary } } });
    await import('../../src/index.js');

    await waitFor(() => bannerEl.shadowRoot?.querySelector('[part~="name"]'), 'the banner to load its patient');
    await waitFor(() => summaryEl.shadowRoot?.querySelector('[part~="section"], section'), 'the summary to load');
    // the server state was replaced, not kept beside the live content
    expect(bannerEl.shadowRoot!.querySelector('[part~="not-configured"]')).to.equal(null);
    expect(summaryEl.shadowRoot!.querySelector('[part~="not-configured"]')).to.equal(null);
    expect(bannerEl.shadowRoot!.querySelectorAll('[part~="base"]').length).to.equal(1);
    expect(bannerEl.shadowRoot!.querySelector('[part~="name"]')!.textContent).to.contain('Echevarría');
    // the Spanish provider's banner speaks Spanish once live
    await waitFor(() => bannerEl.shadowRoot!.querySelector('section')!.getAttribute('aria-label') === 'Paciente', 'Spanish');
    expect(providers[0]!.shadowRoot!.querySelectorAll('slot').length).to.equal(1);
    page.remove();
  });
});
