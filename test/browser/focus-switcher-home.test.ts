/**
 * #19 bar for <engage-patient-switcher> and <engage-portal-home>: where focus is after
 * every state change, keyboard only.
 *
 * Switcher (documented in its JSDoc): choosing another patient keeps focus on the radio of
 * the patient chosen, also when the host hands the list in again (a framework host that
 * recomputes its props on every session change), which reloads the list.
 * Portal home: a card is a link, so activating it leaves focus on that card (the page it
 * opens is the host's); when the cards are read again (another patient), focus returns to
 * the same card, never to the first one or to <body>.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/core/provider.js';
import '../../src/elements/patient-switcher/patient-switcher.js';
import '../../src/elements/portal-home/portal-home.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import type { EngagePatientSwitcher } from '../../src/elements/patient-switcher/patient-switcher.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { LinkedPatient, PatientDemographics } from '../../src/adapters/ports.js';
import { mountFrame, waitFor } from './helpers.js';

const NOW = () => new Date(2026, 11, 1, 10);
const person = (ref: string, given: string, birthDate: string): PatientDemographics => ({
  ref,
  names: [{ given: [given], family: 'Gómez', prefix: [], suffix: [], use: 'official' }],
  birthDate,
  identifiers: [],
});
const LINKS: LinkedPatient[] = [
  { patient: 'Patient/lucas', name: 'Lucas Gómez', birthDate: '2011-08-03', actingAs: 'RelatedPerson/ana-for-lucas', relationship: 'Mother' },
  { patient: 'Patient/sofia', name: 'Sofía Gómez', birthDate: '2018-11-04', actingAs: 'RelatedPerson/ana-for-sofia', relationship: 'Mother' },
];
const adapter = () =>
  createMemoryAdapter({
    patients: [person('Patient/lucas', 'Lucas', '2011-08-03'), person('Patient/sofia', 'Sofía', '2018-11-04')],
    linkedPatients: { 'RelatedPerson/ana-for-lucas': LINKS, 'RelatedPerson/ana-for-sofia': LINKS },
  });

/** The element that really has focus, through open shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<engage-patient-switcher>: focus after switching', () => {
  const radios = (el: EngagePatientSwitcher) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  const nameOf = (radio: Element | null) => text((radio as HTMLInputElement | null)?.labels?.[0]?.querySelector('.option__name'));

  async function family(options: { hostList?: boolean } = {}) {
    const frame = mountFrame();
    // a host that hands the list in anew on every session change, as a framework's props would
    const draw = (patient: string) =>
      render(
        html`<engage-provider
          .adapter=${adapter()}
          patient=${patient}
          user=${patient === 'Patient/lucas' ? 'RelatedPerson/ana-for-lucas' : 'RelatedPerson/ana-for-sofia'}
          user-name="Ana Gómez"
          user-role="caregiver"
          .now=${NOW}
          @engage-session-change=${(e: CustomEvent<{ patient: string }>) => {
            if (options.hostList) draw(e.detail.patient);
          }}
          ><engage-patient-switcher .patients=${options.hostList ? LINKS.map((p) => ({ ...p })) : undefined}></engage-patient-switcher
        ></engage-provider>`,
        frame,
      );
    draw('Patient/lucas');
    const provider = frame.querySelector<EngageProvider>('engage-provider')!;
    const switcher = frame.querySelector<EngagePatientSwitcher>('engage-patient-switcher')!;
    await waitFor(() => switcher.shadowRoot?.querySelector('[part~="acting"]'), 'the acting line');
    return { provider, switcher };
  }

  for (const hostList of [false, true]) {
    it(`ArrowDown chooses the next patient and focus stays on that patient's radio${hostList ? ' (list handed in again by the host)' : ''}`, async () => {
      const { provider, switcher } = await family({ hostList });
      radios(switcher)[0]!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await waitFor(() => provider.patient === 'Patient/sofia' && text(switcher.shadowRoot!.querySelector('[part~="acting"]')).includes('Sofía'), 'the switch');
      await switcher.updateComplete;
      const active = await waitFor(() => (deepActive() !== document.body ? deepActive() : undefined), 'focus to rest');
      expect(active.isConnected).to.equal(true);
      expect(nameOf(active)).to.equal('Sofía Gómez');
      expect((active as HTMLInputElement).checked).to.equal(true);
    });
  }
});

describe('<engage-portal-home>: focus after a card action', () => {
  async function home() {
    const frame = mountFrame();
    const draw = (patient: string) =>
      render(html`<engage-portal-home .adapter=${adapter()} .session=${{ patient, role: 'patient', locale: 'en-US', now: NOW }}></engage-portal-home>`, frame);
    draw('Patient/lucas');
    const el = frame.querySelector('engage-portal-home')!;
    await waitFor(() => el.shadowRoot?.querySelector('.cards'), 'the cards');
    return { el, draw };
  }
  const card = (el: Element, key: string) => el.shadowRoot!.querySelector<HTMLAnchorElement>(`.card--${key}`)!;
  const title = (el: Element | null) => text(el?.querySelector('[role="heading"]'));

  it('Enter on a card opens its page and focus stays on that card', async () => {
    const before = location.hash;
    try {
      const { el } = await home();
      const vaccines = card(el, 'immunizations');
      vaccines.focus();
      await sendKeys({ press: 'Enter' });
      await waitFor(() => location.hash === '#immunizations', 'the link to be followed');
      expect(deepActive() === vaccines, `focus on ${title(deepActive())}`).to.equal(true);
      expect(vaccines.isConnected).to.equal(true);
    } finally {
      history.replaceState(null, '', before || location.pathname + location.search);
    }
  });

  it('cards read again for another patient: focus returns to the same card, not the first', async () => {
    const { el, draw } = await home();
    const vaccines = card(el, 'immunizations');
    vaccines.focus();
    draw('Patient/sofia');
    // the cards are drawn anew (the focused one is removed while they load)
    await waitFor(() => !vaccines.isConnected && el.shadowRoot!.querySelector('.cards'), 'the new cards');
    const active = await waitFor(() => (deepActive() !== document.body ? deepActive() : undefined), 'focus to rest');
    expect(active.isConnected).to.equal(true);
    expect(title(active)).to.equal('Vaccines');
  });
});
