/**
 * SDC FHIR queries against the local FHIR server: the FHIR adapter's `runQuery` answers
 * queries on its own server only (a query to another host, or one that climbs out of the
 * base path, is refused and never sent), and `<engage-questionnaire>` fills in the
 * SDC-style form test/fixtures/questionnaires/sdc-x-fhir-query.json for the demo's
 * featured patient: the latest weight as the initial answer, the patient as "who", the
 * active conditions as the options of an `x-fhir-query` answerExpression, the contained
 * ValueSet's codes from a FHIRPath answerExpression. What is expected is read from the
 * server directly with plain FHIR searches, not through the adapter.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/questionnaire/questionnaire.js';
import type { EngageQuestionnaire } from '../../src/elements/questionnaire/questionnaire.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import type { Questionnaire } from '../../src/adapters/ports.js';
import { fhirEndpoints, fixture, waitFor } from './helpers.js';

const PATIENT_ID = 'f341c771-5aff-4858-9406-9d45e8a56246';

/** The few fields of the searched resources this test reads. */
interface Found {
  id: string;
  valueQuantity?: { value?: number };
  code?: { text?: string; coding?: { display?: string }[] };
}

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) {
    render(null, wrapper);
    wrapper.remove();
  }
});

async function search(fhirUrl: string, query: string): Promise<Found[]> {
  const response = await fetch(`${fhirUrl}/${query}`, { headers: { Accept: 'application/fhir+json' } });
  expect(response.status, query).to.equal(200);
  return (((await response.json()) as { entry?: { resource: Found }[] }).entry ?? []).map((e) => e.resource);
}

const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('SDC x-fhir-query on the local FHIR server', function () {
  it("runQuery answers queries on the adapter's own server and refuses any other, sending nothing", async () => {
    const { fhirUrl } = await fhirEndpoints();
    const port = createFhirAdapter({ baseUrl: fhirUrl }).questionnaires!;
    const sent: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(input instanceof Request ? input.url : String(input));
      return realFetch(input, init);
    };
    try {
      const bundle = (await port.runQuery!(`Patient?_id=${PATIENT_ID}`)) as { resourceType: string; entry?: { resource: { id: string } }[] };
      expect(bundle.resourceType).to.equal('Bundle');
      expect(bundle.entry?.map((e) => e.resource.id)).to.deep.equal([PATIENT_ID]);
      const absolute = (await port.runQuery!(`${fhirUrl}/Patient/${PATIENT_ID}`)) as { id?: string };
      expect(absolute.id).to.equal(PATIENT_ID);
      const before = sent.length;
      for (const query of [
        `https://example.org/fhir/Patient/${PATIENT_ID}`,
        `//example.org/fhir/Patient/${PATIENT_ID}`,
        `../../demo/patients.json`,
        `%2e%2e/%2e%2e/demo/patients.json`,
        `${new URL(fhirUrl).origin}/demo/patients.json`,
        `javascript:alert(1)`,
      ]) {
        let error: unknown;
        await port.runQuery!(query).catch((e: unknown) => (error = e));
        expect((error as { code?: string })?.code, query).to.equal('invalid');
      }
      expect(sent.slice(before), 'nothing sent for a refused query').to.deep.equal([]);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('fills in the SDC-style form from the server: initial answers and answer options from queries', async () => {
    const { fhirUrl } = await fhirEndpoints();
    // what the form should show, read here with the same plain searches
    const [latest] = await search(fhirUrl, `Observation?code=http://loinc.org|29463-7&_sort=-date&_count=1&patient=${PATIENT_ID}`);
    const conditions = await search(fhirUrl, `Condition?patient=${PATIENT_ID}&clinical-status=active&_count=100`);
    expect(latest?.valueQuantity?.value, 'the featured patient has a weight').to.be.a('number');
    expect(conditions.length, 'and active conditions').to.be.greaterThan(0);

    const questionnaire = await fixture<Questionnaire>('questionnaires/sdc-x-fhir-query.json');
    const wrapper = document.createElement('div');
    document.body.append(wrapper);
    mounted.push(wrapper);
    render(
      html`<engage-questionnaire
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: `Patient/${PATIENT_ID}`, role: 'patient', locale: 'en-US' }}
        .questionnaireResource=${questionnaire}
      ></engage-questionnaire>`,
      wrapper,
    );
    const el = wrapper.querySelector('engage-questionnaire') as EngageQuestionnaire;
    const root = el.shadowRoot!;
    const fieldOf = (labelStart: string) => {
      const label = [...root.querySelectorAll('label, legend')].find((l) => text(l).startsWith(labelStart));
      return label?.localName === 'legend' ? label.parentElement : label ? root.getElementById((label as HTMLLabelElement).htmlFor) : null;
    };
    await waitFor(() => (fieldOf('Your last weight') as HTMLInputElement | null)?.value, 'the weight from the server');
    expect(Number((fieldOf('Your last weight') as HTMLInputElement).value)).to.equal(latest!.valueQuantity!.value);

    // the field shows before its answerExpression's search has answered: wait for the options
    const optionsOf = (field: Element | null) => [...(field?.querySelectorAll('label, option') ?? [])].map((o) => text(o)).filter((t) => t && t !== 'Choose…');
    const optionTexts = await waitFor(() => {
      const shown = optionsOf(fieldOf('Which of your conditions'));
      return shown.length ? shown : undefined;
    }, 'the condition options');
    const expected = conditions.map((c) => c.code?.text ?? c.code?.coding?.[0]?.display);
    expect([...optionTexts].sort()).to.deep.equal([...expected].sort());

    const scale = fieldOf('Which scale did you use?');
    expect([...scale!.querySelectorAll('label, option')].map((o) => text(o)).filter((t) => t && t !== 'Choose…')).to.deep.equal(['Home scale', 'Clinic scale']);
    expect((fieldOf('Who is answering') as HTMLInputElement | null)?.value ?? text(fieldOf('Who is answering'))).to.match(/Jill/);
    // the query to another host was refused: nothing found there
    expect((fieldOf('Readings found on another server') as HTMLInputElement).value).to.equal('0');
    await expect(el).to.be.accessible();
  });
});
