/**
 * Adolescent confidentiality (#18): a parent proxy of a 15-year-old does not see what the
 * adolescent's records label confidential, in every element, while the adolescent does;
 * and the policy is data — changing it changes what is shown.
 *
 * Runs against the local FHIR server seeded with `demo/data/demo-gomez-family.json` (Lucas
 * Gómez, born 2011-08-03, and his mother Ana Gómez as a RelatedPerson), through
 * `<engage-provider fhir-base-url>`: the FHIR mappings read `meta.security` and the
 * provider applies the policy around the adapter. Which records are confidential is read
 * from the seed file here, never from the code under test.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/core/provider.js';
import '../../src/elements/clinical-summary/clinical-summary.js';
import '../../src/elements/message-inbox/message-inbox.js';
import '../../src/elements/message-thread/message-thread.js';
import '../../src/elements/refill-request/refill-request.js';
import '../../src/elements/immunizations/immunizations.js';
import '../../src/elements/appointments/appointments.js';
import '../../src/elements/education/education.js';
import '../../src/elements/care-reminders/care-reminders.js';
import '../../src/elements/patient-banner/patient-banner.js';
import { createFhirAdapter, FhirCareReminderPort, FhirClient } from '../../src/adapters/fhir/index.js';
import type { EngageAdapter, ReminderRuleSet } from '../../src/adapters/ports.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import { DEFAULT_PROXY_POLICY, type ProxyPolicy } from '../../src/core/proxy-policy.js';
import { demoData, fhirEndpoints, shadowText, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const LUCAS = 'Patient/demo-lucas-gomez';
const ANA = 'RelatedPerson/demo-ana-gomez-for-lucas';
/** A fixed clock: Lucas (born 2011-08-03) is 15 on it. */
const NOW = () => new Date(2026, 11, 1, 10);
/** Lucas at 18 (an adult: the adolescent rule no longer applies). */
const LATER = () => new Date(2029, 11, 1, 10);

let resources: Json[] = [];
const labelled = (type: string) => resources.filter((r) => r.resourceType === type && r.meta?.security?.length);
const unlabelled = (type: string) => resources.filter((r) => r.resourceType === type && !r.meta?.security?.length && JSON.stringify(r).includes(LUCAS));
/** An education assignment: a Communication in the SNOMED CT "Patient education" category (not a conversation). */
const isEducation = (r: Json) => Boolean(r.category?.some((c: Json) => c.coding?.some((coding: Json) => coding.code === '311401005')));

before(async () => {
  resources = (await demoData<{ entry: { resource: Json }[] }>('demo-gomez-family.json')).entry.map((e) => e.resource);
  // the seed has at least one confidential record of each kind this test is about
  for (const type of ['Condition', 'Observation', 'MedicationRequest', 'Immunization', 'Communication', 'Appointment', 'AllergyIntolerance', 'ServiceRequest']) {
    expect(labelled(type).length, type).to.be.greaterThan(0);
    expect(unlabelled(type).length, type).to.be.greaterThan(0);
  }
});

type As = 'adolescent' | 'parent' | 'clinician';

/** Mounts `inner` inside a provider acting as Lucas himself, as his mother or as his doctor. */
async function asUser(as: As, inner: ReturnType<typeof html>, options: { policy?: ProxyPolicy; now?: () => Date; adapter?: EngageAdapter } = {}) {
  const { fhirUrl } = await fhirEndpoints();
  const provider = await mount<EngageProvider>(html`<engage-provider
    fhir-base-url=${fhirUrl}
    .adapter=${options.adapter}
    patient=${LUCAS}
    user=${{ parent: ANA, adolescent: LUCAS, clinician: 'Practitioner/demo-dr-rivera' }[as]}
    user-name=${{ parent: 'Ana Gómez', adolescent: 'Lucas Gómez', clinician: 'Dr. Elena Rivera' }[as]}
    user-role=${{ parent: 'caregiver', adolescent: 'patient', clinician: 'clinician' }[as]}
    locale="en-US"
    .now=${options.now ?? NOW}
    .proxyPolicy=${options.policy ?? DEFAULT_PROXY_POLICY}
    >${inner}</engage-provider
  >`);
  return provider.firstElementChild as HTMLElement;
}

const loaded = (el: HTMLElement, selector: string) =>
  waitFor(() => el.shadowRoot?.querySelector(selector) && !el.shadowRoot.querySelector('[part~="loading"]'), `${el.localName} loaded`);

/** A seeded `$today-60d` as the calendar date the server wrote (seed.mjs computes it in UTC). */
const seededDay = (value: string): string => {
  const m = /^\$today([+-]\d+)d$/.exec(value);
  if (!m) return value.slice(0, 10);
  return new Date(Date.now() + Number(m[1]) * 86_400_000).toISOString().slice(0, 10);
};

/**
 * The name a record shows by: its text or display; for a medicine the ingredient (the first
 * capitalised word of the RxNorm name), since the summary shows RxNorm names in plain words.
 */
const textOf = (r: Json, field: string): string => {
  const name: string = r[field]?.text ?? r[field]?.coding?.[0]?.display;
  return field === 'medicationCodeableConcept' ? name.split(' ').find((w) => /^[A-Z][a-z]{3,}$/.test(w))! : name;
};

describe('proxy policy: adolescent confidentiality', () => {
  describe('clinical summary', () => {
    const summary = async (as: As, options?: { policy?: ProxyPolicy; now?: () => Date }) => {
      const el = await asUser(as, html`<engage-clinical-summary></engage-clinical-summary>`, options);
      await loaded(el, '[part~="section"], section');
      await waitFor(() => shadowText(el).includes('Asthma'), 'the problems section');
      return shadowText(el);
    };

    it('a parent of a 15-year-old does not see restricted Conditions, Observations or MedicationRequests; the adolescent does', async () => {
      const parent = await summary('parent');
      const teen = await summary('adolescent');
      for (const type of ['Condition', 'Observation', 'MedicationRequest']) {
        for (const r of labelled(type)) {
          const name = textOf(r, type === 'MedicationRequest' ? 'medicationCodeableConcept' : 'code');
          expect(parent, `${type} ${name}`).not.to.contain(name);
          expect(teen, `${type} ${name}`).to.contain(name);
        }
        for (const r of unlabelled(type)) {
          const name = textOf(r, type === 'MedicationRequest' ? 'medicationCodeableConcept' : 'code');
          expect(parent, `${type} ${name}`).to.contain(name);
        }
      }
    });

    it('the policy is data: an empty policy shows everything, and the age band decides', async () => {
      const open = await summary('parent', { policy: { rules: [] } });
      for (const r of labelled('Condition')) expect(open).to.contain(textOf(r, 'code'));
      const adult = await summary('parent', { now: LATER });
      for (const r of labelled('Condition')) expect(adult).to.contain(textOf(r, 'code'));
      // a stricter host policy: parents of teens do not see the vital signs section either
      const strict = await summary('parent', {
        policy: { rules: [...DEFAULT_PROXY_POLICY.rules, { roles: ['caregiver'], ages: { min: 12, max: 17 }, hiddenSections: ['vitals'] }] },
      });
      const weight = unlabelled('Observation').find((r) => r.category?.[0]?.coding?.[0]?.code === 'vital-signs')!;
      expect(strict).not.to.contain(textOf(weight, 'code'));
      expect(open).to.contain(textOf(weight, 'code'));
    });
  });

  describe('messages', () => {
    const headers = () => labelled('Communication').concat(unlabelled('Communication')).filter((r) => !r.partOf && !isEducation(r));
    const bodyText = (r: Json) => r.payload[0].contentString.replace(/<[^>]+>/g, '');

    it('the inbox hides conversations the adolescent marked confidential from the parent only', async () => {
      const subjectsFor = async (as: As, policy?: ProxyPolicy) => {
        const el = await asUser(as, html`<engage-message-inbox status="all"></engage-message-inbox>`, { policy });
        await loaded(el, '[part~="list"], [part~="empty"]');
        return shadowText(el);
      };
      const parent = await subjectsFor('parent');
      const teen = await subjectsFor('adolescent');
      const open = await subjectsFor('parent', { rules: [] });
      // the shared conversation's unread count counts only what the parent may read
      const shared = headers().find((h) => !h.meta?.security?.length)!;
      const unreadForParent = resources.filter(
        (r) =>
          r.partOf?.[0]?.reference === `Communication/${shared.id}` &&
          !r.meta?.security?.length &&
          r.sender.reference !== ANA &&
          r.status !== 'completed',
      ).length;
      const withheld = resources.filter((r) => r.partOf?.[0]?.reference === `Communication/${shared.id}` && r.meta?.security?.length).length;
      expect(parent).to.contain(`${shared.topic.text} ${unreadForParent} unread`);
      expect(teen).to.contain(`${shared.topic.text} ${unreadForParent + withheld} unread`);
      for (const header of headers()) {
        const hidden = Boolean(header.meta?.security?.length);
        expect(parent.includes(header.topic.text), header.topic.text).to.equal(!hidden);
        expect(teen).to.contain(header.topic.text);
        expect(open).to.contain(header.topic.text);
      }
    });

    it('a shared conversation shows the parent every message except the confidential ones', async () => {
      const shared = headers().find((h) => !h.meta?.security?.length)!;
      const messages = resources.filter((r) => r.partOf?.[0]?.reference === `Communication/${shared.id}`);
      expect(messages.some((m) => m.meta?.security?.length)).to.equal(true);
      const threadText = async (as: As) => {
        const el = await asUser(as, html`<engage-message-thread thread-id=${shared.id}></engage-message-thread>`);
        await waitFor(() => shadowText(el).includes(bodyText(messages[0]!)), 'the first message');
        return shadowText(el);
      };
      const parent = await threadText('parent');
      const teen = await threadText('adolescent');
      // before writing, each reader sees who else the conversation is shared with, and as what
      expect(parent).to.match(/With:\s*Lucas Gómez \(Patient\), Dr\. Elena Rivera \(Care team\)/);
      expect(teen).to.match(/With:\s*Dr\. Elena Rivera \(Care team\), Ana Gómez \(Caregiver\)/);
      for (const message of messages) {
        expect(parent.includes(bodyText(message)), message.id).to.equal(!message.meta?.security?.length);
        expect(teen).to.contain(bodyText(message));
      }
    });

    it('a confidential conversation opened by id is not shown to the parent', async () => {
      const secret = headers().find((h) => h.meta?.security?.length)!;
      const first = resources.find((r) => r.partOf?.[0]?.reference === `Communication/${secret.id}`)!;
      const el = await asUser('parent', html`<engage-message-thread thread-id=${secret.id}></engage-message-thread>`);
      await waitFor(() => el.shadowRoot?.querySelector('[part~="state"]:not([part~="loading"])'), 'a state');
      expect(shadowText(el)).not.to.contain(bodyText(first));
      expect(shadowText(el)).not.to.contain(secret.topic.text);
    });
  });

  describe('refills', () => {
    it('the parent cannot see or request a restricted prescription; the adolescent can', async () => {
      const listFor = async (as: As, policy?: ProxyPolicy) => {
        const el = await asUser(as, html`<engage-refill-request></engage-refill-request>`, { policy });
        await waitFor(() => /Albuterol/i.test(shadowText(el)), 'the prescriptions');
        return shadowText(el);
      };
      const parent = await listFor('parent');
      const teen = await listFor('adolescent');
      const open = await listFor('parent', { rules: [] });
      for (const r of labelled('MedicationRequest')) {
        const name = textOf(r, 'medicationCodeableConcept');
        expect(parent).not.to.contain(name);
        expect(teen).to.contain(name);
        expect(open).to.contain(name);
      }
    });
  });

  describe('immunizations', () => {
    it('the parent does not see a restricted vaccination; the adolescent does', async () => {
      const recordFor = async (as: As) => {
        const el = await asUser(as, html`<engage-immunizations></engage-immunizations>`);
        await waitFor(() => /Tdap/.test(shadowText(el)), 'the record');
        return el;
      };
      const doseDates = (el: HTMLElement) =>
        [...el.shadowRoot!.querySelectorAll('.dose__date')].map((t) => t.getAttribute('data-date')).filter(Boolean) as string[];
      const parent = await recordFor('parent');
      const teen = await recordFor('adolescent');
      for (const r of labelled('Immunization')) {
        const day = seededDay(r.occurrenceDateTime);
        expect(doseDates(parent).some((d) => d.startsWith(day)), r.id).to.equal(false);
        expect(doseDates(teen).some((d) => d.startsWith(day)), r.id).to.equal(true);
      }
    });
  });
  describe('appointments', () => {
    it('the parent does not see a restricted visit; the adolescent does, and both see the others', async () => {
      // the seeded visits are told apart by their instructions, read from the seed file
      const visits = async (as: As) => {
        const el = await asUser(as, html`<engage-appointments></engage-appointments>`);
        const open = unlabelled('Appointment')[0]!.patientInstruction as string;
        await waitFor(() => shadowText(el).includes(open), 'the visits');
        return shadowText(el);
      };
      const parent = await visits('parent');
      const teen = await visits('adolescent');
      for (const r of labelled('Appointment')) {
        expect(parent, r.id).to.not.include(r.patientInstruction);
        expect(teen, r.id).to.include(r.patientInstruction);
      }
      for (const r of unlabelled('Appointment')) expect(parent, r.id).to.include(r.patientInstruction);
    });
  });

  describe('education', () => {
    const titleOf = (r: Json): string => r.payload[0].contentAttachment.title;
    const materials = async (as: As, policy?: ProxyPolicy) => {
      const el = await asUser(as, html`<engage-education></engage-education>`, { policy });
      const open = titleOf(unlabelled('Communication').find(isEducation)!);
      await waitFor(() => shadowText(el).includes(open), 'the materials');
      return shadowText(el);
    };

    it('the parent does not see a restricted assignment; the adolescent does, and an empty policy shows it', async () => {
      const restricted = labelled('Communication').filter(isEducation);
      expect(restricted.length).to.be.greaterThan(0);
      const parent = await materials('parent');
      const teen = await materials('adolescent');
      const open = await materials('parent', { rules: [] });
      for (const r of restricted) {
        expect(parent, r.id).not.to.contain(titleOf(r));
        expect(teen, r.id).to.contain(titleOf(r));
        expect(open, r.id).to.contain(titleOf(r));
      }
      for (const r of unlabelled('Communication').filter(isEducation)) expect(parent, r.id).to.contain(titleOf(r));
    });
  });

  describe('care reminders', () => {
    let rules: ReminderRuleSet;
    before(async () => {
      rules = (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;
    });
    /** Every FHIR port, and reminders under the shipped rules, over one client to the seeded server. */
    const fhirAdapter = async (): Promise<EngageAdapter> => {
      const client = new FhirClient({ baseUrl: (await fhirEndpoints()).fhirUrl });
      return { ...createFhirAdapter(client), reminders: new FhirCareReminderPort(client, { rules }) };
    };
    const reminders = async (as: As, policy?: ProxyPolicy) => {
      const el = await asUser(as, html`<engage-care-reminders></engage-care-reminders>`, { policy, adapter: await fhirAdapter() });
      const open = unlabelled('ServiceRequest')[0]!.code.text as string;
      await waitFor(() => shadowText(el).includes(open), 'the reminders');
      return shadowText(el);
    };
    /** The rules labelled with a sensitivity (read from the rule data) that apply to a 15-year-old. */
    const sensitiveTitles = () =>
      rules.rules.filter((rule) => rule.sensitivity?.length && (rule.appliesTo.minAge ?? 0) <= 15 && (rule.appliesTo.maxAge ?? 200) >= 15).map((rule) => rule.title.en);

    it('the parent does not see a reminder for a restricted order, nor a sensitive screening; the adolescent does', async () => {
      expect(sensitiveTitles().length, 'a sensitive rule applies at 15').to.be.greaterThan(0);
      const parent = await reminders('parent');
      const teen = await reminders('adolescent');
      // each open order is its own reminder, titled by the order's text
      for (const r of labelled('ServiceRequest')) {
        expect(parent, r.id).not.to.contain(r.code.text);
        expect(teen, r.id).to.contain(r.code.text);
      }
      for (const r of unlabelled('ServiceRequest')) expect(parent, r.id).to.contain(r.code.text);
      for (const title of sensitiveTitles()) {
        expect(parent, title).not.to.contain(title);
        expect(teen, title).to.contain(title);
      }
    });

    it('the policy is data: without the HIV label the parent sees the HIV screening, still not the restricted order', async () => {
      const hiv = rules.rules.find((rule) => rule.sensitivity?.some((label) => label.code === 'HIV'))!;
      const withoutHiv: ProxyPolicy = {
        rules: DEFAULT_PROXY_POLICY.rules.map((rule) => ({ ...rule, hiddenLabels: rule.hiddenLabels?.filter((label) => label.code !== 'HIV') })),
      };
      const parent = await reminders('parent', withoutHiv);
      expect(parent).to.contain(hiv.title.en);
      for (const r of labelled('ServiceRequest')) expect(parent, r.id).not.to.contain(r.code.text);
    });
  });

  describe('patient banner', () => {
    /** Lucas's active allergies in the seed, labelled or not, by name. */
    const active = (list: Json[]) => list.filter((r) => r.clinicalStatus?.coding?.[0]?.code === 'active').map((r) => ({ name: r.code.text as string, criticality: r.criticality as string }));
    /** The allergy a banner names first: the highest criticality (high > unable-to-assess > low). */
    const first = (list: { name: string; criticality: string }[]) =>
      [...list].sort((a, b) => ['high', 'unable-to-assess', 'low'].indexOf(a.criticality) - ['high', 'unable-to-assess', 'low'].indexOf(b.criticality))[0]!.name;
    const allergiesLine = async (as: As, policy?: ProxyPolicy) => {
      const el = await asUser(as, html`<engage-patient-banner></engage-patient-banner>`, { policy });
      const line = await waitFor(() => el.shadowRoot?.querySelector('[part~="allergies"]'), 'the allergies');
      return line.textContent!.replace(/\s+/g, ' ').trim();
    };

    it("the parent's banner neither counts nor names a restricted allergy; the adolescent's and the clinician's do", async () => {
      const hidden = active(labelled('AllergyIntolerance'));
      const shown = active(unlabelled('AllergyIntolerance'));
      expect(hidden.length).to.be.greaterThan(0);
      expect(shown.length).to.be.greaterThan(0);
      const all = [...shown, ...hidden];
      const parent = await allergiesLine('parent');
      expect(parent).to.contain(`Allergies: ${shown.length}`);
      expect(parent).to.contain(first(shown));
      for (const allergy of hidden) expect(parent).not.to.contain(allergy.name);
      for (const as of ['adolescent', 'clinician'] as const) {
        const line = await allergiesLine(as);
        expect(line, as).to.contain(`Allergies: ${all.length}`);
        expect(line, as).to.contain(first(all));
      }
      // the policy is data: with no rule, the parent's banner is the adolescent's
      expect(await allergiesLine('parent', { rules: [] })).to.contain(`Allergies: ${all.length}`);
    });
  });
});
