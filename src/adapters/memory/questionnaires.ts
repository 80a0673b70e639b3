import { EngageError } from '../../core/errors.js';
import type {
  Coding,
  Questionnaire,
  QuestionnaireAssignment,
  QuestionnairePort,
  QuestionnaireResponse,
  ReadOptions,
  RecordRef,
  ValueSetExpansion,
  WriteOptions,
} from '../ports.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';

/** A value set as the memory port takes it: FHIR `ValueSet` JSON with an expansion or a compose. */
export interface MemoryValueSet {
  url: string;
  expansion?: { contains?: Coding[] };
  compose?: { include?: { system?: string; concept?: { code?: string; display?: string }[] }[] };
}

/** What the memory questionnaire port starts with. */
export interface MemoryQuestionnaireOptions {
  /** The questionnaires (FHIR `Questionnaire` JSON), found by `id` or `url`. */
  questionnaires?: readonly Questionnaire[];
  /** Value sets for `answerValueSet` that is not contained in a form. */
  valueSets?: readonly MemoryValueSet[];
  /** Questionnaires assigned to patients (patient reference to questionnaire references). */
  assigned?: Readonly<Record<RecordRef, readonly string[]>>;
  /** Responses saved before. */
  responses?: readonly QuestionnaireResponse[];
  /** Fails only saves with this code (for a "save failed" story), while reads work. */
  failSavesWith?: Simulation['failWith'];
}

const canonicalOf = (q: Questionnaire) => (q.url ? (q.version ? `${q.url}|${q.version}` : q.url) : `Questionnaire/${q.id ?? ''}`);

/** Questionnaires and responses held in memory. */
export class MemoryQuestionnairePort implements QuestionnairePort {
  private readonly questionnaires: Questionnaire[];
  private readonly responses = new Map<string, QuestionnaireResponse>();
  private readonly ledger = new IdempotencyLedger();
  private readonly writesByKey = new Map<string, number>();
  private nextId = 1;

  constructor(
    private readonly options: MemoryQuestionnaireOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    this.questionnaires = (options.questionnaires ?? []).map((q) => structuredClone(q));
    for (const response of options.responses ?? []) {
      const id = response.id ?? `qr-${this.nextId++}`;
      this.responses.set(id, structuredClone({ ...response, id }));
    }
  }

  /** Adds or replaces a questionnaire (stories and tests that build forms on the fly). */
  addQuestionnaire(questionnaire: Questionnaire): void {
    this.questionnaires.push(structuredClone(questionnaire));
  }

  async getQuestionnaire(ref: string, options: ReadOptions = {}): Promise<Questionnaire> {
    await simulate(this.simulation, options.signal);
    const [url, version] = ref.split('|');
    const id = ref.startsWith('Questionnaire/') ? ref.slice('Questionnaire/'.length) : ref;
    const found = [...this.questionnaires]
      .reverse()
      .find((q) => q.id === id || (q.url === url && (version === undefined || q.version === version)));
    if (!found) throw new EngageError('not-found', `No questionnaire "${ref}".`, { status: 404 });
    return structuredClone(found);
  }

  async expandValueSet(url: string, query: { filter?: string; count?: number } = {}, options: ReadOptions = {}): Promise<ValueSetExpansion> {
    await simulate(this.simulation, options.signal);
    const set = this.options.valueSets?.find((v) => v.url === url.split('|')[0]);
    if (!set) throw new EngageError('not-found', `No value set "${url}".`, { status: 404 });
    const all: Coding[] =
      set.expansion?.contains?.map((c) => ({ system: c.system, code: c.code, display: c.display })) ??
      (set.compose?.include ?? []).flatMap((inc) => (inc.concept ?? []).map((c) => ({ system: inc.system, code: c.code, display: c.display })));
    const filter = query.filter?.trim().toLowerCase();
    const matching = filter ? all.filter((c) => `${c.display ?? ''} ${c.code ?? ''}`.toLowerCase().includes(filter)) : all;
    const count = query.count ?? matching.length;
    return { codes: matching.slice(0, count), ...(matching.length > count ? { truncated: true } : {}) };
  }

  async listAssigned(patient: RecordRef, options: ReadOptions = {}): Promise<QuestionnaireAssignment[]> {
    await simulate(this.simulation, options.signal);
    const drafts = [...this.responses.values()].filter((r) => r.subject?.reference === patient && r.status === 'in-progress');
    const started = new Set(drafts.map((r) => r.questionnaire));
    const assigned = (this.options.assigned?.[patient] ?? [])
      .filter((ref) => !started.has(ref))
      .map((ref): QuestionnaireAssignment => {
        const q = this.questionnaires.find((item) => canonicalOf(item) === ref || item.url === ref || `Questionnaire/${item.id}` === ref);
        return { questionnaire: ref, title: q?.title, status: 'assigned' };
      });
    const inProgress = drafts
      .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''))
      .map((r): QuestionnaireAssignment => ({ questionnaire: r.questionnaire ?? '', status: 'in-progress', responseId: r.id, date: r.authored }));
    return [...inProgress, ...assigned];
  }

  saveDraft(response: QuestionnaireResponse, options: WriteOptions): Promise<QuestionnaireResponse> {
    return this.write({ ...response, status: 'in-progress' }, options);
  }

  submit(response: QuestionnaireResponse, options: WriteOptions): Promise<QuestionnaireResponse> {
    return this.write({ ...response, status: 'completed' }, options);
  }

  /** The next `count` saves are applied and then answered with a `network` error (tests, stories). */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  /** How many times a write under an idempotency key changed the store (for tests: never more than 1). */
  writesWithKey(key: string): number {
    return this.writesByKey.get(key) ?? 0;
  }

  /** Every stored response (tests: exactly one per intent). */
  allResponses(): QuestionnaireResponse[] {
    return [...this.responses.values()].map((r) => structuredClone(r));
  }

  private async write(response: QuestionnaireResponse, options: WriteOptions): Promise<QuestionnaireResponse> {
    await simulate(this.simulation, options?.signal);
    if (this.options.failSavesWith) throw new EngageError(this.options.failSavesWith, `Simulated ${this.options.failSavesWith} failure.`);
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    const store = (id: string): QuestionnaireResponse => {
      const saved = structuredClone({ ...response, id, meta: { versionId: String(Date.now()), lastUpdated: new Date().toISOString() } });
      this.responses.set(id, saved);
      this.writesByKey.set(options.idempotencyKey, (this.writesByKey.get(options.idempotencyKey) ?? 0) + 1);
      return structuredClone(saved);
    };
    if (response.id !== undefined) {
      if (!this.responses.has(response.id)) throw new EngageError('not-found', 'No such response.', { status: 404 });
      // a stored draft: every save updates it in place, once per key
      const id = response.id;
      return this.ledger.write(options, () => store(id));
    }
    return this.ledger.write(
      options,
      () => store(`qr-${this.nextId++}`),
      // changed answers after a lost save: the response that landed now holds them
      (earlier) => store(earlier.id!),
    );
  }

  async getResponse(id: string, options: ReadOptions = {}): Promise<QuestionnaireResponse> {
    await simulate(this.simulation, options.signal);
    const found = this.responses.get(id);
    if (!found) throw new EngageError('not-found', 'No such response.', { status: 404 });
    return structuredClone(found);
  }

  async listResponses(
    patient: RecordRef,
    query: { questionnaire?: string; status?: QuestionnaireResponse['status'] } = {},
    options: ReadOptions = {},
  ): Promise<QuestionnaireResponse[]> {
    await simulate(this.simulation, options.signal);
    return [...this.responses.values()]
      .filter((r) => r.subject?.reference === patient)
      .filter((r) => !query.questionnaire || r.questionnaire === query.questionnaire || r.questionnaire?.split('|')[0] === query.questionnaire)
      .filter((r) => !query.status || r.status === query.status)
      .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''))
      .map((r) => structuredClone(r));
  }
}
