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

before(async () => {
  resources = (await demoData<{ entry: { resource: Json }[] }>('demo-gomez-family.json')).entry.map((e) => e.resource);
  // the seed has at least one confidential record of each kind this test is about
  for (const type of ['Condition', 'Observation', 'MedicationRequest', 'Immunization', 'Communication', 'Appointment']) {
    expect(labelled(type).length, type).to.be.greaterThan(0);
    expect(unlabelled(type).length, type).to.be.greaterThan(0);
  }
});

type As = 'adolescent' | 'parent';

/** Mounts `inner` inside a provider acting as Lucas himself or as his mother. */
async function asUser(as: As, inner: ReturnType<typeof html>, options: { policy?: ProxyPolicy; now?: () => Date } = {}) {
  const { fhirUrl } = await fhirEndpoints();
  const provider = await mount<EngageProvider>(html`<engage-provider
    fhir-base-url=${fhirUrl}
    patient=${LUCAS}
    user=${as === 'parent' ? ANA : LUCAS}
    user-name=${as === 'parent' ? 'Ana Gómez' : 'Lucas Gómez'}
    user-role=${as === 'parent' ? 'caregiver' : 'patient'}
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
    const headers = () => labelled('Communication').concat(unlabelled('Communication')).filter((r) => !r.partOf);
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
});
