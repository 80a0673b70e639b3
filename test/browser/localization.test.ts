/**
 * Two languages on one page: every element, rendered twice from the same data inside
 * two providers (`locale="en"` and `locale="es"`), speaks wholly its provider's
 * language, dates and numbers included, and follows its provider when the locale changes.
 *
 * "Wholly" is checked without a list of expected words: the two copies show the same
 * data, so any text they share must come from that data (names, subjects, medications,
 * the aid's own content). A shared text that is not in the data is untranslated UI.
 */
import { expect } from '@open-wc/testing';
import { html, render, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import '../../src/index.js';
import type { EngageAdapter, Role } from '../../src/adapters/ports.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { loadLocale } from '../../src/core/localization.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import { settled, waitFor } from './helpers.js';
import { loadAids } from './decision-aid-helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { carla } from '../../stories/data/patients.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingData } from '../../stories/data/messages.js';
import { typicalSummary } from '../../stories/data/summaries.js';
import { REFILL_PATIENT, queueData, refillData } from '../../stories/data/refills.js';

const NOW = () => new Date(2024, 5, 15, 12, 0);

interface Case {
  tag: string;
  /** Everything the element is given to show; shared text must occur in it. */
  data: () => Promise<unknown>;
  adapter: (data: unknown) => EngageAdapter;
  patient?: string;
  user?: { ref: string; name: string };
  role?: Role;
  attributes?: string;
  /**
   * Texts the two copies may share although they are not verbatim in the data: data
   * joined into one text, and words Spanish spells as English does. Reviewed one by one.
   */
  shared?: string[];
}

const CASES: Case[] = [
  {
    tag: 'engage-patient-banner',
    data: async () => [carla],
    adapter: (data) => createMemoryAdapter({ patients: data as (typeof carla)[] }),
    patient: carla.ref,
    shared: ['Carla Echevarría' /* given + family */],
  },
  {
    tag: 'engage-message-inbox',
    data: async () => messagingData(),
    adapter: (data) => createMemoryAdapter({ messaging: { ...(data as ReturnType<typeof messagingData>), now: NOW } }),
    patient: MESSAGE_PATIENT,
    user: PATIENT_USER.user as { ref: string; name: string },
    shared: ['Rosa García, Prescription questions' /* participants joined */],
  },
  {
    tag: 'engage-message-thread',
    data: async () => messagingData(),
    adapter: (data) => createMemoryAdapter({ messaging: { ...(data as ReturnType<typeof messagingData>), now: NOW } }),
    patient: MESSAGE_PATIENT,
    user: PATIENT_USER.user as { ref: string; name: string },
    attributes: 'thread-id="story-labs"',
    shared: ['28 bytes' /* Intl's unit, "bytes" in both */],
  },
  {
    tag: 'engage-clinical-summary',
    data: async () => typicalSummary,
    adapter: (data) => createMemoryAdapter({ summary: { summaries: { 'Patient/typical': data as typeof typicalSummary } } }),
    patient: 'Patient/typical',
    shared: [
      'Normal', // 'summary.flag.normal' is "Normal" in Spanish too
      'Systolic: 132 mmHg; Diastolic: 84 mmHg', // components joined
      'Walk 30 minutes a day; Check blood sugar before breakfast', // plan items joined
      // plain test names (src/core/clinical-names/loinc-names.ts) exist in English only so far
      'Hemoglobin A1c (average blood sugar)',
      'Weight',
    ],
  },
  {
    tag: 'engage-refill-request',
    data: async () => refillData(),
    adapter: (data) => createMemoryAdapter({ refills: data as ReturnType<typeof refillData> }),
    patient: REFILL_PATIENT,
    shared: ['100 Main Street, Springfield, MA 01101 · 555-0100' /* pharmacy address and phone */],
  },
  {
    tag: 'engage-refill-queue',
    data: async () => queueData(),
    adapter: (data) => createMemoryAdapter({ refills: data as ReturnType<typeof queueData> }),
    role: 'clinician',
    shared: ['60 tablet' /* quantity and its unit */],
  },
  {
    tag: 'engage-decision-aid',
    data: loadAids,
    adapter: (data) => createMemoryAdapter({ decisionAids: { aids: data as never } }),
    patient: 'Patient/85',
    attributes: 'aid-id="colorectal-cancer-screening"',
    shared: ['ehr-engage contributors (Content authors (software engineers, not clinicians))' /* author and role */],
  },
];

/** The visible and spoken texts of a shadow tree, in document order. */
function texts(root: Node, out: string[] = []): string[] {
  for (const node of root.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (/\p{L}/u.test(text)) out.push(text);
    } else if (node instanceof Element && node.localName !== 'style') {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = node.getAttribute(name)?.trim();
        if (value && /\p{L}/u.test(value)) out.push(value);
      }
      if (node.shadowRoot) texts(node.shadowRoot, out);
      texts(node, out);
    }
  }
  return out;
}

const EN_DATE = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}/g;
const ES_DATE = /\b\d{1,2} (?:de )?(?:ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)[a-z]*\.? (?:de )?\d{4}/g;
const count = (list: string[], pattern: RegExp) => list.join('\n').match(pattern)?.length ?? 0;

const mounted: HTMLElement[] = [];
afterEach(() => mounted.splice(0).forEach((el) => el.remove()));
before(() => ignoreResizeObserverLoop());

function provider(c: Case, adapter: EngageAdapter, locale: string): TemplateResult {
  const tag = unsafeStatic(c.tag);
  const attributes = unsafeStatic(c.attributes ?? '');
  return html`<engage-provider
    .adapter=${adapter}
    .now=${NOW}
    patient=${c.patient ?? ''}
    user=${c.user?.ref ?? ''}
    user-name=${c.user?.name ?? ''}
    user-role=${c.role ?? 'patient'}
    locale=${locale}
  >
    ${staticHtml`<${tag} ${attributes}></${tag}>`}
  </engage-provider>`;
}

/** Both copies of an element, loaded. */
async function twoLanguages(c: Case) {
  const data = await c.data();
  const adapter = c.adapter(data);
  const page = document.createElement('div');
  document.body.append(page);
  mounted.push(page);
  render(html`${provider(c, adapter, 'en')}${provider(c, adapter, 'es')}`, page);
  const [en, es] = [...page.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>(c.tag)] as [
    HTMLElement & { updateComplete: Promise<unknown> },
    HTMLElement & { updateComplete: Promise<unknown> },
  ];
  const loaded = (el: HTMLElement) =>
    el.shadowRoot?.querySelector('[part~="base"]') && !el.shadowRoot.querySelector('[part~="loading"], [part~="not-configured"], [part~="error"]');
  await waitFor(() => loaded(en) && loaded(es), `${c.tag} to load in both languages`);
  // the Spanish strings arrive on demand; the element renders again by itself once they have
  await loadLocale('es');
  await settled(en);
  await settled(es);
  const providers = [...page.querySelectorAll<EngageProvider>('engage-provider')] as [EngageProvider, EngageProvider];
  return { data, en, es, providers };
}

describe('two providers, two languages, one page', () => {
  for (const c of CASES) {
    it(`<${c.tag}> renders wholly in its provider's language, dates and numbers included`, async () => {
      const { data, en, es } = await twoLanguages(c);
      const english = texts(en.shadowRoot!);
      const spanish = texts(es.shadowRoot!);
      const source = JSON.stringify(data);
      const shared = new Set(english);
      const untranslated = spanish.filter((text) => shared.has(text) && !source.includes(text) && !c.shared?.includes(text));
      expect(untranslated, 'texts both copies show that are not from the data').to.deep.equal([]);
      expect(en.shadowRoot!.querySelector('[lang]')!.getAttribute('lang')).to.equal('en');
      expect(es.shadowRoot!.querySelector('[lang]')!.getAttribute('lang')).to.equal('es');
      // every date one copy shows, the other shows in its own form; none in the other's
      expect(count(spanish, EN_DATE), 'English dates in Spanish').to.equal(0);
      expect(count(english, ES_DATE), 'Spanish dates in English').to.equal(0);
      expect(count(spanish, ES_DATE), 'Spanish dates').to.equal(count(english, EN_DATE));
    });
  }

  it('formats numbers in each provider’s language: the composer’s size limit ignores the page’s lang', async () => {
    const adapter = createMemoryAdapter({ messaging: { ...messagingData(), now: NOW } });
    const page = document.createElement('div');
    document.body.append(page);
    mounted.push(page);
    // 1.5 MB: a decimal separator that differs between the two languages
    render(
      html`${['en', 'es'].map(
        (locale) => html`<engage-provider .adapter=${adapter} .now=${NOW} patient=${MESSAGE_PATIENT} user=${PATIENT_USER.user.ref} locale=${locale}>
          <engage-message-thread thread-id="story-labs" max-file-size="1572864"></engage-message-thread>
        </engage-provider>`,
      )}`,
      page,
    );
    const [en, es] = [...page.querySelectorAll<HTMLElement>('engage-message-thread')] as [HTMLElement, HTMLElement];
    const limit = (el: HTMLElement) => el.shadowRoot?.querySelector('.composer__limits')?.textContent?.replace(/\s+/g, ' ').trim();
    const expectedEs = new Intl.NumberFormat('es', { maximumFractionDigits: 1 }).format(1.5);
    await waitFor(() => limit(en)?.includes('1.5') && limit(es)?.includes(expectedEs) && !limit(es)?.includes('Up to'), 'both size limits');
    expect(document.documentElement.lang).to.equal('en');
    expect(limit(es)).to.contain('1,5');
    expect(limit(en)).to.contain('1.5');
  });

  for (const c of CASES) {
    it(`<${c.tag}> follows its provider when the locale changes`, async () => {
      const { en, es, providers } = await twoLanguages(c);
      const english = texts(en.shadowRoot!);
      const spanish = texts(es.shadowRoot!);
      providers[1].locale = 'en';
      await waitFor(() => texts(es.shadowRoot!).join('\n') === english.join('\n'), `${c.tag} switched to English`);
      providers[1].locale = 'es';
      await waitFor(() => texts(es.shadowRoot!).join('\n') === spanish.join('\n'), `${c.tag} switched back to Spanish`);
      // the other provider's copy never moved
      expect(texts(en.shadowRoot!)).to.deep.equal(english);
    });
  }
});

describe('where an element takes its language from', () => {
  it('its own lang wins over the provider; an ancestor lang applies where the provider names none', async () => {
    const adapter = createMemoryAdapter({ patients: [carla] });
    const page = document.createElement('div');
    document.body.append(page);
    mounted.push(page);
    render(
      html`<engage-provider .adapter=${adapter} .now=${NOW} patient=${carla.ref} locale="en">
          <engage-patient-banner id="own" lang="es"></engage-patient-banner>
        </engage-provider>
        <div lang="es-MX">
          <engage-provider .adapter=${adapter} .now=${NOW} patient=${carla.ref}>
            <engage-patient-banner id="inherited"></engage-patient-banner>
          </engage-provider>
        </div>
        <engage-patient-banner id="bare" .adapter=${adapter} patient=${carla.ref}></engage-patient-banner>`,
      page,
    );
    const lang = (id: string) => page.querySelector(`#${id}`)?.shadowRoot?.querySelector('section')?.getAttribute('lang');
    await waitFor(() => lang('own') && lang('inherited') && lang('bare'), 'three banners');
    expect(lang('own')).to.equal('es');
    expect(lang('inherited')).to.equal('es-MX');
    // no provider, no lang on the element: the page's <html lang="en">
    expect(lang('bare')).to.equal('en');
    // a host switching an ancestor's lang is followed
    page.querySelector('div[lang]')!.setAttribute('lang', 'en-GB');
    await waitFor(() => lang('inherited') === 'en-GB', 'the banner to follow its ancestor');
  });
});
