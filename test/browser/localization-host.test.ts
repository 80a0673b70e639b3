/**
 * A host page that localizes its own strings with @lit/localize, configured before the
 * library loads (the order a host's bundle runs in), can still load the library, and
 * both keep their own language: the host's French, the providers' English and Spanish.
 *
 * The library is imported only inside the test, after the host's configuration.
 */
import { expect } from '@open-wc/testing';
import { LitElement, html, render } from 'lit';
import { configureLocalization, msg, updateWhenLocaleChanges } from '@lit/localize';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { settled, waitFor } from './helpers.js';
import { carla } from '../../stories/data/patients.js';

const { setLocale } = configureLocalization({
  sourceLocale: 'en',
  targetLocales: ['fr'],
  loadLocale: async () => ({ templates: { 'host.greeting': 'Bonjour' } }),
});

class HostGreeting extends LitElement {
  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  protected override render() {
    return html`<p>${msg('Hello', { id: 'host.greeting' })}</p>`;
  }
}
customElements.define('host-greeting', HostGreeting);

describe('a host that uses @lit/localize itself', () => {
  it('loads the library without error, and each keeps its own language', async () => {
    // before: "lit-localize can only be configured once", and no element was defined
    await import('../../src/index.js');
    expect(customElements.get('engage-provider')).to.not.equal(undefined);
    expect(customElements.get('engage-patient-banner')).to.not.equal(undefined);

    await setLocale('fr');
    const adapter = createMemoryAdapter({ patients: [carla] });
    const page = document.createElement('div');
    document.body.append(page);
    render(
      html`<host-greeting></host-greeting>
        <engage-provider .adapter=${adapter} patient=${carla.ref} locale="en"><engage-patient-banner></engage-patient-banner></engage-provider>
        <engage-provider .adapter=${adapter} patient=${carla.ref} locale="es"><engage-patient-banner></engage-patient-banner></engage-provider>`,
      page,
    );
    const [en, es] = [...page.querySelectorAll<HTMLElement>('engage-patient-banner')] as [HTMLElement, HTMLElement];
    const label = (el: HTMLElement) => el.shadowRoot?.querySelector('section')?.getAttribute('aria-label');
    await waitFor(() => label(es) === 'Paciente' && en.shadowRoot?.querySelector('[part~="name"]'), 'both banners');
    await settled(page.querySelector<HostGreeting>('host-greeting')!);
    expect(page.querySelector('host-greeting')!.shadowRoot!.textContent).to.contain('Bonjour');
    expect(label(en)).to.equal('Patient');
    expect(label(es)).to.equal('Paciente');
    page.remove();
  });
});
