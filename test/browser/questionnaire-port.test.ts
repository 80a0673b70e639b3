/**
 * The QuestionnairePort on both adapters: forms by id and by canonical URL, drafts that
 * update in place, submit, idempotent retries, assignments, and (FHIR only, through the
 * fault proxy) a save whose answer is lost: exactly one response on the server, holding
 * what the patient last saw. What is stored is read from the server directly, not
 * through the port.
 */
import { expect } from '@open-wc/testing';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import type { Questionnaire, QuestionnairePort, QuestionnaireResponse } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, fixture, setFault } from './helpers.js';

const PATIENT = 'Patient/e4531916-b162-4f4b-90c2-ce37e132b8d4';

function answer(questionnaire: string, marker: string, code = 'LA6568-5'): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'in-progress',
    questionnaire,
    subject: { reference: PATIENT },
    authored: '2026-12-02T04:00:00Z',
    item: [
      { linkId: '/44250-9', answer: [{ valueCoding: { system: 'http://loinc.org', code } }] },
      { linkId: 'note', answer: [{ valueString: marker }] },
    ],
  };
}

interface Setup {
  port: QuestionnairePort;
  questionnaire: Questionnaire;
  /** The responses the backend holds that carry `marker` (read from the backend itself). */
  stored(marker: string): Promise<QuestionnaireResponse[]>;
}

/** A URL of our own per run, so runs never see each other's forms. */
const testUrl = () => `https://ehr-engage.dev/test/Questionnaire/phq9-${crypto.randomUUID()}`;

/**
 * The LHC-Forms PHQ-9 as published, for the memory port. It is not valid FHIR (linkIds as
 * ids with "/", strings where numbers belong), which the local FHIR server refuses, so the
 * FHIR setup stores its first question only, with a valid shape.
 */
async function phq9(): Promise<Questionnaire> {
  const q = await fixture<Questionnaire>('questionnaires/lforms-phq9.json');
  return { ...q, id: undefined, url: testUrl(), version: '1' };
}

function firstQuestion(): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    status: 'active',
    url: testUrl(),
    version: '1',
    title: 'PHQ-9 first question',
    item: [{ linkId: 'q1', type: 'choice', text: 'Little interest or pleasure in doing things?', answerOption: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6568-5', display: 'Not at all' } }] }],
  };
}

function portContract(name: string, setup: () => Promise<Setup>): void {
  describe(`QuestionnairePort: ${name}`, function () {
    it('reads a form by canonical URL and by id', async () => {
      const { port, questionnaire } = await setup();
      const byUrl = await port.getQuestionnaire(questionnaire.url!);
      expect(byUrl.item?.map((i) => i.linkId)).to.deep.equal(questionnaire.item?.map((i) => i.linkId));
      const byId = await port.getQuestionnaire(`Questionnaire/${byUrl.id}`);
      expect(byId.url).to.equal(questionnaire.url);
      let error: unknown;
      await port.getQuestionnaire(`${questionnaire.url}-missing`).catch((e: unknown) => (error = e));
      expect((error as { code?: string })?.code).to.equal('not-found');
    });

    it('saves a draft once per key, updates it in place, then submits the same record', async () => {
      const { port, questionnaire, stored } = await setup();
      const marker = crypto.randomUUID();
      const key = newIdempotencyKey();
      const first = await port.saveDraft(answer(questionnaire.url!, marker), { idempotencyKey: key });
      const again = await port.saveDraft(answer(questionnaire.url!, marker), { idempotencyKey: key });
      expect(first.id).to.be.a('string');
      expect(again.id).to.equal(first.id);
      expect(first.status).to.equal('in-progress');
      expect(await stored(marker)).to.have.length(1);

      const assigned = await port.listAssigned(PATIENT);
      expect(assigned.find((a) => a.responseId === first.id)?.status).to.equal('in-progress');

      const changed = { ...answer(questionnaire.url!, marker, 'LA6569-3'), id: first.id };
      const updated = await port.saveDraft(changed, { idempotencyKey: newIdempotencyKey() });
      expect(updated.id).to.equal(first.id);
      const submitted = await port.submit({ ...changed, meta: updated.meta }, { idempotencyKey: newIdempotencyKey() });
      expect(submitted.id).to.equal(first.id);
      const records = await stored(marker);
      expect(records).to.have.length(1);
      expect(records[0]!.status).to.equal('completed');
      expect(records[0]!.item?.[0]?.answer?.[0]?.valueCoding?.code).to.equal('LA6569-3');
      expect((await port.getResponse(first.id!)).status).to.equal('completed');
      const listed = await port.listResponses(PATIENT, { questionnaire: questionnaire.url });
      expect(listed.map((r) => r.id)).to.deep.equal([first.id]);
    });
  });
}

portContract('memory adapter', async () => {
  const questionnaire = { ...(await phq9()), id: 'phq9' };
  const port = new MemoryQuestionnairePort({ questionnaires: [questionnaire] });
  return {
    port,
    questionnaire,
    stored: async (marker) => port.allResponses().filter((r) => JSON.stringify(r).includes(marker)),
  };
});

async function fhirSetup(via: 'direct' | 'proxy'): Promise<Setup & { server: FhirClient }> {
  const { fhirUrl, proxyUrl } = await fhirEndpoints();
  const server = new FhirClient({ baseUrl: fhirUrl });
  const questionnaire = firstQuestion();
  await server.create(questionnaire as never);
  const adapter = createFhirAdapter({ baseUrl: via === 'proxy' ? proxyUrl : fhirUrl, maxRetries: 0 });
  return {
    server,
    port: adapter.questionnaires!,
    questionnaire,
    stored: async (marker) => {
      const { resources } = await server.searchAll('QuestionnaireResponse', { subject: PATIENT, _count: 200 });
      return resources.filter((r) => JSON.stringify(r).includes(marker)) as unknown as QuestionnaireResponse[];
    },
  };
}

portContract('FHIR adapter → local FHIR server over HTTP', () => fhirSetup('direct'));

describe('QuestionnairePort over FHIR: faults (fault proxy)', function () {
  afterEach(() => setFault(undefined));

  it('a first draft whose answer is lost, then changed answers: one response holding the last answers', async () => {
    const { port, questionnaire, stored } = await fhirSetup('proxy');
    const marker = crypto.randomUUID();
    const key = newIdempotencyKey();
    await setFault({ kind: 'drop-after', methods: ['POST'], count: 1 });
    let error: unknown;
    await port.saveDraft(answer(questionnaire.url!, marker), { idempotencyKey: key }).catch((e: unknown) => (error = e));
    expect(error, 'the lost answer is an error').to.exist;
    expect(await stored(marker), 'the write landed').to.have.length(1);
    await setFault(undefined);
    const saved = await port.submit(answer(questionnaire.url!, marker, 'LA6570-1'), { idempotencyKey: newIdempotencyKey(), replaces: [key] });
    const records = await stored(marker);
    expect(records).to.have.length(1);
    expect(records[0]!.id).to.equal(saved.id);
    expect(records[0]!.status).to.equal('completed');
    expect(records[0]!.item?.[0]?.answer?.[0]?.valueCoding?.code).to.equal('LA6570-1');
  });

  it('an update of a draft whose answer is lost, retried with the same key: one response, no conflict', async () => {
    const { port, questionnaire, stored } = await fhirSetup('proxy');
    const marker = crypto.randomUUID();
    const draft = await port.saveDraft(answer(questionnaire.url!, marker), { idempotencyKey: newIdempotencyKey() });
    const key = newIdempotencyKey();
    const changed = { ...answer(questionnaire.url!, marker, 'LA6571-9'), id: draft.id };
    await setFault({ kind: 'drop-after', methods: ['PUT'], count: 1 });
    let error: unknown;
    await port.submit(changed, { idempotencyKey: key }).catch((e: unknown) => (error = e));
    expect(error).to.exist;
    await setFault(undefined);
    const retried = await port.submit(changed, { idempotencyKey: key });
    expect(retried.id).to.equal(draft.id);
    const records = await stored(marker);
    expect(records).to.have.length(1);
    expect(records[0]!.status).to.equal('completed');
    expect(records[0]!.meta?.versionId, 'the retry wrote nothing new').to.equal(retried.meta?.versionId);
  });
});
