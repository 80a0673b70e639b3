/**
 * No element reads anything twice when it opens (issue 20: "no duplicate request on open
 * of any element; a test counts requests through the local server"). Each element opens
 * inside a provider whose FHIR adapter sends every request to the local FHIR server
 * through a logging fetch; once it has settled (no loading state, no request in flight),
 * no read — a GET, or a GET inside a batch — may have been sent twice.
 *
 * The thread, the banner and the summary have their own, stricter tests in
 * fhir-requests.test.ts (one round trip, shared reads between elements). Not here:
 * <engage-learn-more> reads an infobutton service, not the FHIR server (its requests are
 * counted in the knowledge-service tests).
 */
import { expect } from '@open-wc/testing';
import '../../src/core/provider.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import type { EngageAdapter } from '../../src/adapters/ports.js';
import { FhirClient, createFhirAdapter, createFhirReminders } from '../../src/adapters/fhir/index.js';
import { fhirEndpoints, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { duplicates, requestLog } from './request-log.js';
import { knownSyntheaPatients } from './synthea.js';

ignoreResizeObserverLoop();

interface Case {
  tag: string;
  load: () => Promise<unknown>;
  role: 'patient' | 'clinician';
  attributes?: Record<string, string>;
  /** Whether it reads the server on open (the switcher reads only for a caregiver). */
  reads?: false;
}

const AS_OF = { 'as-of': '2026-11-25' };

/** Every element that reads the FHIR server, with what it needs to open. */
const CASES: Case[] = [
  { tag: 'engage-patient-banner', load: () => import('../../src/elements/patient-banner/patient-banner.js'), role: 'patient' },
  { tag: 'engage-clinical-summary', load: () => import('../../src/elements/clinical-summary/clinical-summary.js'), role: 'patient' },
  { tag: 'engage-message-inbox', load: () => import('../../src/elements/message-inbox/message-inbox.js'), role: 'patient' },
  { tag: 'engage-refill-request', load: () => import('../../src/elements/refill-request/refill-request.js'), role: 'patient' },
  { tag: 'engage-refill-queue', load: () => import('../../src/elements/refill-queue/refill-queue.js'), role: 'clinician' },
  {
    tag: 'engage-decision-aid',
    load: () => import('../../src/elements/decision-aid/decision-aid.js'),
    role: 'patient',
    attributes: { 'aid-id': 'colorectal-cancer-screening' },
  },
  { tag: 'engage-immunizations', load: () => import('../../src/elements/immunizations/immunizations.js'), role: 'patient', attributes: AS_OF },
  { tag: 'engage-health-tracker', load: () => import('../../src/elements/health-tracker/health-tracker.js'), role: 'patient' },
  { tag: 'engage-patient-switcher', load: () => import('../../src/elements/patient-switcher/patient-switcher.js'), role: 'patient', reads: false },
  { tag: 'engage-portal-home', load: () => import('../../src/elements/portal-home/portal-home.js'), role: 'patient' },
  { tag: 'engage-care-reminders', load: () => import('../../src/elements/care-reminders/care-reminders.js'), role: 'patient', attributes: AS_OF },
  { tag: 'engage-education', load: () => import('../../src/elements/education/education.js'), role: 'patient' },
  // a form the server may not hold: opening it still reads (and fails with "not found")
  {
    tag: 'engage-questionnaire',
    load: () => import('../../src/elements/questionnaire/questionnaire.js'),
    role: 'patient',
    attributes: { questionnaire: 'http://loinc.org/q/44249-1' },
  },
  { tag: 'engage-appointments', load: () => import('../../src/elements/appointments/appointments.js'), role: 'patient' },
  { tag: 'engage-appointment-queue', load: () => import('../../src/elements/appointment-queue/appointment-queue.js'), role: 'clinician' },
];

/** Whether every request the log started has been answered. */
const quiet = (log: ReturnType<typeof requestLog>) => log.order.filter((e) => e.startsWith('start')).length === log.order.filter((e) => e.startsWith('end')).length;

describe('no element reads twice on open (local FHIR server)', function () {
  let fhirUrl: string;
  let patient: string;
  let rules: unknown;

  before(async () => {
    ({ fhirUrl } = await fhirEndpoints());
    const { known } = await knownSyntheaPatients(['synthea-jill-tillman-c4b7d178.json']);
    patient = known[0]!.ref;
    rules = await (await fetch('/rules/preventive-care.json')).json();
  });

  for (const c of CASES) {
    it(`<${c.tag}>`, async () => {
      await c.load();
      const log = requestLog(fhirUrl);
      const client = new FhirClient({ baseUrl: fhirUrl, fetch: log.fetch });
      const adapter: EngageAdapter = { ...createFhirAdapter(client), ...createFhirReminders(client, { rules: rules as never }) };
      const provider = document.createElement('engage-provider') as EngageProvider;
      provider.adapter = adapter;
      provider.setAttribute('patient', patient);
      provider.setAttribute('user', c.role === 'patient' ? patient : 'Practitioner/request-count-test');
      provider.setAttribute('user-role', c.role);
      provider.setAttribute('locale', 'en-US');
      const element = document.createElement(c.tag);
      for (const [name, value] of Object.entries(c.attributes ?? {})) element.setAttribute(name, value);
      provider.append(element);
      document.body.append(provider);
      try {
        await waitFor(() => {
          const root = element.shadowRoot;
          return root && root.childElementCount > 0 && !root.querySelector('[part~="loading"]') && quiet(log);
        }, `<${c.tag}> to settle`);
        expect(element.shadowRoot!.querySelector('[part~="not-configured"]'), 'the adapter has its port').to.equal(null);
        if (c.reads !== false) expect(log.reads(), 'it read the server').to.not.be.empty;
        expect(duplicates(log.reads()), `reads sent twice by <${c.tag}>`).to.deep.equal([]);
      } finally {
        provider.remove();
      }
    });
  }

  it("a patient's page of several elements under one provider reads each thing once (the Patient, the CapabilityStatement…)", async () => {
    // not the portal home: its cards are these elements in small, for a page that holds one or the other
    const together = CASES.filter((c) => c.role === 'patient' && c.reads !== false && c.tag !== 'engage-portal-home');
    await Promise.all(together.map((c) => c.load()));
    const log = requestLog(fhirUrl);
    const client = new FhirClient({ baseUrl: fhirUrl, fetch: log.fetch });
    const provider = document.createElement('engage-provider') as EngageProvider;
    provider.adapter = { ...createFhirAdapter(client), ...createFhirReminders(client, { rules: rules as never }) };
    provider.setAttribute('patient', patient);
    provider.setAttribute('user', patient);
    provider.setAttribute('user-role', 'patient');
    provider.setAttribute('locale', 'en-US');
    const elements = together.map((c) => {
      const element = document.createElement(c.tag);
      for (const [name, value] of Object.entries(c.attributes ?? {})) element.setAttribute(name, value);
      return element;
    });
    provider.append(...elements);
    document.body.append(provider);
    try {
      await waitFor(
        () => elements.every((e) => e.shadowRoot && e.shadowRoot.childElementCount > 0 && !e.shadowRoot.querySelector('[part~="loading"]')) && quiet(log),
        'every element to settle',
      );
      expect(log.reads().filter((r) => r === patient), 'the Patient').to.have.length(1);
      expect(log.reads().filter((r) => r === 'metadata'), 'the CapabilityStatement').to.have.length(1);
      expect(duplicates(log.reads()), 'reads sent twice on the page').to.deep.equal([]);
    } finally {
      provider.remove();
    }
  });
});
