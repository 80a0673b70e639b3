/**
 * Refill eligibility: the pure rules over plain prescriptions, and over real FHIR
 * fixture prescriptions (FHIR R4 spec examples, the US Core patient 85 with its
 * MedicationDispense, the Synthea patient Jill Tillman) mapped by the FHIR adapter.
 */
import { expect } from '@open-wc/testing';
import type { Prescription } from '../../src/adapters/ports.js';
import {
  addDays,
  calendarDate,
  calendarToday,
  classify,
  eligibilityOf,
} from '../../src/elements/refill-request/eligibility.js';
import { indexResources, isControlledMedication, toPrescription } from '../../src/adapters/fhir/mapping/refill.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { reasonText } from '../../src/elements/refill-request/eligibility-text.js';
import { applyLocale } from '../../src/core/localization.js';
import { demoData, fixture, setTimeZone } from './helpers.js';
import { resourcesOf } from './synthea.js';

const TODAY = '2024-06-15';

function rx(fields: Partial<Prescription> = {}): Prescription {
  return {
    id: 'rx-1',
    medication: { text: 'lisinopril 10 MG Oral Tablet', codings: [] },
    status: 'active',
    authoredOn: '2024-01-10',
    refillsAllowed: 3,
    dispenses: [],
    controlled: false,
    ...fields,
  };
}

describe('refill eligibility (pure rules)', () => {
  it('refills left and still valid → refill, with refills remaining counted from dispenses', () => {
    const result = eligibilityOf(
      rx({ dispenses: [{ date: '2024-05-01', daysSupply: 30 }, { date: '2024-01-10', daysSupply: 30 }] }),
      { today: TODAY },
    );
    expect(result).to.include({ category: 'refill', reason: 'refills-remain', refillsUsed: 1, refillsRemaining: 2 });
    expect(result.lastFilled).to.equal('2024-05-01');
  });

  it('never filled: the first fill is still available and every refill remains', () => {
    const result = eligibilityOf(rx({ refillsAllowed: 2, dispenses: [] }), { today: TODAY });
    expect(result).to.include({ category: 'refill', reason: 'refills-remain', refillsRemaining: 2, refillsUsed: 0 });
  });

  it('dispense history that has used every refill → renewal, no refills left', () => {
    const result = eligibilityOf(
      rx({
        refillsAllowed: 2,
        dispenses: [{ date: '2024-05-10' }, { date: '2024-04-10' }, { date: '2024-03-10' }],
      }),
      { today: TODAY },
    );
    expect(result).to.include({ category: 'renewal', reason: 'no-refills-left', refillsUsed: 2, refillsRemaining: 0 });
  });

  it('no refills stated and already filled once → renewal, as not stated (absent is not 0)', () => {
    const result = eligibilityOf(rx({ refillsAllowed: undefined, dispenses: [{ date: '2024-05-10' }] }), { today: TODAY });
    expect(result).to.include({ category: 'renewal', reason: 'refills-not-stated', refillsAllowed: undefined, refillsRemaining: undefined });
  });

  it('validity period ended → renewal, expired, with the end date', () => {
    const result = eligibilityOf(rx({ validFrom: '2023-03-01', validUntil: '2024-03-01' }), { today: TODAY });
    expect(result).to.include({ category: 'renewal', reason: 'expired', validUntil: '2024-03-01', validUntilAssumed: false });
  });

  it('valid through today is not expired (the end date is inclusive)', () => {
    expect(eligibilityOf(rx({ validUntil: TODAY }), { today: TODAY }).category).to.equal('refill');
    expect(eligibilityOf(rx({ validUntil: '2024-06-14' }), { today: TODAY }).reason).to.equal('expired');
  });

  it('no validity recorded: valid for 365 days from the written date (configurable)', () => {
    const old = eligibilityOf(rx({ authoredOn: '2023-06-14' }), { today: TODAY });
    expect(old).to.include({ category: 'renewal', reason: 'expired', validUntil: '2024-06-13', validUntilAssumed: true });
    const recent = eligibilityOf(rx({ authoredOn: '2023-06-16T10:00:00-04:00' }), { today: TODAY });
    expect(recent.category).to.equal('refill');
    const shorter = eligibilityOf(rx({ authoredOn: '2024-05-01' }), { today: TODAY, defaultValidityDays: 30 });
    expect(shorter.reason).to.equal('expired');
  });

  it('future start → not requestable online, with the start date', () => {
    const result = eligibilityOf(rx({ validFrom: '2024-07-01', validUntil: '2024-12-31' }), { today: TODAY });
    expect(result).to.include({ category: 'unavailable', reason: 'not-started', nextEligible: '2024-07-01' });
  });

  it('controlled substance (adapter flag) → not requestable online, even when expired', () => {
    const result = eligibilityOf(rx({ controlled: true, validUntil: '2024-01-01' }), { today: TODAY });
    expect(result).to.include({ category: 'unavailable', reason: 'controlled' });
  });

  it("the host's controlled rule overrides the adapter both ways; undefined defers", () => {
    const flagged = rx({ controlled: true });
    const plain = rx({ controlled: false });
    expect(eligibilityOf(flagged, { today: TODAY, isControlled: () => false }).category).to.equal('refill');
    expect(eligibilityOf(plain, { today: TODAY, isControlled: () => true }).reason).to.equal('controlled');
    expect(eligibilityOf(flagged, { today: TODAY, isControlled: () => undefined }).reason).to.equal('controlled');
  });

  it('already requested and pending → not requestable online', () => {
    const result = eligibilityOf(rx({ pendingRequest: 'Task/9' }), { today: TODAY });
    expect(result).to.include({ category: 'unavailable', reason: 'pending', pendingRequest: 'Task/9' });
  });

  it('approved after the last fill and not yet dispensed → not requestable again (no double request)', () => {
    const filled = rx({ daysSupply: 30, dispenses: [{ date: '2024-05-01' }] });
    const approved = eligibilityOf(filled, { today: TODAY, approvals: { 'rx-1': '2024-06-14T16:00:00-04:00' } });
    expect(approved).to.include({ category: 'unavailable', reason: 'approved', approvedOn: '2024-06-14' });
    // an approval before the last fill was used by that fill
    expect(eligibilityOf(filled, { today: TODAY, approvals: { 'rx-1': '2024-04-28' } }).category).to.equal('refill');
    // an approval older than the supply (and at least a week) no longer blocks
    expect(eligibilityOf(filled, { today: TODAY, approvals: { 'rx-1': '2024-05-10' } }).category).to.equal('refill');
    expect(eligibilityOf(rx(), { today: TODAY, approvals: { 'rx-1': '2024-06-10' } }).reason).to.equal('approved');
    expect(eligibilityOf(rx(), { today: TODAY, approvals: { 'rx-1': '2024-06-07' } }).reason).to.equal('refills-remain');
  });

  it('an approval stamped in UTC is on the viewer\'s day: a fill the next morning used it', async () => {
    await setTimeZone('America/New_York');
    try {
      // approved at 21:00 on 14 June in New York (01:00 UTC on the 15th), filled on the 15th
      const filled = rx({ daysSupply: 30, dispenses: [{ date: '2024-06-15' }] });
      const result = eligibilityOf(filled, { today: TODAY, approvals: { 'rx-1': '2024-06-15T01:00:00Z' } });
      expect(result.reason, 'the approval was used by the fill').to.not.equal('approved');
      expect(result).to.include({ category: 'unavailable', reason: 'too-early' });
    } finally {
      await setTimeZone('UTC');
    }
  });

  it('too early: next eligible = last fill + 75 % of the days supply, rounded up', () => {
    const result = eligibilityOf(rx({ dispenses: [{ date: '2024-06-10', daysSupply: 90 }] }), { today: TODAY });
    expect(result).to.include({ category: 'unavailable', reason: 'too-early', nextEligible: '2024-08-17' });
    // falls back to the prescription's expected supply when the dispense does not say
    const fallback = eligibilityOf(rx({ daysSupply: 30, dispenses: [{ date: '2024-06-01' }] }), { today: TODAY });
    expect(fallback).to.include({ reason: 'too-early', nextEligible: '2024-06-24' });
    // on the eligible day itself it is a refill
    const onTheDay = eligibilityOf(rx({ daysSupply: 30, dispenses: [{ date: '2024-05-23' }] }), { today: TODAY });
    expect(onTheDay.category).to.equal('refill');
    // a stricter window from the host
    const strict = eligibilityOf(rx({ daysSupply: 30, dispenses: [{ date: '2024-05-23' }] }), { today: TODAY, refillWindow: 1 });
    expect(strict).to.include({ reason: 'too-early', nextEligible: '2024-06-22' });
  });

  it('not active → never offered (classify leaves it out)', () => {
    expect(eligibilityOf(rx({ status: 'stopped' }), { today: TODAY }).reason).to.equal('inactive');
    const groups = classify([rx({ id: 'a', status: 'stopped' }), rx({ id: 'b' })], { today: TODAY });
    expect(groups.refill.map((c) => c.prescription.id)).to.deep.equal(['b']);
    expect(groups.unavailable).to.have.length(0);
  });

  it('dates are calendar dates: a late-evening dispense in another zone keeps its date', async () => {
    expect(calendarDate('2024-05-31T23:30:00-10:00')).to.equal('2024-05-31');
    expect(calendarDate('2024-05')).to.equal('2024-05-01');
    expect(addDays('2024-02-28', 1)).to.equal('2024-02-29');
    expect(addDays('2024-03-09', 1)).to.equal('2024-03-10');
    for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
      await setTimeZone(zone);
      const result = eligibilityOf(rx({ dispenses: [{ date: '2024-05-31T23:30:00-10:00', daysSupply: 20 }] }), {
        today: TODAY,
      });
      expect(result.lastFilled, zone).to.equal('2024-05-31');
      // 75 % of 20 days after 31 May is 15 June: requestable today in every zone
      expect(result.category, zone).to.equal('refill');
      // the local calendar day of a fixed moment follows the viewer's zone, as a patient expects
      const moment = new Date('2024-06-15T11:00:00Z');
      const expected = zone === 'Pacific/Kiritimati' ? '2024-06-16' : '2024-06-15';
      expect(calendarToday(moment), zone).to.equal(expected);
    }
    await setTimeZone('UTC');
  });
});

type FhirResource = Resource & Record<string, unknown>;

describe('refill eligibility over FHIR fixture prescriptions', () => {
  const load = (name: string) => fixture<FhirResource>(`fhir-r4/spec-examples/${name}.json`);
  const asPrescription = (resource: FhirResource, dispenses: FhirResource[] = []) =>
    toPrescription(resource, dispenses, indexResources([]));

  it('spec example 0302 (azithromycin, 1 repeat, valid 2015): refill while unused, renewal once both fills are dispensed', async () => {
    const request = await load('medicationrequest0302');
    const prescription = asPrescription(request);
    expect(prescription.medication.codings[0]?.display).to.equal('Azithromycin 250mg capsule (product)');
    expect(prescription).to.include({ refillsAllowed: 1, validFrom: '2015-01-15', validUntil: '2016-01-15', daysSupply: 5 });
    expect(eligibilityOf(prescription, { today: '2015-03-01' })).to.include({ category: 'refill', refillsRemaining: 1 });

    const dispense = (date: string): FhirResource => ({
      resourceType: 'MedicationDispense',
      status: 'completed',
      authorizingPrescription: [{ reference: 'MedicationRequest/medrx0302' }],
      whenHandedOver: date,
      daysSupply: { value: 5, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
    });
    const oneFill = asPrescription(request, [dispense('2015-01-16')]);
    expect(eligibilityOf(oneFill, { today: '2015-03-01' })).to.include({ category: 'refill', refillsRemaining: 1 });
    const allUsed = asPrescription(request, [dispense('2015-01-16'), dispense('2015-01-21T17:00:00+01:00')]);
    expect(eligibilityOf(allUsed, { today: '2015-03-01' })).to.include({
      category: 'renewal',
      reason: 'no-refills-left',
      lastFilled: '2015-01-21',
    });
    // a dispense that was cancelled or entered in error is not a fill
    const withVoid = asPrescription(request, [dispense('2015-01-16'), { ...dispense('2015-01-21'), status: 'entered-in-error' }]);
    expect(eligibilityOf(withVoid, { today: '2015-03-01' }).category).to.equal('refill');
  });

  it('spec example 0312 (phenytoin) after its validity period → renewal, expired', async () => {
    const prescription = asPrescription(await load('medicationrequest0312'));
    expect(eligibilityOf(prescription, { today: '2016-02-01' })).to.include({ category: 'renewal', reason: 'expired', validUntil: '2016-01-15' });
  });

  it('spec example 0303 before its validity starts → not-started', async () => {
    const prescription = asPrescription(await load('medicationrequest0303'));
    expect(eligibilityOf(prescription, { today: '2015-01-10' })).to.include({ category: 'unavailable', reason: 'not-started' });
  });

  it('the FHIR adapter flags controlled substances by ingredient or brand; others are not flagged', async () => {
    for (const name of ['medicationrequest0305', 'medicationrequest0307', 'medicationrequest0308', 'medicationrequest0315']) {
      const prescription = asPrescription(await load(name));
      expect(prescription.controlled, name).to.equal(true);
      expect(eligibilityOf({ ...prescription, status: 'active' }, { today: '2015-02-01' }).reason, name).to.equal('controlled');
    }
    for (const name of ['medicationrequest0302', 'medicationrequest0312', 'medicationrequest0320']) {
      expect(asPrescription(await load(name)).controlled, name).to.equal(false);
    }
    // a DEA schedule coding (NCI Thesaurus C48675 = Schedule II) counts whatever the name
    expect(
      isControlledMedication({ text: 'Study drug', codings: [{ system: 'http://ncimeta.nci.nih.gov', code: 'C48675' }] }),
    ).to.equal(true);
    // whole words only: "Oxycodone" yes, "Hydrocodonex" no
    expect(isControlledMedication({ text: 'Hydrocodonex 5 MG', codings: [] })).to.equal(false);
  });

  it('US Core patient 85: furosemide with its MedicationDispense (one fill, no repeats) written in 1977 → renewal', async () => {
    const bundle = await demoData<{ entry: { resource: FhirResource }[] }>('uscore-bundle-patient-85.json');
    const orders = resourcesOf(bundle as never, 'MedicationRequest') as FhirResource[];
    const dispenses = resourcesOf(bundle as never, 'MedicationDispense') as FhirResource[];
    const furosemide = orders.find((r) => r.id === 'c98ce29f-de0d-377b-db87-bccbd618d7e3')!;
    const itsDispenses = dispenses.filter((d) =>
      (d.authorizingPrescription as { reference: string }[]).some((a) => a.reference.endsWith(furosemide.id!)),
    );
    expect(itsDispenses).to.have.length(1);
    const prescription = toPrescription(furosemide, itsDispenses, indexResources([]));
    expect(prescription.dispenses[0]?.quantity?.value).to.equal(480);
    const result = eligibilityOf(prescription, { today: TODAY });
    expect(result).to.include({ category: 'renewal', reason: 'expired', lastFilled: '2016-12-08', validUntilAssumed: true });
    // had it been written recently, it would still go to the prescriber: it does not say
    // how many refills it allows (no dispenseRequest), which is not "none left"
    const recent = eligibilityOf({ ...prescription, authoredOn: '2024-06-01' }, { today: TODAY });
    expect(recent).to.include({ category: 'renewal', reason: 'refills-not-stated' });

    // the injection is a Medication reference: its name comes from the Medication
    const injection = orders.find((r) => r.id === '3722c630-7ccd-b25e-316d-78fd30a4ff30')!;
    const medication = resourcesOf(bundle as never, 'Medication')[0] as FhirResource;
    const named = toPrescription(
      { ...injection, medicationReference: { reference: `Medication/${medication.id}` } },
      [],
      indexResources([medication]),
    );
    expect(named.medication.text).to.equal('10 ML Furosemide 10 MG/ML Injection');
  });

  it('Synthea Jill Tillman: 12 prescriptions, 5 active, all decades old → 5 renewals, stopped ones left out', async () => {
    const bundle = await demoData<{ entry: { resource: FhirResource }[] }>('synthea-jill-tillman-c4b7d178.json');
    const orders = resourcesOf(bundle as never, 'MedicationRequest') as FhirResource[];
    expect(orders).to.have.length(12);
    const prescriptions = orders.map((r) => toPrescription(r, [], indexResources([])));
    const groups = classify(prescriptions, { today: TODAY });
    expect(groups.renewal).to.have.length(5);
    expect(groups.refill).to.have.length(0);
    expect(groups.unavailable).to.have.length(0);
    expect(groups.renewal.every((c) => c.eligibility.reason === 'expired')).to.equal(true);
    // written 2021-01-03, so without a recorded validity it is assumed valid through 2022-01-03
    const trinessa = groups.renewal.find((c) => c.prescription.id === 'a5d762a3-10e0-4b8a-b535-08d11a58c5c3');
    expect(trinessa?.eligibility.validUntil).to.equal('2022-01-03');
    // on a date inside that year it is still a renewal: it does not say how many refills
    // it allows, so only the prescriber can say whether to fill it
    const inYear = classify(prescriptions, { today: '2021-06-01' });
    expect(inYear.refill).to.have.length(0);
    expect(inYear.renewal.find((c) => c.prescription.id === 'a5d762a3-10e0-4b8a-b535-08d11a58c5c3')?.eligibility.reason).to.equal(
      'refills-not-stated',
    );
  });
});

// ---------------------------------------------------------------------------
// What the record says (issue 11): a do-not-give order, no refills authorised, an assumed
// expiry, an inpatient-only order — each with its category and the words shown for it
// ---------------------------------------------------------------------------

describe('refill eligibility: orders that must not be refilled, and honest wording', () => {
  const load = (name: string) => fixture<FhirResource>(`fhir-r4/spec-examples/${name}.json`);
  const asPrescription = (resource: FhirResource, dispenses: FhirResource[] = []) =>
    toPrescription(resource, dispenses, indexResources([]));
  afterEach(() => applyLocale('en'));

  it('doNotPerform: an order NOT to give a medicine is never requestable, whatever its refills', async () => {
    // no fixture in the collection has doNotPerform = true: flip it on spec example 0312
    const source = await load('medicationrequest0312');
    const plain = asPrescription(source);
    expect(plain.doNotPerform).to.equal(undefined);
    const order = asPrescription({ ...source, doNotPerform: true });
    expect(order.doNotPerform).to.equal(true);
    const result = eligibilityOf(order, { today: '2015-03-01' });
    expect(result).to.include({ category: 'unavailable', reason: 'do-not-perform' });
    expect(reasonText(result, 'en-US')).to.equal('This is an order NOT to give this medicine. It cannot be refilled.');
    // the same order without the flag is a refill that day (the rule is what changes the answer)
    expect(eligibilityOf(plain, { today: '2015-03-01' }).category).to.equal('refill');
    const groups = classify([order], { today: '2015-03-01' });
    expect(groups.refill.length + groups.renewal.length).to.equal(0);
    // a wrong JSON type is not a doNotPerform
    expect(asPrescription({ ...source, doNotPerform: 'true' }).doNotPerform).to.equal(undefined);
  });

  it('no refills authorised and no dispense recorded → renewal, never "ready to refill · 0 refills left"', async () => {
    const result = eligibilityOf(rx({ refillsAllowed: 0, dispenses: [] }), { today: TODAY });
    expect(result).to.include({ category: 'renewal', reason: 'no-refills-authorised', refillsRemaining: 0 });
    expect(reasonText(result, 'en-US')).to.equal('No refills were allowed on this prescription. Ask for a new one.');
    // Synthea records no numberOfRepeatsAllowed and no dispense: inside its assumed year
    // Jill Tillman's Trinessa is a renewal, not a refill — because its refills are not
    // stated, which is not "no refills were allowed"
    const bundle = await demoData<{ entry: { resource: FhirResource }[] }>('synthea-jill-tillman-c4b7d178.json');
    const trinessa = (resourcesOf(bundle as never, 'MedicationRequest') as FhirResource[]).find(
      (r) => r.id === 'a5d762a3-10e0-4b8a-b535-08d11a58c5c3',
    )!;
    expect((trinessa.dispenseRequest as { numberOfRepeatsAllowed?: number } | undefined)?.numberOfRepeatsAllowed).to.equal(undefined);
    expect(eligibilityOf(asPrescription(trinessa), { today: '2021-06-01' })).to.include({
      category: 'renewal',
      reason: 'refills-not-stated',
    });
  });

  it('an expiry assumed from the default year says so; a recorded one states its date', () => {
    const assumed = eligibilityOf(rx({ authoredOn: '2023-01-10' }), { today: TODAY });
    expect(assumed).to.include({ category: 'renewal', reason: 'expired', validUntilAssumed: true });
    expect(reasonText(assumed, 'en-US')).to.equal(
      'Prescriptions usually expire after a year, and this one was written more than a year ago.',
    );
    const recorded = eligibilityOf(rx({ validUntil: '2024-03-01' }), { today: TODAY });
    expect(recorded).to.include({ reason: 'expired', validUntilAssumed: false });
    expect(reasonText(recorded, 'en-US')).to.equal('This prescription expired on March 1, 2024.');
  });

  it('inpatient-only orders (category inpatient, an intravenous infusion) are not requestable online', async () => {
    // spec 0318: vancomycin by intravenous infusion, active
    const vancomycin = asPrescription(await load('medicationrequest0318'));
    expect(vancomycin).to.include({ status: 'active', inpatientOnly: true });
    const result = eligibilityOf(vancomycin, { today: '2015-02-01' });
    expect(result).to.include({ category: 'unavailable', reason: 'inpatient-only' });
    expect(reasonText(result, 'en-US')).to.equal('This medicine is given in the hospital or clinic. It cannot be asked for online.');
    // spec 0301: oxycodone, category inpatient (made active, and the host's rule says not
    // controlled, so the category is what decides)
    const inpatient = asPrescription({ ...(await load('medicationrequest0301')), status: 'active' });
    expect(inpatient.inpatientOnly).to.equal(true);
    expect(eligibilityOf(inpatient, { today: '2015-02-01', isControlled: () => false }).reason).to.equal('inpatient-only');
    // oral and subcutaneous outpatient orders are not
    for (const name of ['medicationrequest0302', 'medicationrequest0312', 'medicationrequest0320']) {
      expect(asPrescription(await load(name)).inpatientOnly, name).to.equal(undefined);
    }
  });

  it('every new reason has Spanish words', async () => {
    await applyLocale('es-MX');
    const texts = [
      eligibilityOf(rx({ doNotPerform: true }), { today: TODAY }),
      eligibilityOf(rx({ refillsAllowed: 0 }), { today: TODAY }),
      eligibilityOf(rx({ authoredOn: '2023-01-10' }), { today: TODAY }),
      eligibilityOf(rx({ inpatientOnly: true }), { today: TODAY }),
    ].map((e) => reasonText(e, 'es-MX'));
    expect(texts).to.deep.equal([
      'Esta es una orden de NO dar este medicamento. No se puede resurtir.',
      'Esta receta no permitía resurtidos. Pida una receta nueva.',
      'Las recetas suelen vencer al cabo de un año, y esta se escribió hace más de un año.',
      'Este medicamento se da en el hospital o la clínica. No se puede pedir en línea.',
    ]);
  });

  it('absurd values never throw "Invalid time value" (issue 10 defect 8)', () => {
    const odd: Prescription[] = [
      rx({ dispenses: [{ date: '2024-05-01', daysSupply: 1e20 }] }),
      rx({ daysSupply: Number.MAX_VALUE, dispenses: [{ date: '2024-05-01' }] }),
      rx({ authoredOn: '2024-99-99', validFrom: '2024-13-01', validUntil: '0000-00-00' }),
      rx({ dispenses: [{ date: '9999-12-31', daysSupply: 30 }] }),
    ];
    for (const prescription of odd) {
      expect(() => eligibilityOf(prescription, { today: TODAY }), JSON.stringify(prescription.dispenses)).not.to.throw();
    }
    expect(() => eligibilityOf(rx(), { today: TODAY, defaultValidityDays: Number.NaN, refillWindow: Infinity })).not.to.throw();
    // the supply that would run past year 9999 is clamped, not an exception
    expect(eligibilityOf(odd[0]!, { today: TODAY })).to.include({ category: 'unavailable', reason: 'too-early', nextEligible: '9999-12-31' });
    expect(calendarDate('2024-13-01')).to.equal(undefined);
    expect(addDays('2024-01-01', Number.NaN)).to.equal('2024-01-01');
  });
});
