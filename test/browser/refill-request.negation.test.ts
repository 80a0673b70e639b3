/**
 * The refill form never offers what the record says must not be refilled: an order NOT
 * to give a medicine, an inpatient-only infusion; and a prescription with no refills
 * authorised and no fill recorded goes to the prescriber, not to the pharmacy.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import '../../src/elements/refill-request/refill-request.js';
import type { EngageRefillRequest } from '../../src/elements/refill-request/refill-request.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { Prescription } from '../../src/adapters/ports.js';
import { REFILL_PATIENT, refillData } from '../../stories/data/refills.js';
import { settled, waitFor } from './helpers.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);

function prescription(id: string, name: string, fields: Partial<Prescription>): Prescription {
  return {
    id,
    medication: { text: name, codings: [] },
    status: 'active',
    authoredOn: '2024-03-01',
    refillsAllowed: 3,
    dispenses: [],
    controlled: false,
    ...fields,
  };
}

describe('<engage-refill-request> and what must not be refilled', function () {
  let container: HTMLElement;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    render(null, container);
    container.remove();
  });

  it('lists a do-not-give order and an infusion without a checkbox, and a never-filled no-refill prescription as a renewal', async () => {
    const prescriptions = [
      prescription('rx-heparin', 'Heparin 5000 UNT/ML Injectable Solution', { doNotPerform: true }),
      prescription('rx-vanco', 'Vancomycin 1 G Injection', { inpatientOnly: true }),
      prescription('rx-amox', 'Amoxicillin 500 MG Oral Capsule', { refillsAllowed: 0 }),
      prescription('rx-lisinopril', 'Lisinopril 10 MG Oral Tablet', {}),
    ];
    const adapter = createMemoryAdapter({ refills: refillData({ prescriptions: { [REFILL_PATIENT]: prescriptions } }) });
    render(
      html`<engage-refill-request .adapter=${adapter} .session=${{ patient: REFILL_PATIENT, now: NOW, locale: 'en' }}></engage-refill-request>`,
      container,
    );
    const el = container.querySelector<EngageRefillRequest>('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('form, .form'), 'loaded');
    await settled(el);
    const row = (name: string) =>
      [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')].find((r) => r.textContent?.includes(name))!;
    const group = (name: string) => row(name).closest('.group')!.querySelector('[role="heading"]')!.textContent!.trim();
    const text = (name: string) => row(name).textContent!.replace(/\s+/g, ' ');

    expect(group('Heparin')).to.equal('Cannot be requested online');
    expect(row('Heparin').querySelector('input[type="checkbox"]')).to.equal(null);
    expect(text('Heparin')).to.contain('This is an order NOT to give this medicine. It cannot be refilled.');

    expect(group('Vancomycin')).to.equal('Cannot be requested online');
    expect(row('Vancomycin').querySelector('input[type="checkbox"]')).to.equal(null);
    expect(text('Vancomycin')).to.contain('given in the hospital or clinic');

    expect(group('Amoxicillin')).to.equal('Needs a new prescription');
    expect(text('Amoxicillin')).to.contain('No refills were allowed on this prescription.');
    expect(text('Amoxicillin')).not.to.contain('Ready to refill');

    expect(group('Lisinopril')).to.equal('Ready to refill');
    await expect(el).to.be.accessible();
  });
});
