// An advance directive says everything its Consent decides (mapping level, FHIR and IPS
// routes). R4 Consent.provision holds what is permitted or denied (`type`, `code`) and, in
// `provision.provision`, the nested exception rules. A directive entry named only by the
// first code of its deciding rule hid the rest: "deny CPR and intubation" read as "Refused:
// CPR", "permit treatment except intubation" as "treatment". The NZ IPS holds the one real
// advance-directive Consent ("Not for resuscitation", SNOMED 304253006); each case below
// adds to it what it says. Every expectation is read from the source JSON.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const FILE = 'test/fixtures/fhir-r4/ips/ips-nz-full-16-sections.json';
const resourcesOf = (bundle) => (bundle.entry ?? []).map((e) => e.resource).filter(Boolean);
/** CPR, as a second thing a rule names (SNOMED CT 89666000 "Cardiopulmonary resuscitation"). */
const CPR = { coding: [{ system: 'http://snomed.info/sct', code: '89666000', display: 'Cardiopulmonary resuscitation' }] };
/** Intubation (SNOMED CT 52765003). */
const INTUBATION = { coding: [{ system: 'http://snomed.info/sct', code: '52765003', display: 'Intubation' }] };

let m;
before(async () => {
  m = await importTs(['src/adapters/fhir/mapping/summary.ts', 'src/adapters/ips/ips.ts']);
});

/** The NZ IPS with its Consent's provision replaced by `provision(original)`. */
function withProvision(provision) {
  const bundle = JSON.parse(readFileSync(FILE, 'utf8'));
  const consent = resourcesOf(bundle).find((r) => r.resourceType === 'Consent');
  consent.provision = provision(consent.provision);
  return { bundle, consent };
}

/** The directive entry of the Consent, by both routes: an IPS document and resources read live. */
function directives({ bundle, consent }) {
  const ips = m.summaryFromIps(bundle).sections.advanceDirectives.entries.find((e) => e.id.endsWith(consent.id));
  const live = m.summaryFromResources(resourcesOf(bundle)).sections.advanceDirectives.entries.find((e) => e.id.endsWith(consent.id));
  return { ips, live };
}

const codesOf = (concepts) => (concepts ?? []).map((c) => c.codings[0].code);
const sourceCodes = (concepts) => concepts.map((c) => c.coding[0].code);

describe('an advance directive keeps every code its deciding rule names', () => {
  it('a denial of two things names both (a refusal of the second is never hidden)', () => {
    const source = withProvision((p) => ({ type: 'deny', code: [...p.code, CPR] }));
    for (const [route, entry] of Object.entries(directives(source))) {
      assert.equal(entry.negation, 'do-not-perform', route);
      assert.deepEqual([...codesOf([entry.name]), ...codesOf(entry.more)], sourceCodes(source.consent.provision.code), route);
      assert.equal(entry.exceptions, undefined, route);
    }
  });

  it('the real Consent (one code, no nested rule) has nothing more and no exception', () => {
    const source = withProvision((p) => p);
    for (const [route, entry] of Object.entries(directives(source))) {
      assert.deepEqual(codesOf([entry.name]), sourceCodes(source.consent.provision.code), route);
      assert.equal(entry.more, undefined, route);
      assert.equal(entry.exceptions, undefined, route);
    }
  });
});

describe('an advance directive keeps its nested exception rules', () => {
  it('deny "not for resuscitation" except a permitted CPR: the exception is kept, the directive still refuses', () => {
    const source = withProvision((p) => ({ ...p, type: 'deny', provision: [{ type: 'permit', code: [CPR] }] }));
    for (const [route, entry] of Object.entries(directives(source))) {
      assert.equal(entry.negation, 'do-not-perform', route);
      assert.deepEqual(codesOf(entry.exceptions), sourceCodes(source.consent.provision.provision[0].code), route);
    }
  });

  it('permit except intubation (an untyped nested rule is an exception too): the refusal is kept', () => {
    for (const nested of [{ type: 'deny', code: [INTUBATION] }, { code: [INTUBATION] }]) {
      const source = withProvision((p) => ({ ...p, type: 'permit', provision: [nested] }));
      for (const [route, entry] of Object.entries(directives(source))) {
        assert.equal(entry.negation, undefined, route);
        assert.deepEqual(codesOf(entry.exceptions), sourceCodes(nested.code), `${route}, nested type ${nested.type}`);
      }
    }
  });

  it('a nested rule of the same type adds to what the directive names, not to its exceptions', () => {
    const source = withProvision((p) => ({ ...p, type: 'deny', provision: [{ type: 'deny', code: [CPR] }] }));
    for (const [route, entry] of Object.entries(directives(source))) {
      assert.deepEqual([...codesOf([entry.name]), ...codesOf(entry.more)], [...sourceCodes(source.consent.provision.code), CPR.coding[0].code], route);
      assert.equal(entry.exceptions, undefined, route);
    }
  });

  it('a root holding only rules (R4: a root rule takes no type): a refusal among them leads, never shown as an exception', () => {
    // permit antibiotics, deny CPR, side by side: the refusal must read "Refused", whatever the order
    for (const order of [0, 1]) {
      const rules = [{ type: 'permit', code: [INTUBATION] }, { type: 'deny', code: [CPR] }];
      if (order) rules.reverse();
      const source = withProvision(() => ({ provision: rules }));
      for (const [route, entry] of Object.entries(directives(source))) {
        assert.equal(entry.negation, 'do-not-perform', `${route}, order ${order}`);
        assert.deepEqual(codesOf([entry.name]), [CPR.coding[0].code], `${route}, order ${order}`);
        assert.deepEqual(codesOf(entry.exceptions), [INTUBATION.coding[0].code], `${route}, order ${order}`);
      }
    }
  });

  it('a root holding only rules: the first names the directive, an opposite sibling is kept as an exception', () => {
    const source = withProvision((p) => ({ provision: [{ type: 'deny', code: p.code }, { type: 'permit', code: [CPR] }] }));
    for (const [route, entry] of Object.entries(directives(source))) {
      assert.equal(entry.negation, 'do-not-perform', route);
      assert.deepEqual(codesOf([entry.name]), sourceCodes(source.consent.provision.provision[0].code), route);
      assert.deepEqual(codesOf(entry.exceptions), [CPR.coding[0].code], route);
    }
  });
});
