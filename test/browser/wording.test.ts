/**
 * Issue #19, defect 4: what a patient reads is in their language. No raw status code
 * (`in-progress`, `on-hold`) reaches the page; download file names are in the reader's
 * language and name no patient; text a host configures (the reply time) comes in a form
 * per language.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import '../../src/elements/immunizations/immunizations.js';
import '../../src/elements/message-inbox/message-inbox.js';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import type { EngageImmunizations } from '../../src/elements/immunizations/immunizations.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { ClinicalSummary, ImmunizationRecord } from '../../src/adapters/ports.js';
import { applyLocale, loadLocale } from '../../src/core/localization.js';
import { sampleIps } from '../../stories/data/summaries.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingData } from '../../stories/data/messages.js';
import { mountFrame, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/*
 * The status codes of the FHIR R4 value sets behind each summary section (hl7.org/fhir/R4):
 * condition-clinical, allergyintolerance-clinical, medicationrequest-status,
 * medication-statement-status, immunization-status, event-status (Procedure),
 * request-status (CarePlan), goal-status, care-team-status, device-status.
 */
const CODES: Record<string, readonly string[]> = {
  problems: ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'],
  allergies: ['active', 'inactive', 'resolved'],
  medications: ['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown', 'intended', 'not-taken'],
  immunizations: ['completed', 'entered-in-error', 'not-done'],
  procedures: ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'],
  carePlan: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'],
  goals: ['proposed', 'planned', 'accepted', 'active', 'on-hold', 'completed', 'cancelled', 'entered-in-error', 'rejected'],
  careTeam: ['proposed', 'active', 'suspended', 'inactive', 'entered-in-error'],
  devices: ['active', 'inactive', 'entered-in-error', 'unknown'],
};

const NAME_FIELD: Record<string, string> = {
  problems: 'name',
  allergies: 'substance',
  medications: 'name',
  immunizations: 'vaccine',
  procedures: 'name',
  carePlan: 'title',
  goals: 'description',
  careTeam: 'name',
  devices: 'name',
};

/** One entry per code, named "Entry <section> <n>" so its row can be found without the code. */
function summaryOfEveryCode(extra: Record<string, string[]> = {}): ClinicalSummary {
  const sections: Record<string, unknown> = {};
  for (const [key, codes] of Object.entries(CODES)) {
    const all = [...codes, ...(extra[key] ?? [])];
    sections[key] = {
      state: 'entries',
      entries: all.map((status, i) => ({
        id: `${key}-${i}`,
        [NAME_FIELD[key]!]: { text: `Entry ${key} ${i}`, codings: [] },
        status,
        reactions: [],
        activities: [],
        members: [],
        reasons: [],
      })),
    };
  }
  return { source: 'live', sections } as unknown as ClinicalSummary;
}

/** Status shown for each entry of each section, in order of the codes. */
async function statusesShown(locale: string, summary: ClinicalSummary): Promise<Map<string, string>> {
  await loadLocale(locale);
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    show-inactive
    expand-all
    page-size="100"
    .adapter=${createMemoryAdapter({ summary: { summaries: { 'Patient/codes': summary } } })}
    .session=${{ patient: 'Patient/codes', locale, role: 'clinician' }}
  ></engage-clinical-summary>`);
  const entries = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="entry"]')];
  await waitFor(() => entries().length >= Object.values(CODES).flat().length, 'every entry');
  const shown = new Map<string, string>();
  for (const entry of entries()) {
    const name = /Entry (\w+) (\d+)/.exec(entry.textContent ?? '');
    if (!name) continue;
    const statusTerm = [...entry.querySelectorAll('dt')].find((dt) => /^(Status|Estado)$/.test(dt.textContent!.trim()));
    shown.set(`${name[1]} ${name[2]}`, statusTerm?.nextElementSibling?.textContent?.trim() ?? '');
  }
  return shown;
}

describe('defect 4: no raw status code reaches the page', function () {
  afterEach(() => applyLocale('en'));

  it('the summary shows every FHIR status code of its sections as words, in English and in Spanish', async () => {
    const summary = summaryOfEveryCode();
    const en = await statusesShown('en-US', summary);
    const es = await statusesShown('es-MX', summary);
    for (const [key, codes] of Object.entries(CODES)) {
      codes.forEach((code, i) => {
        const english = en.get(`${key} ${i}`);
        const spanish = es.get(`${key} ${i}`);
        expect(english, `${key} ${code}: shown`).to.be.a('string').and.not.equal('');
        expect(english, `${key} ${code} (en)`).to.not.equal(code);
        expect(spanish, `${key} ${code} (es)`).to.not.equal(code);
        expect(spanish, `${key} ${code}: Spanish differs from English`).to.not.equal(english);
      });
    }
  });

  it('a status code outside the value sets is named as such, never shown raw', async () => {
    const summary = summaryOfEveryCode({ procedures: ['x-vendor-status'] });
    const index = CODES.procedures!.length;
    const en = await statusesShown('en-US', summary);
    const es = await statusesShown('es-MX', summary);
    expect(en.get(`procedures ${index}`)).to.equal('Other');
    expect(es.get(`procedures ${index}`)).to.equal('Otro');
  });
});

/** The file names of the downloads a click starts (the temporary link's `download`). */
function downloadsOf(root: ShadowRoot): string[] {
  const names: string[] = [];
  root.addEventListener(
    'click',
    (event) => {
      const link = event.target as HTMLAnchorElement;
      if (link.localName === 'a' && link.hasAttribute('download')) {
        names.push(link.download);
        event.preventDefault(); // the test records the name; no file is written
      }
    },
    true,
  );
  return names;
}

const FILE_NAME = /^[a-z0-9-]+\.[a-z]+$/;

describe('defect 4: download file names in the reader language, naming no patient', function () {
  afterEach(() => applyLocale('en'));

  for (const [locale, document, page] of [
    ['en-US', 'health-summary.json', 'health-summary.html'],
    ['es-MX', 'resumen-de-salud.json', 'resumen-de-salud.html'],
  ] as const) {
    it(`summary downloads (${locale}): ${document}, ${page}`, async () => {
      await loadLocale(locale);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .bundle=${sampleIps}
        .session=${{ patient: 'Patient/ips', locale }}
      ></engage-clinical-summary>`);
      await waitFor(() => el.shadowRoot?.querySelector('[data-download="html"]'), 'the summary');
      const names = downloadsOf(el.shadowRoot!);
      el.shadowRoot!.querySelector<HTMLButtonElement>('[data-download="document"]')!.click();
      await waitFor(() => names.length === 1, 'the document download');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[data-download="html"]')!.click();
      await waitFor(() => names.length === 2, 'the web page download');
      expect(names).to.deep.equal([document, page]);
      for (const name of names) expect(name).to.match(FILE_NAME);
    });
  }

  const record: ImmunizationRecord = {
    patient: { ref: 'Patient/files', name: 'Ana Files', birthDate: '2019-03-04' },
    vaccinations: [{ id: 'v1', vaccine: { text: 'Hep B', codings: [] }, cvx: '08', date: '2019-03-04', status: 'given', source: 'administered' }],
  };

  for (const [locale, json, csv] of [
    ['en-US', 'immunization-record.json', 'immunization-record.csv'],
    ['es-MX', 'registro-de-vacunas.json', 'registro-de-vacunas.csv'],
  ] as const) {
    it(`immunization downloads (${locale}): ${json}, ${csv}`, async () => {
      await loadLocale(locale);
      const el = await mount<EngageImmunizations>(html`<engage-immunizations
        .adapter=${createMemoryAdapter({ immunizations: { records: [record] } })}
        as-of="2024-06-15"
        .session=${{ patient: record.patient.ref, locale, now: () => new Date(2024, 5, 15, 12) }}
      ></engage-immunizations>`);
      await waitFor(() => el.shadowRoot!.querySelector('[part~="download-csv"]'), 'the record');
      const names = downloadsOf(el.shadowRoot!);
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="download-fhir"]')!.click();
      await waitFor(() => names.length === 1, 'the FHIR download');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="download-csv"]')!.click();
      await waitFor(() => names.length === 2, 'the CSV download');
      expect(names).to.deep.equal([json, csv]);
      for (const name of names) {
        expect(name).to.match(FILE_NAME);
        expect(name.toLowerCase()).to.not.include('ana');
      }
    });
  }
});

describe('defect 4: text a host configures comes per language', function () {
  afterEach(() => applyLocale('en'));

  const noticeOf = (el: Element) => el.shadowRoot?.querySelector('[part~="notice"]')?.textContent?.replace(/\s+/g, ' ').trim();
  const REPLY = { en: '2 business days', es: '2 días hábiles' };

  /** An inbox (its new-message form open) or a thread, in `locale`, with `replyTime` set by `set`. */
  async function composing(tag: 'engage-message-inbox' | 'engage-message-thread', locale: string, set: (el: any) => void): Promise<HTMLElement> {
    await loadLocale(locale);
    const el = document.createElement(tag) as any;
    el.adapter = createMemoryAdapter({ messaging: messagingData() });
    el.session = { patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: 'patient', locale };
    if (tag === 'engage-message-thread') el.threadId = 'story-labs';
    set(el);
    mountFrame().append(el);
    if (tag === 'engage-message-inbox') {
      const button = await waitFor(() => el.shadowRoot?.querySelector('[part~="new-button"]') as HTMLButtonElement | null, 'the inbox');
      button.click();
    }
    return el;
  }

  for (const tag of ['engage-message-inbox', 'engage-message-thread'] as const) {
    it(`${tag}: reply-time as { en, es } (property or JSON attribute) in the element's language`, async () => {
      const es = await composing(tag, 'es', (el) => (el.replyTime = REPLY));
      const en = await composing(tag, 'en', (el) => el.setAttribute('reply-time', JSON.stringify(REPLY)));
      const esNotice = await waitFor(() => noticeOf(es), 'the Spanish notice');
      const enNotice = await waitFor(() => noticeOf(en), 'the English notice');
      expect(esNotice).to.include(`${REPLY.es}.`).and.not.include(REPLY.en);
      expect(enNotice).to.include(`We usually reply within ${REPLY.en}.`).and.not.include(REPLY.es);
    });
  }

  it('a language the host left out falls back to English; a plain string works as before', async () => {
    const fallback = await composing('engage-message-thread', 'es', (el) => (el.replyTime = { en: '3 days' }));
    expect(await waitFor(() => noticeOf(fallback), 'the notice')).to.include('3 days');
    const plain = await composing('engage-message-thread', 'en', (el) => el.setAttribute('reply-time', '3 days'));
    expect(await waitFor(() => noticeOf(plain), 'the notice')).to.include('We usually reply within 3 days.');
  });
});
