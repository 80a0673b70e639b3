/**
 * The refill form says only what the record says:
 *
 * - a prescription with no `dispenseRequest.numberOfRepeatsAllowed` (every active Synthea
 *   order, US Core patient 85's furosemide) does not state its refills — that is not
 *   "0 refills": never "No refills were allowed" nor "Refills left: 0";
 * - a MedicationRequest that is not an order (`intent` plan, proposal, option …: the IPS UK
 *   example and the PDex example are plans) is never a prescription to refill, even from a
 *   server that ignores the `intent=order` filter.
 *
 * Expectations are counted from the source JSON, never through the code under test.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import '../../src/elements/refill-request/refill-request.js';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import { indexResources, toPrescription } from '../../src/adapters/fhir/mapping/refill.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { eligibilityOf } from '../../src/elements/refill-request/eligibility.js';
import { reasonText } from '../../src/elements/refill-request/eligibility-text.js';
import { applyLocale } from '../../src/core/localization.js';
import type { EngageRefillRequest } from '../../src/elements/refill-request/refill-request.component.js';
import { demoData, fhirEndpoints, fixture, settled, waitFor } from './helpers.js';
import { ignoringIntent } from './refill-helpers.js';

type Json = Resource & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type BundleJson = { entry: { fullUrl?: string; resource: Json }[] };

const resourcesOf = (bundle: BundleJson, type: string) => bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
const repeatsOf = (request: Json): unknown => request.dispenseRequest?.numberOfRepeatsAllowed;
const addDaysTo = (date: string, days: number) => new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const NOT_STATED_EN = 'This prescription does not say how many refills it has. Your prescriber will decide.';
const NOT_STATED_ES = 'Esta receta no dice cuántos resurtidos tiene. Quien se la recetó decidirá.';

describe('refills not stated on the prescription', () => {
  afterEach(() => applyLocale('en'));

  it('Synthea Vito Feeney: active orders without numberOfRepeatsAllowed are "not stated", never "no refills allowed" or 0 left', async () => {
    const bundle = await demoData<BundleJson>('synthea-vito-feeney-63dd4423.json');
    const active = resourcesOf(bundle, 'MedicationRequest').filter((r) => r.status === 'active');
    expect(active).to.have.length(4);
    for (const request of active) {
      expect(repeatsOf(request), request.id).to.equal(undefined);
      const prescription = toPrescription(request, [], indexResources([]));
      expect(prescription.refillsAllowed, request.id).to.equal(undefined);
      // a month after it was written: inside its (assumed) year, never filled
      const today = addDaysTo(request.authoredOn, 30);
      const result = eligibilityOf({ ...prescription, controlled: false }, { today });
      expect(result, request.id).to.include({ category: 'renewal', reason: 'refills-not-stated' });
      expect(result.refillsAllowed, request.id).to.equal(undefined);
      expect(result.refillsRemaining, request.id).to.equal(undefined);
      expect(reasonText(result, 'en-US')).to.equal(NOT_STATED_EN);
      await applyLocale('es-MX');
      expect(reasonText(result, 'es-MX')).to.equal(NOT_STATED_ES);
      await applyLocale('en');
    }
  });

  it('US Core patient 85 furosemide (no dispenseRequest, one fill): "not stated", not "no refills left"', async () => {
    const bundle = await fixture<BundleJson>('fhir-r4/us-core/uscore-bundle-patient-85.json');
    const furosemide = resourcesOf(bundle, 'MedicationRequest').find((r) => r.id === 'c98ce29f-de0d-377b-db87-bccbd618d7e3')!;
    expect(furosemide.dispenseRequest).to.equal(undefined);
    const dispenses = resourcesOf(bundle, 'MedicationDispense').filter((d) =>
      (d.authorizingPrescription as { reference: string }[]).some((a) => a.reference.endsWith(furosemide.id!)),
    );
    expect(dispenses).to.have.length(1);
    // as if written recently: inside its year, and its one recorded fill is long used
    const prescription = { ...toPrescription(furosemide, dispenses, indexResources([])), authoredOn: '2024-06-01' };
    const result = eligibilityOf(prescription, { today: '2024-06-15' });
    expect(result).to.include({ category: 'renewal', reason: 'refills-not-stated' });
    expect(reasonText(result, 'en-US')).to.equal(NOT_STATED_EN);

    // a stated 0 still says no refills were allowed (spec example 0301, made active and
    // taken as an outpatient order, so the stated zero is what decides)
    const source = await fixture<Json>('fhir-r4/spec-examples/medicationrequest0301.json');
    expect(repeatsOf(source)).to.equal(0);
    const zero = { ...toPrescription({ ...source, status: 'active' }, [], indexResources([])), inpatientOnly: undefined };
    const stated = eligibilityOf(zero, { today: '2015-01-20', isControlled: () => false });
    expect(stated).to.include({ category: 'renewal', reason: 'no-refills-authorised', refillsAllowed: 0, refillsRemaining: 0 });
  });

  it('the form shows "Refills left: Not recorded" for every active Vito Feeney prescription (local FHIR server)', async () => {
    // Vito Feeney's record says he died (1979): a patient or caregiver sees only a notice,
    // so the chart is opened as a clinician would
    const bundle = await demoData<BundleJson>('synthea-vito-feeney-63dd4423.json');
    const patient = resourcesOf(bundle, 'Patient')[0]!;
    const active = resourcesOf(bundle, 'MedicationRequest').filter((r) => r.status === 'active');
    const { fhirUrl } = await fhirEndpoints();
    const container = document.createElement('div');
    document.body.append(container);
    try {
      render(
        html`<engage-refill-request
          .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
          .session=${{ patient: `Patient/${patient.id}`, role: 'clinician', now: () => new Date(2024, 5, 15, 12), locale: 'en' }}
        ></engage-refill-request>`,
        container,
      );
      const el = container.querySelector<EngageRefillRequest>('engage-refill-request')!;
      await waitFor(() => el.shadowRoot?.querySelectorAll('[part~="medication"]').length, 'the medications');
      await settled(el);
      const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')];
      expect(rows).to.have.length(active.length);
      for (const request of active) {
        const name = request.medicationCodeableConcept.text as string;
        const row = rows.find((r) => r.textContent!.includes(name));
        expect(row, name).to.not.equal(undefined);
        const facts = [...row!.querySelectorAll('.facts div')].map(
          (pair) => `${pair.querySelector('dt')!.textContent!.trim()}: ${pair.querySelector('dd')!.textContent!.trim()}`,
        );
        expect(facts, name).to.include('Refills left: Not recorded');
        expect(row!.textContent, name).to.not.include('No refills were allowed');
      }
    } finally {
      render(null, container);
      container.remove();
    }
  });
});

describe('refill: only orders are prescriptions', () => {
  /** A fresh patient with the IPS UK and PDex plan MedicationRequests (and their Medications) and one order (spec medrx0302). */
  async function seed(direct: FhirClient): Promise<{ patient: string; orderId: string; planCount: number }> {
    const patient = (await direct.create<Json>({ resourceType: 'Patient', name: [{ family: 'Intenttest', given: ['Ola'] }] })).body;
    const subject = { reference: `Patient/${patient.id}` };
    let planCount = 0;
    for (const file of ['ips/ips-uk-nhsx-example-01.json', 'us-core/pdex-bundle-patient-999.json']) {
      const bundle = await fixture<BundleJson>(`fhir-r4/${file}`);
      const medications = new Map<string, string>();
      for (const entry of bundle.entry.filter((e) => e.resource.resourceType === 'Medication')) {
        const stored = (await direct.create<Json>({ ...entry.resource, id: undefined })).body;
        medications.set(`Medication/${entry.resource.id}`, `Medication/${stored.id}`);
        if (entry.fullUrl) medications.set(entry.fullUrl, `Medication/${stored.id}`);
      }
      for (const request of resourcesOf(bundle, 'MedicationRequest')) {
        expect(request.intent, `${file} ${request.id}`).to.not.equal('order');
        planCount += 1;
        await direct.create<Json>({
          resourceType: 'MedicationRequest',
          status: request.status,
          intent: request.intent,
          medicationReference: { reference: medications.get(request.medicationReference.reference) },
          subject,
          authoredOn: request.authoredOn,
          ...(request.dispenseRequest ? { dispenseRequest: request.dispenseRequest } : {}),
          ...(request.dosageInstruction ? { dosageInstruction: request.dosageInstruction } : {}),
        });
      }
    }
    const order = await fixture<Json>('fhir-r4/spec-examples/medicationrequest0302.json');
    const stored = (await direct.create<Json>({ ...order, id: undefined, text: undefined, subject })).body;
    return { patient: `Patient/${patient.id}`, orderId: stored.id!, planCount };
  }

  it('a plan (IPS UK, PDex) is never listed as a prescription, even when the server ignores intent=order', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const direct = new FhirClient({ baseUrl: fhirUrl });
    const { patient, orderId, planCount } = await seed(direct);
    expect(planCount).to.equal(3);
    // what the server holds for the patient: the plans and the order
    const all = (await direct.searchAll<Json>('MedicationRequest', { subject: patient })).resources;
    expect(all).to.have.length(planCount + 1);

    const sloppy = createFhirAdapter({ baseUrl: fhirUrl, fetch: ignoringIntent });
    const listed = await sloppy.refills!.listPrescriptions(patient);
    expect(listed.map((p) => p.id)).to.deep.equal([orderId]);
    const honest = createFhirAdapter({ baseUrl: fhirUrl });
    expect((await honest.refills!.listPrescriptions(patient)).map((p) => p.id)).to.deep.equal([orderId]);
  });
});
