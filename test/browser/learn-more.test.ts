/**
 * "Learn more" infobuttons (#17) in the clinical summary and the refill request: shown only
 * with a knowledge port, the panel loads on first click, everything the knowledge service
 * sends is untrusted (the XSS fixture sets execute nothing, `javascript:` links are
 * dropped), a service that is down or slow leaves the summary usable and says the
 * information is unavailable, and requests are counted (no retry storm).
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/clinical-summary/clinical-summary.js';
import '../../src/elements/refill-request/refill-request.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { createKnowledgePort } from '../../src/adapters/infobutton/index.js';
import type { ClinicalSummary, EngageAdapter, InfobuttonQuery, InfobuttonResult, KnowledgePort } from '../../src/adapters/ports.js';
import { applyLocale } from '../../src/core/localization.js';
import { fhirEndpoints, shadowText, waitFor } from './helpers.js';
import { hits, installTraps, itDetectsUnsanitizedExecution, xssPayloads } from './xss-traps.js';
import { typicalSummary } from '../../stories/data/summaries.js';
import { REFILL_PATIENT, refillData } from '../../stories/data/refills.js';

const PATIENT = 'Patient/typical';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** The typical summary with RxNorm codes on its medicines (the story data has none). */
function codedSummary(): ClinicalSummary {
  const summary = structuredClone(typicalSummary);
  const meds = summary.sections.medications!;
  if (meds.state === 'entries') {
    meds.entries[0]!.name.codings = [{ system: RXNORM, code: '860975' }];
    meds.entries[1]!.name.codings = [{ system: RXNORM, code: '314076' }];
  }
  return summary;
}

/** A knowledge port that records queries and answers with `answer`. */
function recordingPort(answer: (q: InfobuttonQuery) => InfobuttonResult | Promise<InfobuttonResult>) {
  const queries: InfobuttonQuery[] = [];
  const port: KnowledgePort = { lookup: async (q) => (queries.push(q), answer(q)) };
  return { port, queries };
}

function adapterWith(knowledge?: KnowledgePort): EngageAdapter {
  const adapter = createMemoryAdapter({ summary: { summaries: { [PATIENT]: codedSummary() } } });
  return knowledge ? { ...adapter, knowledge } : adapter;
}

async function summaryEl(adapter: EngageAdapter, session: Record<string, unknown> = {}) {
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .adapter=${adapter}
    .session=${{ patient: PATIENT, locale: 'en-US', ...session }}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="section"]'), 'summary sections');
  return el;
}

const buttonsIn = (el: Element) => [...el.shadowRoot!.querySelectorAll('engage-learn-more')];
async function openFirst(el: Element, section = 'problems') {
  const learn = await waitFor(
    () => el.shadowRoot!.querySelector(`[data-section="${section}"] engage-learn-more`)?.shadowRoot?.querySelector('button') && el.shadowRoot!.querySelector(`[data-section="${section}"] engage-learn-more`)!,
    'a Learn more button',
  );
  learn.shadowRoot!.querySelector('button')!.click();
  return learn;
}
const panelOf = (learn: Element) => learn.shadowRoot!.querySelector<HTMLElement>('[part="panel"]')!;

const FOUND: InfobuttonResult = {
  status: 'found',
  entries: [{ title: 'Diabetes basics', summaryHtml: '<p>About <b>diabetes</b> <a href="https://kb.test/more">more</a></p>', url: 'https://kb.test/diabetes' }],
};

describe('<engage-learn-more> infobuttons', () => {
  afterEach(() => applyLocale('en'));

  it('shows no button without a knowledge port', async () => {
    const el = await summaryEl(adapterWith());
    expect(buttonsIn(el)).to.have.length(0);
  });

  it('shows a button for coded problems, medicines and results only (not uncoded rows)', async () => {
    const { port } = recordingPort(() => FOUND);
    const el = await summaryEl(adapterWith(port));
    const summary = codedSummary();
    const coded = (entries: { name?: { codings: { code?: string }[] }; code?: { codings: { code?: string }[] } }[]) =>
      entries.filter((e) => (e.name ?? e.code)!.codings.some((c) => c.code)).length;
    // in the story data every coded problem and medicine is active, so all of them are shown
    const problems = summary.sections.problems?.state === 'entries' ? summary.sections.problems.entries : [];
    const meds = summary.sections.medications?.state === 'entries' ? summary.sections.medications.entries : [];
    await customElements.whenDefined('engage-learn-more');
    for (const b of buttonsIn(el)) await (b as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const visible = (key: string) =>
      [...el.shadowRoot!.querySelectorAll(`[data-section="${key}"] engage-learn-more`)].filter((b) => b.shadowRoot?.querySelector('button')).length;
    expect(visible('problems')).to.equal(coded(problems));
    expect(visible('medications')).to.equal(coded(meds));
    expect(visible('results')).to.be.greaterThan(0);
  });

  it('opens a panel on click, in the session language, for the patient; asks once per code', async () => {
    const { port, queries } = recordingPort(() => FOUND);
    const el = await summaryEl(adapterWith(port));
    const learn = await openFirst(el);
    const button = learn.shadowRoot!.querySelector('button')!;
    await waitFor(() => panelOf(learn).querySelector('.entry'), 'entries');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(queries).to.have.length(1);
    expect(queries[0]).to.include({ recipient: 'patient', language: 'en', code: '44054006', system: 'http://snomed.info/sct' });
    const link = panelOf(learn).querySelector<HTMLAnchorElement>('.entry__title a')!;
    expect(link.href).to.equal('https://kb.test/diabetes');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    const inner = panelOf(learn).querySelector<HTMLAnchorElement>('.entry__summary a')!;
    expect(inner.rel).to.equal('noopener noreferrer');
    await expect(learn).to.be.accessible();
    button.click(); // close
    await waitFor(() => panelOf(learn).hidden, 'closed');
    button.click(); // open again: the answer is kept
    await waitFor(() => !panelOf(learn).hidden, 'reopened');
    expect(queries).to.have.length(1);
  });

  it('asks for the provider in Spanish for a clinician with locale es', async () => {
    const { port, queries } = recordingPort(() => FOUND);
    const el = await summaryEl(adapterWith(port), { role: 'clinician', locale: 'es' });
    const learn = await openFirst(el);
    await waitFor(() => panelOf(learn).querySelector('.entry'), 'entries');
    expect(queries[0]).to.include({ recipient: 'provider', language: 'es' });
    await waitFor(() => learn.shadowRoot!.querySelector('button')!.textContent!.includes('Más información'), 'Spanish label');
    await expect(learn).to.be.accessible();
  });

  it('opens with the keyboard (Tab to the button, Enter)', async () => {
    const { port } = recordingPort(() => FOUND);
    const el = await summaryEl(adapterWith(port));
    const learn = await waitFor(() => el.shadowRoot!.querySelector('[data-section="problems"] engage-learn-more')?.shadowRoot?.querySelector('button'), 'button');
    learn.focus();
    await sendKeys({ press: 'Enter' });
    const host = (learn.getRootNode() as ShadowRoot).host;
    await waitFor(() => panelOf(host).querySelector('.entry'), 'entries after Enter');
  });

  it('none found: says so', async () => {
    const { port } = recordingPort(() => ({ status: 'none-found' }));
    const learn = await openFirst(await summaryEl(adapterWith(port)));
    await waitFor(() => /No information was found about/.test(shadowText(learn)), 'none-found text');
    await expect(learn).to.be.accessible();
  });

  it('service down: the summary stays usable, the panel says unavailable, two requests at most per code (one retry)', async () => {
    let requests = 0;
    const port = createKnowledgePort({ fetch: () => (requests++, Promise.reject(new TypeError('Failed to fetch'))), retryDelayMs: 0 });
    const el = await summaryEl(adapterWith(port));
    // every problem's button at once, twice over
    const learns = await waitFor(() => {
      const all = [...el.shadowRoot!.querySelectorAll('[data-section="problems"] engage-learn-more')].filter((b) => b.shadowRoot?.querySelector('button'));
      return all.length ? all : undefined;
    }, 'buttons');
    for (const learn of learns) learn.shadowRoot!.querySelector('button')!.click();
    for (const learn of learns) await waitFor(() => panelOf(learn).querySelector('[role="alert"]'), 'unavailable');
    expect(shadowText(learns[0]!)).to.contain('Information is unavailable right now');
    expect(requests).to.equal(2 * learns.length);
    // the summary itself is unaffected: sections render, a section still collapses
    expect(el.shadowRoot!.querySelectorAll('[part~="section"]').length).to.be.greaterThan(3);
    await expect(learns[0]!).to.be.accessible();
    // "Try again" is one user action: one more request and its retry, no more
    learns[0]!.shadowRoot!.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await waitFor(() => requests === 2 * learns.length + 2 && panelOf(learns[0]!).querySelector('[role="alert"]'), 'second attempt');
  });

  it('service slow: times out to unavailable', async () => {
    const port = createKnowledgePort({ fetch: (_u, init) => new Promise((_r, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('x', 'AbortError')))), timeoutMs: 20, retryDelayMs: 0 });
    const learn = await openFirst(await summaryEl(adapterWith(port)));
    await waitFor(() => panelOf(learn).querySelector('[role="alert"]'), 'unavailable after timeout');
  });

  describe('XSS from the knowledge service', () => {
    let restore: () => void;
    before(() => (restore = installTraps()));
    after(() => restore());
    itDetectsUnsanitizedExecution();

    it('payloads in titles, summaries and links execute nothing; javascript: links are dropped', async () => {
      const payloads = await xssPayloads();
      hits.length = 0;
      const entries = payloads.map(({ payload }, i) => ({ title: payload, summaryHtml: payload, url: i % 2 ? 'javascript:alert(1)' : payload }));
      const { port } = recordingPort(() => ({ status: 'found', entries }));
      const learn = await openFirst(await summaryEl(adapterWith(port)));
      await waitFor(() => panelOf(learn).querySelectorAll('.entry').length === entries.length, 'every entry');
      await new Promise((resolve) => setTimeout(resolve, 300)); // let any onerror/onload fire
      expect(hits).to.deep.equal([]);
      for (const a of panelOf(learn).querySelectorAll('a')) {
        expect(a.getAttribute('href') ?? '', a.outerHTML).to.match(/^(https?:|mailto:|tel:|$)/i);
      }
      expect(panelOf(learn).querySelector('script, iframe, object, embed, [onerror], [onload]')).to.equal(null);
    });
  });

  it('a clinician assigns a result to the patient as education: once, even when clicked twice; patients get no such button', async () => {
    const { port } = recordingPort(() => FOUND);
    const adapter = adapterWith(port) as ReturnType<typeof createMemoryAdapter> & { knowledge: KnowledgePort };
    const patientView = await openFirst(await summaryEl(adapter));
    await waitFor(() => panelOf(patientView).querySelector('.entry'), 'entries');
    expect(panelOf(patientView).textContent).not.to.contain('Assign to patient');
    const learn = await openFirst(await summaryEl(adapter, { role: 'clinician' }));
    const assign = await waitFor(() => [...panelOf(learn).querySelectorAll('button')].find((b) => b.textContent!.includes('Assign to patient')), 'assign button');
    let events = 0;
    learn.addEventListener('engage-learn-more-assign', () => events++);
    assign.click();
    assign.click();
    await waitFor(() => panelOf(learn).textContent!.includes('Assigned to the patient.'), 'assigned');
    const stored = await adapter.education.listAssigned(PATIENT);
    expect(stored.map((m) => [m.title, m.url])).to.deep.equal([['Diabetes basics', 'https://kb.test/diabetes']]);
    expect(events).to.be.at.least(1);
    await expect(learn).to.be.accessible();
  });

  it('refill request: a button per medicine with a code', async () => {
    const { port, queries } = recordingPort(() => FOUND);
    const memory = createMemoryAdapter({ refills: refillData() });
    const now = () => new Date(2024, 5, 15, 12, 0, 0);
    const el = await mount(html`<engage-refill-request .adapter=${{ ...memory, knowledge: port }} .session=${{ patient: REFILL_PATIENT, locale: 'en', now }}></engage-refill-request>`);
    const learn = await waitFor(() => el.shadowRoot!.querySelector('engage-learn-more')?.shadowRoot?.querySelector('button'), 'a Learn more button');
    learn.click();
    await waitFor(() => queries.length === 1, 'a query');
    expect(queries[0]!.system).to.be.a('string');
  });

  it('against the local knowledge service over HTTP: English and Spanish demo content', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const port = createKnowledgePort({ baseUrl: `${new URL(fhirUrl).origin}/knowledge/service` });
    for (const [locale, title] of [['en', 'Blood sugar and diabetes (demo)'], ['es', 'Azúcar en la sangre y diabetes (demo)']] as const) {
      const learn = await openFirst(await summaryEl(adapterWith(port), { locale }));
      await waitFor(() => shadowText(learn).includes(title), `${locale} title`);
      await expect(learn).to.be.accessible();
    }
  });
  describe('credit line', () => {
    /** A service answering one entry in the feed shape; counts its requests. */
    const feedFetch: typeof fetch = async () =>
      new Response(
        JSON.stringify({ feed: { entry: [{ title: { _value: 'Diabetes' }, summary: { _value: '<p>About diabetes.</p>' }, link: [{ href: 'https://kb.test/diabetes' }] }] } }),
        { headers: { 'Content-Type': 'application/json' } },
      );

    it('results from MedlinePlus Connect carry the credit its terms ask for, in English and Spanish', async () => {
      // the default base URL is MedlinePlus Connect's; the fetch stands in for the service
      const port = createKnowledgePort({ fetch: feedFetch });
      const english = await openFirst(await summaryEl(adapterWith(port)));
      await waitFor(() => shadowText(english).includes('Diabetes'), 'the entry');
      expect(panelOf(english).querySelector('.attribution')?.textContent).to.equal('Source: MedlinePlus, National Library of Medicine.');
      await expect(english).to.be.accessible();
      const spanish = await openFirst(await summaryEl(adapterWith(port), { locale: 'es' }));
      await waitFor(() => panelOf(spanish).querySelector('.attribution')?.textContent?.startsWith('Fuente:'), 'the Spanish credit');
      expect(panelOf(spanish).querySelector('.attribution')!.textContent).to.equal('Fuente: MedlinePlus en español, Biblioteca Nacional de Medicina.');
    });

    it('another service shows no MedlinePlus credit, or the host’s own line', async () => {
      const local = createKnowledgePort({ baseUrl: 'https://kb.test/service', fetch: feedFetch });
      const plain = await openFirst(await summaryEl(adapterWith(local)));
      await waitFor(() => shadowText(plain).includes('Diabetes'), 'the entry');
      expect(panelOf(plain).querySelector('.attribution')).to.equal(null);
      expect(shadowText(plain)).not.to.contain('MedlinePlus');
      const own = createKnowledgePort({ baseUrl: 'https://kb.test/service', fetch: feedFetch, attribution: { text: 'Source: Riverside Health Library.' } });
      const credited = await openFirst(await summaryEl(adapterWith(own)));
      await waitFor(() => shadowText(credited).includes('Diabetes'), 'the entry');
      expect(panelOf(credited).querySelector('.attribution')?.textContent).to.equal('Source: Riverside Health Library.');
    });
  });
});
