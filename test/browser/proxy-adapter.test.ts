/**
 * `withProxyPolicy()` at the port level, over the in-memory adapter: denied actions are
 * refused before they reach the backend, withheld sections are neither asked for nor
 * returned, an unknown age applies age-banded rules (fail closed), and a role no rule
 * concerns gets the adapter itself.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import '../../src/core/provider.js';
import '../../src/elements/patient-banner/patient-banner.js';
import { waitFor } from './helpers.js';
import { withProxyPolicy } from '../../src/core/proxy-adapter.js';
import { ageInYears, DEFAULT_PROXY_POLICY, type ProxyPolicy } from '../../src/core/proxy-policy.js';
import type { AllergyItem, AllergyStatus, ClinicalSummary, PatientDemographics, QuestionnairePort, ReminderRecord, ReminderRuleSet, Role } from '../../src/adapters/ports.js';

const NOW = () => new Date(2026, 11, 1, 10);
const TEEN: PatientDemographics = { ref: 'Patient/teen', names: [], birthDate: '2011-08-03', identifiers: [] };
const LABEL = [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'MH' }];
const SUMMARY: ClinicalSummary = {
  source: 'live',
  sections: {
    problems: {
      state: 'entries',
      entries: [
        { id: 'c1', name: { text: 'Asthma', codings: [] } },
        { id: 'c2', name: { text: 'Anxiety', codings: [] }, security: LABEL },
      ],
    },
    vitals: { state: 'entries', entries: [{ id: 'o1', code: { text: 'Weight', codings: [] }, components: [] }] },
  },
};

const adapterFor = (patients: PatientDemographics[]) =>
  createMemoryAdapter({ patients, summary: { summaries: { 'Patient/teen': SUMMARY } } });

describe('withProxyPolicy()', () => {
  it('ages in whole years from a calendar date, a partial date counting from its latest day', () => {
    expect(ageInYears('2011-08-03', new Date(2026, 7, 2))).to.equal(14);
    expect(ageInYears('2011-08-03', new Date(2026, 7, 3))).to.equal(15);
    expect(ageInYears('2011', new Date(2026, 11, 30))).to.equal(14);
    expect(ageInYears(undefined, NOW())).to.equal(undefined);
  });

  it('gives patients and clinicians the adapter itself', () => {
    const adapter = adapterFor([TEEN]);
    expect(withProxyPolicy(adapter, DEFAULT_PROXY_POLICY, { role: 'patient', now: NOW })).to.equal(adapter);
    expect(withProxyPolicy(adapter, DEFAULT_PROXY_POLICY, { role: 'clinician', now: NOW })).to.equal(adapter);
  });

  it('withholds labelled entries and whole sections, and does not ask for a withheld section', async () => {
    const adapter = adapterFor([TEEN]);
    const asked: unknown[] = [];
    const getSummary = adapter.summary.getSummary.bind(adapter.summary);
    adapter.summary.getSummary = (patient, query, options) => (asked.push(query?.sections), getSummary(patient, query, options));
    const policy: ProxyPolicy = { rules: [...DEFAULT_PROXY_POLICY.rules, { roles: ['caregiver'], hiddenSections: ['vitals'] }] };
    const proxied = withProxyPolicy(adapter, policy, { role: 'caregiver', now: NOW });
    const summary = await proxied.summary!.getSummary('Patient/teen', { sections: ['problems', 'vitals'] });
    expect(asked).to.deep.equal([['problems']]);
    expect(Object.keys(summary.sections)).to.deep.equal(['problems']);
    const problems = summary.sections.problems!;
    expect(problems.state === 'entries' && problems.entries.map((e) => e.id)).to.deep.equal(['c1']);
  });

  it('applies age-banded rules when the age cannot be read (fail closed)', async () => {
    const proxied = withProxyPolicy(adapterFor([]), DEFAULT_PROXY_POLICY, { role: 'caregiver', now: NOW });
    const problems = (await proxied.summary!.getSummary('Patient/teen')).sections.problems!;
    expect(problems.state === 'entries' && problems.entries.map((e) => e.id)).to.deep.equal(['c1']);
  });

  it('refuses a denied action before it reaches the backend', async () => {
    const adapter = adapterFor([TEEN]);
    const policy: ProxyPolicy = { rules: [{ roles: ['caregiver'], deniedActions: ['request-refill', 'send-message'] }] };
    const proxied = withProxyPolicy(adapter, policy, { role: 'caregiver', patient: 'Patient/teen', now: NOW });
    let reached = false;
    adapter.refills.submitRequest = async () => ((reached = true), []);
    const refused = await proxied.refills!
      .submitRequest('Patient/teen', { items: [], pharmacy: 'Organization/p', delivery: 'pickup' }, { idempotencyKey: 'k' })
      .then(() => undefined, (error: { code?: string }) => error.code);
    expect(refused).to.equal('forbidden');
    expect(reached).to.equal(false);
    const send = await proxied.messaging!
      .sendMessage('t1', { body: 'hi', attachments: [] }, { idempotencyKey: 'k2' })
      .then(() => undefined, (error: { code?: string }) => error.code);
    expect(send).to.equal('forbidden');
  });

  describe('care reminders', () => {
    const TEEN_RECORD = (entries: ReminderRecord['entries']): ReminderRecord => ({
      patient: 'Patient/teen',
      birthDate: '2011-08-03',
      sexAtBirth: 'male',
      entries,
      actions: [],
    });
    const REFERRAL: ReminderRecord['entries'][number] = {
      ref: 'ServiceRequest/counselling',
      type: 'ServiceRequest',
      codings: [{ system: 'http://snomed.info/sct', code: '385724002', display: 'Counselling referral' }],
      status: 'active',
      date: '2026-11-01',
      security: LABEL,
    };
    let rules: ReminderRuleSet;
    before(async () => {
      rules = (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;
    });
    const remindersAs = async (role: Role, entries: ReminderRecord['entries'], policy: ProxyPolicy = DEFAULT_PROXY_POLICY) => {
      const adapter = createMemoryAdapter({ patients: [TEEN], reminders: { rules, records: [TEEN_RECORD(entries)] } });
      const proxied = withProxyPolicy(adapter, policy, { role, patient: 'Patient/teen', now: NOW });
      return (await proxied.reminders!.getReminders('Patient/teen', '2026-12-01')).reminders.map((r) => r.ruleId);
    };

    it('withholds a reminder whose rule screens for a withheld sensitivity; the adolescent sees it', async () => {
      // read from the rule data: the rules labelled with a sensitivity the default policy withholds
      const sensitive = rules.rules.filter((rule) => rule.sensitivity?.length).map((rule) => rule.id);
      expect(sensitive).to.include('hiv-screening');
      const own = await remindersAs('patient', []);
      expect(own).to.include('hiv-screening');
      const parent = await remindersAs('caregiver', []);
      expect(parent.filter((id) => sensitive.includes(id))).to.deep.equal([]);
      expect(parent.length).to.equal(own.filter((id) => !sensitive.includes(id)).length);
      // the policy is data: without the HIV label the parent sees the HIV test reminder
      const withoutHiv: ProxyPolicy = {
        rules: DEFAULT_PROXY_POLICY.rules.map((rule) => ({ ...rule, hiddenLabels: rule.hiddenLabels?.filter((l) => l.code !== 'HIV') })),
      };
      expect(await remindersAs('caregiver', [], withoutHiv)).to.include('hiv-screening');
    });

    it('withholds a reminder whose evidence carries a withheld label', async () => {
      const own = await remindersAs('patient', [REFERRAL]);
      const parent = await remindersAs('caregiver', [REFERRAL]);
      const parentUnlabelled = await remindersAs('caregiver', [{ ...REFERRAL, security: undefined }]);
      // the referral makes exactly one follow-up reminder, which only its label withholds
      const fromReferral = parentUnlabelled.filter((id) => !parent.includes(id));
      expect(fromReferral).to.deep.equal(['ordered-tests-and-referrals']);
      expect(own).to.include('ordered-tests-and-referrals');
    });
  });

  it('withholds labelled appointments and education materials from the proxy, and the adolescent sees them', async () => {
    const R = [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }];
    const adapter = createMemoryAdapter({
      patients: [TEEN],
      scheduling: {
        appointments: [
          { id: 'a1', status: 'booked', patient: 'Patient/teen', start: '2026-12-10T10:00:00Z', visitType: { id: 'checkup', name: 'Check-up' } },
          { id: 'a2', status: 'booked', patient: 'Patient/teen', start: '2026-12-11T10:00:00Z', visitType: { id: 'counselling', name: 'Counselling' }, security: R },
        ],
      },
      education: {
        materials: [
          { id: 'm1', patient: 'Patient/teen', title: 'Asthma action plan', assigned: '2026-11-01' },
          { id: 'm2', patient: 'Patient/teen', title: 'Coping with stress', assigned: '2026-11-02', security: LABEL },
        ],
      },
    });
    const as = (role: Role) => withProxyPolicy(adapter, DEFAULT_PROXY_POLICY, { role, patient: 'Patient/teen', now: NOW });
    const appointments = async (role: Role) => (await as(role).scheduling!.listAppointments('Patient/teen')).map((a) => a.id).sort();
    const materials = async (role: Role) => (await as(role).education!.listAssigned('Patient/teen')).map((m) => m.id).sort();
    expect(await appointments('patient')).to.deep.equal(['a1', 'a2']);
    expect(await appointments('caregiver')).to.deep.equal(['a1']);
    expect(await materials('patient')).to.deep.equal(['m1', 'm2']);
    expect(await materials('caregiver')).to.deep.equal(['m1']);
  });

  describe("the banner's allergies", () => {
    const DUST: AllergyItem = { substance: 'House dust mite', criticality: 'low', severity: 'mild' };
    const FLUOXETINE = { substance: 'Fluoxetine', criticality: 'high', severity: 'severe', security: LABEL } as const;
    const BOTH: AllergyStatus = { kind: 'recorded', count: 2, mostSevere: { substance: 'Fluoxetine', criticality: 'high', severity: 'severe' }, items: [DUST, { ...FLUOXETINE, security: [...LABEL] }] };
    const allergiesAs = async (role: Role, allergies: AllergyStatus) => {
      const adapter = createMemoryAdapter({ patients: [{ ...TEEN, allergies }] });
      return (await withProxyPolicy(adapter, DEFAULT_PROXY_POLICY, { role, patient: 'Patient/teen', now: NOW }).patient!.getPatient('Patient/teen')).allergies;
    };

    it('are counted and named without the withheld ones for a parent; the adolescent and the clinician get them all', async () => {
      const parent = await allergiesAs('caregiver', BOTH);
      expect(parent).to.deep.include({ kind: 'recorded', count: 1, mostSevere: { substance: 'House dust mite', criticality: 'low', severity: 'mild' } });
      expect(parent?.kind === 'recorded' && parent.items?.map((item) => item.substance)).to.deep.equal(['House dust mite']);
      expect(await allergiesAs('patient', BOTH)).to.deep.equal(BOTH);
      expect(await allergiesAs('clinician', BOTH)).to.deep.equal(BOTH);
      // only withheld allergies: "not recorded" for the parent, never "no known allergies"
      expect(await allergiesAs('caregiver', { kind: 'recorded', count: 1, mostSevere: { substance: 'Fluoxetine' }, items: [{ ...FLUOXETINE, security: [...LABEL] }] })).to.deep.equal({ kind: 'unrecorded' });
    });

    it('the banner inside a provider shows the parent the recount', async () => {
      const adapter = createMemoryAdapter({ patients: [{ ...TEEN, allergies: BOTH }] });
      const banner = async (role: Role) => {
        const provider = await mount(html`<engage-provider .adapter=${adapter} patient="Patient/teen" user-role=${role} .now=${NOW}
          ><engage-patient-banner></engage-patient-banner
        ></engage-provider>`);
        const el = provider.querySelector('engage-patient-banner')!;
        const line = await waitFor(() => el.shadowRoot?.querySelector('[part~="allergies"]'), 'the allergies');
        return line.textContent!.replace(/\s+/g, ' ').trim();
      };
      const parent = await banner('caregiver');
      expect(parent).to.contain('Allergies: 1').and.contain('House dust mite').and.not.contain('Fluoxetine');
      expect(await banner('patient')).to.contain('Allergies: 2').and.contain('Fluoxetine');
    });
  });

  it("leaves a form's own queries out for a proxy, whose results the policy could not filter", async () => {
    const asked: string[] = [];
    const questionnaires = {
      getQuestionnaire: async () => ({ resourceType: 'Questionnaire', status: 'active' }),
      runQuery: async (query: string) => (asked.push(query), { resourceType: 'Bundle', type: 'searchset' }),
    } as unknown as QuestionnairePort;
    const adapter = { ...adapterFor([TEEN]), questionnaires };
    const proxied = withProxyPolicy(adapter, DEFAULT_PROXY_POLICY, { role: 'caregiver', patient: 'Patient/teen', now: NOW });
    expect(proxied.questionnaires?.runQuery, 'the proxy gets no query method').to.equal(undefined);
    expect(proxied.questionnaires?.getQuestionnaire, 'the form itself still loads').to.be.a('function');
    const own = withProxyPolicy(adapter, DEFAULT_PROXY_POLICY, { role: 'patient', patient: 'Patient/teen', now: NOW });
    await own.questionnaires!.runQuery!('Observation?patient=Patient/teen');
    expect(asked).to.deep.equal(['Observation?patient=Patient/teen']);
  });
});
