/**
 * Care team and devices on every route: live FHIR (CareTeam with its members included),
 * a FHIR Bundle (Device, CareTeam through PractitionerRole), an IPS document (device-use
 * section) and C-CDA (the document's care providers, the medical equipment section).
 * Expectations are read from the source files directly, not through the mapping.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { nothing } from 'lit';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { summaryFromResources } from '../../src/adapters/fhir/mapping/summary.js';
import { applyLocale } from '../../src/core/localization.js';
import { demoData, fhirEndpoints, fixture, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** Each rendered entry's text in a section, after the summary has loaded. */
async function sectionEntries(el: EngageClinicalSummary, key: string): Promise<string[]> {
  await waitFor(() => el.shadowRoot?.querySelector('[part~="section"]'), 'summary sections');
  const section = el.shadowRoot!.querySelector(`[data-section="${key}"]`);
  expect(section, `section ${key}`).to.exist;
  return [...section!.querySelectorAll('[part~="entry"]')].map((e) => (e.textContent ?? '').replace(/\s+/g, ' '));
}

function sectionTitle(el: EngageClinicalSummary, key: string): string {
  return el.shadowRoot!.querySelector(`[data-section="${key}"] .section__title`)?.textContent?.trim() ?? '';
}

const personName = (r: Json | undefined): string | undefined => {
  if (!r) return undefined;
  if (typeof r.name === 'string') return r.name;
  const n = (r.name ?? []).find((x: Json) => x.use === 'official') ?? r.name?.[0];
  return n ? [...(n.prefix ?? []), ...(n.given ?? []), n.family].filter(Boolean).join(' ') : undefined;
};

describe('<engage-clinical-summary> care team and devices', function () {
  afterEach(() => applyLocale('en'));

  it('shows the live care team: each member, their role and how to reach them; inactive teams hidden', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const bundle = await demoData<{ entry: { fullUrl: string; resource: Json }[] }>('uscore-bundle-patient-85.json');
    const byUrl = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource;
    const teams = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'CareTeam');
    const active = teams.filter((t) => t.status === 'active');
    expect(active.length).to.be.greaterThan(0);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      sections="careTeam"
      .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
      .session=${{ patient: `Patient/${patient.id}`, locale: 'en-US', role: 'patient' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'careTeam');
    expect(rows.length).to.equal(active.length);
    expect(el.shadowRoot!.querySelector('[data-section="careTeam"] .hidden-note')?.textContent).to.include(String(teams.length - active.length));
    let checked = 0;
    for (const team of active) {
      const row = rows.find((r) => team.participant.every((p: Json) => r.includes(p.role[0].text)))!;
      expect(row, `team ${team.id}`).to.exist;
      for (const participant of team.participant) {
        const target = byUrl.get(participant.member.reference);
        const name = participant.member.display ?? personName(target);
        expect(row).to.include(name);
        for (const point of target?.telecom ?? []) {
          expect(row).to.include(point.value);
          checked++;
        }
      }
    }
    expect(checked, 'contacts checked').to.be.greaterThan(0);
    // a phone number is a link to call; an email address a link to write
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[data-section="careTeam"] a')].map((a) => a.href);
    expect(links.some((h) => h.startsWith('tel:'))).to.equal(true);
    expect(links.some((h) => h.startsWith('mailto:'))).to.equal(true);
    expect(sectionTitle(el, 'careTeam')).to.equal('Your care team');
  });

  it('shows a Bundle\'s devices (by type, else by their own name, with the UDI) and a care team member reached through a PractitionerRole', async () => {
    const bundle = await fixture<{ entry: { resource: Json }[] }>('fhir-r4/us-core/pdex-bundle-patient-999.json');
    const resources = bundle.entry.map((e) => e.resource);
    const devices = resources.filter((r) => r.resourceType === 'Device' && r.patient);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .bundle=${bundle}
      .session=${{ locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'devices');
    expect(rows.length).to.equal(devices.length);
    for (const device of devices) {
      const name = device.type?.coding?.find((c: Json) => c.display)?.display ?? device.deviceName?.[0]?.name;
      const row = rows.find((r) => r.includes(name));
      expect(row, name).to.exist;
      const udi = device.udiCarrier?.[0]?.carrierHRF ?? device.udiCarrier?.[0]?.deviceIdentifier;
      if (udi) expect(row).to.include(udi);
    }
    const team = resources.find((r) => r.resourceType === 'CareTeam')!;
    const [careRow] = await sectionEntries(el, 'careTeam');
    expect(careRow).to.include(team.name);
    for (const participant of team.participant) expect(careRow).to.include(participant.role[0].coding[0].display);
    const practitioner = resources.find((r) => `Practitioner/${r.id}` === team.participant[0].member.reference);
    expect(careRow).to.include(personName(practitioner));
  });

  it('does not take the software that wrote a document for a device of the patient', () => {
    // the ELGA IPS names its generator as a Device with no patient
    const summary = summaryFromResources([
      { resourceType: 'Device', id: 'generator', deviceName: [{ name: 'IPS Generator', type: 'user-friendly-name' }] },
    ]);
    expect(summary.sections.devices?.state).to.equal('not-recorded');
  });

  it('shows the devices an IPS document lists in its device-use section, in Spanish too', async () => {
    const bundle = await fixture<{ entry: { fullUrl?: string; resource: Json }[] }>('fhir-r4/ips/ips-nz-full-16-sections.json');
    const resources = bundle.entry.map((e) => e.resource);
    const composition = resources.find((r) => r.resourceType === 'Composition')!;
    const section = composition.section.find((s: Json) => s.code.coding.some((c: Json) => c.code === '46264-8'));
    const statements = section.entry.map((ref: Json) => resources.find((r) => `${r.resourceType}/${r.id}` === ref.reference));
    await applyLocale('es');
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .bundle=${bundle}
      .session=${{ locale: 'es', role: 'patient' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'devices');
    expect(rows.length).to.equal(statements.length);
    for (const statement of statements) {
      const device = resources.find((r) => `Device/${r.id}` === statement.device.reference);
      expect(rows.some((r) => r.includes(device!.type.coding[0].display))).to.equal(true);
    }
    expect(sectionTitle(el, 'devices')).to.equal('Implantes y equipo médico');
    expect(rows[0]).to.include('Activo');
  });

  it('shows a C-CDA care team section (85847-2): the team, each member with their role, organization and contacts', async () => {
    const xml = await (await fetch('/test/fixtures/ccda/sections/careteam-organizer.xml')).text();
    const doc = new DOMParser().parseFromString(
      `<wrap xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sdtc="urn:hl7-org:sdtc">${xml}</wrap>`,
      'application/xml',
    );
    const byName = (root: Element | Document, name: string) => [...root.getElementsByTagNameNS('*', name)];
    const organizers = byName(doc, 'organizer');
    expect(organizers.length, 'care team organizers in the source').to.equal(1);
    // the team's name is its code's original text, a reference into the narrative
    const ref = byName(organizers[0]!, 'reference')[0]!.getAttribute('value')!.slice(1);
    const teamName = byName(doc, 'tr').find((tr) => tr.getAttribute('ID') === ref)!.textContent!.trim();
    const members = byName(organizers[0]!, 'act').map((act) => {
      const performer = byName(act, 'performer')[0]!;
      const name = byName(performer, 'name')[0]!;
      return {
        given: byName(name, 'given').map((g) => g.textContent!.trim()),
        family: byName(name, 'family')[0]!.textContent!.trim(),
        role: byName(performer, 'functionCode')[0]!.getAttribute('displayName')!,
        organization: byName(byName(performer, 'representedOrganization')[0]!, 'name')[0]!.textContent!.trim(),
        contacts: byName(performer, 'telecom').map((t) => t.getAttribute('value')!.replace(/^(tel|mailto):/, '')),
      };
    });
    expect(members.length, 'members in the source').to.equal(1);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .ccda=${xml}
      .session=${{ locale: 'en-US', role: 'patient' }}
    ></engage-clinical-summary>`);
    const teams = await sectionEntries(el, 'careTeam');
    expect(teams.length).to.equal(organizers.length);
    const shown = el.shadowRoot!.querySelectorAll('[data-section="careTeam"] .member');
    expect(shown.length).to.equal(members.length);
    expect(teams[0]).to.include(teamName);
    members.forEach((member, i) => {
      const row = (shown[i]!.textContent ?? '').replace(/\s+/g, ' ');
      for (const part of [...member.given, member.family, member.role, member.organization, ...member.contacts]) expect(row).to.include(part);
    });
    // the organizer's start (2018-10-08) is when the team began
    expect(teams[0]).to.include('2018');
    expect(sectionTitle(el, 'careTeam')).to.not.equal('');
  });

  for (const file of ['ccd-1.xml', 'discharge-summary.xml']) {
    it(`shows the care providers and the medical equipment of C-CDA ${file}`, async () => {
      const xml = await (await fetch(`/test/fixtures/ccda/documents/${file}`)).text();
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const V3 = 'urn:hl7-org:v3';
      const performers = [...doc.getElementsByTagNameNS(V3, 'serviceEvent')].flatMap((e) => [...e.getElementsByTagNameNS(V3, 'performer')]);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .ccda=${xml}
        .session=${{ locale: 'en-US', role: 'patient' }}
      ></engage-clinical-summary>`);
      const [team] = await sectionEntries(el, 'careTeam');
      for (const performer of performers) {
        const family = performer.getElementsByTagNameNS(V3, 'family')[0]!.textContent!.trim();
        expect(team).to.include(family);
        expect(team).to.include(performer.getElementsByTagNameNS(V3, 'originalText')[0]!.textContent!.trim());
        const phone = performer.getElementsByTagNameNS(V3, 'telecom')[0]!.getAttribute('value')!.replace(/^tel:\s*/, '');
        expect(team).to.include(phone);
      }
      const equipment = [...doc.getElementsByTagNameNS(V3, 'section')].find(
        (s) => s.getElementsByTagNameNS(V3, 'code')[0]?.getAttribute('code') === '46264-8',
      );
      if (!equipment) {
        expect(el.shadowRoot!.querySelector('[data-section="devices"]')).to.equal(null);
        return;
      }
      // every supply and procedure of the section, inside an organizer or not
      const items = [...equipment.getElementsByTagNameNS(V3, 'entry')].flatMap((entry) => {
        const top = entry.firstElementChild!;
        const members = top.localName === 'organizer' ? [...top.children].filter((c) => c.localName === 'component').map((c) => c.firstElementChild!) : [top];
        return members.map((m) => ({ element: m, implant: top.localName === 'organizer' && top.querySelector(':scope > code')?.getAttribute('code') === '40388003' }));
      });
      const rows = await sectionEntries(el, 'devices');
      expect(rows.length).to.equal(items.length);
      for (const { element, implant } of items) {
        const code = element.getElementsByTagNameNS(V3, 'playingDevice')[0]?.getElementsByTagNameNS(V3, 'code')[0] ?? element.getElementsByTagNameNS(V3, 'code')[0]!;
        // the original text, written in place or pointing into the narrative
        const original = code.getElementsByTagNameNS(V3, 'originalText')[0];
        const ref = original?.getElementsByTagNameNS(V3, 'reference')[0]?.getAttribute('value')?.slice(1);
        const referenced = ref ? [...doc.getElementsByTagNameNS(V3, '*')].find((e) => e.getAttribute('ID') === ref)?.textContent?.trim() : undefined;
        const names = [code.getAttribute('displayName'), referenced ?? original?.textContent?.trim()].filter(Boolean) as string[];
        // the date tells apart two items the source gives the same original text
        const time = element.querySelector(':scope > effectiveTime');
        const ts = time?.getAttribute('value') ?? time?.querySelector('low')?.getAttribute('value') ?? time?.querySelector('high')?.getAttribute('value');
        const date = ts
          ? new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(+ts.slice(0, 4), +ts.slice(4, 6) - 1, +ts.slice(6, 8)))
          : '';
        const row = rows.find((r) => names.some((n) => r.includes(n)) && r.includes(date));
        expect(row, names.join(' / ')).to.exist;
        expect(row!.includes('Implant'), `${names[0]} implant`).to.equal(implant);
      }
    });
  }
});

describe('<engage-clinical-summary> statuses in words', function () {
  afterEach(() => applyLocale('en'));

  for (const [locale, word] of [['en', 'Agreed'], ['es', 'Acordado']] as const) {
    it(`shows a goal's "accepted" status in words (${locale}), not the raw code`, async () => {
      const bundle = await demoData<{ entry: { resource: Json }[] }>('synthea-dennis-durgan-78f005f3.json');
      const goals = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Goal' && r.lifecycleStatus === 'accepted');
      expect(goals.length).to.be.greaterThan(0);
      await applyLocale(locale);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        sections="goals"
        .bundle=${bundle}
        .session=${{ locale, role: 'patient' }}
      ></engage-clinical-summary>`);
      const rows = await sectionEntries(el, 'goals');
      expect(rows.length).to.equal(goals.length);
      for (const row of rows) {
        expect(row).to.include(word);
        expect(row).to.not.include('accepted');
      }
    });
  }
});

describe('<engage-clinical-summary> contained medications', function () {
  it('names a medicine whose Medication is contained in the request (`#med…`), as the refill form does', async () => {
    const requests = await Promise.all(
      ['0302', '0305', '0306', '0307'].map((n) => fixture<Json>(`fhir-r4/spec-examples/medicationrequest${n}.json`)),
    );
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: requests.map((resource) => ({ resource })) };
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      sections="medications"
      show-inactive
      .bundle=${bundle}
      .session=${{ locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'medications');
    expect(rows.length).to.equal(requests.length);
    for (const request of requests) {
      const contained = request.contained.find((c: Json) => `#${c.id}` === request.medicationReference.reference);
      const name = contained.code.text ?? contained.code.coding[0].display;
      expect(rows.some((r) => r.includes(name)), name).to.equal(true);
    }
    expect(rows.join(' ')).to.not.include('Unknown item');
  });
});

describe('<engage-clinical-summary> advance directives', function () {
  it('shows the DNR Consent an IPS lists under advance directives', async () => {
    const bundle = await fixture<{ entry: { resource: Json }[] }>('fhir-r4/ips/ips-nz-full-16-sections.json');
    const resources = bundle.entry.map((e) => e.resource);
    const composition = resources.find((r) => r.resourceType === 'Composition')!;
    const section = composition.section.find((s: Json) => s.code.coding.some((c: Json) => c.code === '42348-3'));
    const consents = section.entry.map((ref: Json) => resources.find((r) => `${r.resourceType}/${r.id}` === ref.reference));
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .bundle=${bundle}
      .session=${{ locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'advanceDirectives');
    expect(rows.length).to.equal(consents.length);
    for (const consent of consents) {
      const row = rows.find((r) => r.includes(consent.provision.code[0].coding[0].display))!;
      expect(row).to.exist;
      expect(row).to.include(consent.category[0].coding[0].display);
      const [y, m, d] = consent.dateTime.split('-').map(Number);
      expect(row).to.include(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d)));
    }
    expect(sectionTitle(el, 'advanceDirectives')).to.equal('Advance directives');
  });

  for (const sections of ['', 'advanceDirectives']) {
    it(`shows a US Core advance directive document (patient 85's living will) under advance directives too, from the live server${sections ? ', asked for alone' : ''}`, async () => {
      const { fhirUrl } = await fhirEndpoints();
      const bundle = await demoData<{ entry: { resource: Json }[] }>('uscore-bundle-patient-85.json');
      // US Core ADI DocumentReference: category LOINC 42348-3 "Advance healthcare directives"
      const directives = bundle.entry
        .map((e) => e.resource)
        .filter((r) => r.resourceType === 'DocumentReference' && r.category?.some((c: Json) => c.coding?.some((x: Json) => x.code === '42348-3')));
      expect(directives.length).to.be.greaterThan(0);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        sections=${sections || nothing}
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: 'Patient/85', locale: 'en-US', role: 'clinician' }}
      ></engage-clinical-summary>`);
      const rows = await sectionEntries(el, 'advanceDirectives');
      expect(rows.length).to.equal(directives.length);
      for (const directive of directives) {
        const row = rows.find((r) => r.includes(directive.type.text))!;
        expect(row, directive.type.text).to.exist;
        // a current document is in force
        expect(row).to.include('Active');
      }
      // the document itself stays readable among the notes
      if (!sections) {
        const notes = await sectionEntries(el, 'documents');
        for (const directive of directives) expect(notes.some((r) => r.includes(directive.content[0].attachment.title))).to.equal(true);
      }
    });
  }

  it('shows an IPS advance directives section that was not asked about as not recorded, with its narrative', async () => {
    const bundle = await fixture<Json>('fhir-r4/ips/ips-nz-iosefa-fuimaono.json');
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .bundle=${bundle}
      .session=${{ locale: 'en-US', role: 'patient' }}
    ></engage-clinical-summary>`);
    await waitFor(() => el.shadowRoot?.querySelector('[data-section="advanceDirectives"]'), 'advance directives section');
    const section = el.shadowRoot!.querySelector('[data-section="advanceDirectives"]')!;
    expect(section.querySelector('.empty--not-recorded')).to.exist;
    expect(sectionTitle(el, 'advanceDirectives')).to.equal('Your wishes for care');
  });

  it('shows the advance directive observations of a C-CDA document', async () => {
    const xml = await (await fetch('/test/fixtures/ccda/documents/ccd-1.xml')).text();
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const observations = [...doc.getElementsByTagNameNS('urn:hl7-org:v3', 'templateId')]
      .filter((t) => t.getAttribute('root') === '2.16.840.1.113883.10.20.22.4.48')
      .map((t) => t.parentElement!);
    expect(observations.length).to.be.greaterThan(0);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .ccda=${xml}
      .session=${{ locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'advanceDirectives');
    expect(rows.length).to.equal(observations.length);
    for (const obs of observations) {
      const value = obs.querySelector(':scope > value')!.getAttribute('displayName')!;
      const low = obs.querySelector(':scope > effectiveTime > low')!.getAttribute('value')!;
      const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        Date.UTC(+low.slice(0, 4), +low.slice(4, 6) - 1, +low.slice(6, 8)),
      );
      expect(rows.some((r) => r.includes(value) && r.includes(date)), `${value} ${date}`).to.equal(true);
    }
  });
});

describe('<engage-clinical-summary> medicines taken as needed', function () {
  afterEach(() => applyLocale('en'));

  it('says "as needed" in the reader\'s language, never a hard-coded "PRN"', async () => {
    const bundle = await demoData<{ entry: { resource: Json }[] }>('synthea-kermit-trantow-f1a650a5.json');
    const prn = bundle.entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'MedicationRequest' && r.status === 'active' && r.dosageInstruction?.some((d: Json) => d.asNeededBoolean === true));
    expect(prn.length).to.be.greaterThan(0);
    await applyLocale('es');
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      sections="medications"
      .bundle=${bundle}
      .session=${{ locale: 'es', role: 'patient' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'medications');
    for (const request of prn) {
      const row = rows.find((r) => r.includes(request.medicationCodeableConcept.text ?? request.medicationCodeableConcept.coding[0].display))!;
      expect(row.toLowerCase()).to.include('cuando lo necesite');
    }
    expect(rows.join(' ')).to.not.include('PRN');
  });

  it('reads "as needed" from a C-CDA medication with a precondition', async () => {
    const xml = await (await fetch('/test/fixtures/ccda/sections/med-oral-qid-prn.xml')).text();
    expect(xml).to.include('<precondition');
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .ccda=${xml}
      .session=${{ locale: 'en-US', role: 'patient' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'medications');
    expect(rows.some((r) => /\bas needed\b/i.test(r))).to.equal(true);
  });
});

describe('<engage-clinical-summary> C-CDA functional status', function () {
  it('shows a functional-status organizer\'s observations with their values, never a made-up "Unknown item"', async () => {
    const xml = await (await fetch('/test/fixtures/ccda/documents/ccd-1.xml')).text();
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const observations = [...doc.getElementsByTagNameNS('urn:hl7-org:v3', 'templateId')]
      .filter((t) => t.getAttribute('root') === '2.16.840.1.113883.10.20.22.4.67')
      .map((t) => t.parentElement!);
    expect(observations.length).to.be.greaterThan(0);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      show-inactive
      .ccda=${xml}
      .session=${{ locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    const problems = await sectionEntries(el, 'problems');
    expect(problems.join(' ')).to.not.include('Unknown item');
    const results = await sectionEntries(el, 'results');
    for (const obs of observations) {
      const name = obs.querySelector(':scope > code')!.getAttribute('displayName')!;
      const value = obs.querySelector(':scope > value')!.getAttribute('displayName')!;
      expect(results.some((r) => r.includes(name) && r.includes(value)), `${name}: ${value}`).to.equal(true);
    }
  });
});

describe('<engage-clinical-summary> US Core care plans', function () {
  /** The US Core CarePlan category (CodeSystem us-core careplan-category) and its display. */
  const ASSESS_PLAN = { code: 'assess-plan', display: 'Assessment and Plan of Treatment' };

  it('shows a care plan whose plan is only its narrative (the pdex patient 999): the assessment and the planned activity, named by its category, not its code', async () => {
    const bundle = await fixture<{ entry: { resource: Json }[] }>('fhir-r4/us-core/pdex-bundle-patient-999.json');
    const plan = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'CarePlan')!;
    expect(plan.activity, 'the plan lists no activities').to.equal(undefined);
    expect(plan.category.flatMap((c: Json) => c.coding.map((x: Json) => x.code))).to.deep.equal([ASSESS_PLAN.code]);
    // what the plan says, read from its XHTML: the assessment's items and the planned activity with its date
    const narrative = new DOMParser().parseFromString(plan.text.div, 'application/xhtml+xml');
    const said = [...narrative.querySelectorAll('li, td')].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
    expect(said.length).to.be.greaterThan(2);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      sections="carePlan"
      .bundle=${bundle}
      .session=${{ locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    const [first] = await sectionEntries(el, 'carePlan');
    // the narrative is sanitized by a module loaded on first need
    const row = await waitFor(() => {
      const text = el.shadowRoot!.querySelector('[data-section="carePlan"] [part~="entry"]')?.textContent?.replace(/\s+/g, ' ');
      return text?.includes(said[0]!) && text;
    }, 'the plan narrative').catch(() => first!);
    for (const text of said) expect(row).to.include(text);
    expect(row).to.include(ASSESS_PLAN.display);
    expect(row).to.not.include(ASSESS_PLAN.code);
  });

  it('does not repeat, from its narrative, a care plan that lists its activities (US Core patient 85)', async () => {
    const bundle = await fixture<{ entry: { resource: Json }[] }>('fhir-r4/us-core/uscore-bundle-patient-85.json');
    const plans = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'CarePlan');
    expect(plans.every((p) => p.activity?.length && p.text?.div)).to.equal(true);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      sections="carePlan"
      show-inactive
      .bundle=${bundle}
      .session=${{ locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    const rows = await sectionEntries(el, 'carePlan');
    expect(rows.length).to.equal(plans.length);
    // the generated narrative ("Care Plan for Fracture care. Activities: …") says again what the row lists
    for (const row of rows) expect(row).to.not.include('Care Plan for');
  });
});
