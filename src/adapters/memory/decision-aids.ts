import { EngageError } from '../../core/errors.js';
import type {
  DecisionAid,
  DecisionAidInfo,
  DecisionAidPort,
  DecisionAidResponse,
  ReadOptions,
  RecordRef,
  WriteOptions,
} from '../ports.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';

/** What the memory decision-aid port starts with. */
export interface MemoryDecisionAidOptions {
  /**
   * The aids: content objects in the decision-aid format (`id`, `version` and `title`
   * are read from each), or a function that loads them once, when first asked.
   */
  aids?: readonly unknown[] | (() => Promise<readonly unknown[]>);
  /** Responses saved before. */
  responses?: readonly DecisionAidResponse[];
  /** Fails only saves with this code (for a "save failed" story), while reads work. */
  failSavesWith?: Simulation['failWith'];
}

function infoOf(content: unknown): DecisionAidInfo {
  const c = (content ?? {}) as { id?: unknown; version?: unknown; title?: unknown };
  return { id: String(c.id ?? ''), version: String(c.version ?? ''), title: String(c.title ?? c.id ?? '') };
}

/** Decision aids and responses held in memory. */
export class MemoryDecisionAidPort implements DecisionAidPort {
  private aids?: Map<string, unknown>;
  private readonly responses = new Map<string, DecisionAidResponse>();
  private readonly ledger = new IdempotencyLedger();
  private nextId = 1;
  private readonly writesByKey = new Map<string, number>();

  constructor(
    private readonly options: MemoryDecisionAidOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    for (const response of options.responses ?? []) {
      const id = response.id ?? `response-${this.nextId++}`;
      this.responses.set(id, structuredClone({ ...response, id }));
    }
  }

  private async loaded(): Promise<Map<string, unknown>> {
    if (!this.aids) {
      const source = this.options.aids ?? [];
      const list = typeof source === 'function' ? await source() : source;
      this.aids = new Map(list.map((content) => [infoOf(content).id, structuredClone(content)]));
    }
    return this.aids;
  }

  async listAids(options: ReadOptions = {}): Promise<DecisionAidInfo[]> {
    await simulate(this.simulation, options.signal);
    return [...(await this.loaded()).values()].map(infoOf);
  }

  async getAid(id: string, options: ReadOptions = {}): Promise<DecisionAid> {
    await simulate(this.simulation, options.signal);
    const content = (await this.loaded()).get(id);
    if (content === undefined) throw new EngageError('not-found', `No decision aid "${id}".`, { status: 404 });
    return { ...infoOf(content), content: structuredClone(content) };
  }

  async saveResponse(response: DecisionAidResponse, options: WriteOptions): Promise<DecisionAidResponse> {
    await simulate(this.simulation, options.signal);
    if (this.options.failSavesWith) throw new EngageError(this.options.failSavesWith, `Simulated ${this.options.failSavesWith} failure.`);
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    return this.ledger.write(
      options,
      () => {
        const saved = structuredClone({ ...response, id: `response-${this.nextId++}` });
        this.responses.set(saved.id, saved);
        this.writesByKey.set(options.idempotencyKey, (this.writesByKey.get(options.idempotencyKey) ?? 0) + 1);
        return structuredClone(saved);
      },
      // changed answers after a lost save: the response that landed now holds them
      (earlier) => {
        const saved = structuredClone({ ...response, id: earlier.id! });
        this.responses.set(saved.id, saved);
        return structuredClone(saved);
      },
    );
  }

  /** The next `count` saves are applied and then answered with a `network` error (tests, stories). */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  /** How many responses were written under an idempotency key (for tests: never more than 1). */
  writesWithKey(key: string): number {
    return this.writesByKey.get(key) ?? 0;
  }

  async getResponse(id: string, options: ReadOptions = {}): Promise<DecisionAidResponse> {
    await simulate(this.simulation, options.signal);
    const found = this.responses.get(id);
    if (!found) throw new EngageError('not-found', 'No such response.', { status: 404 });
    return structuredClone(found);
  }

  async listResponses(patient: RecordRef, query: { aidId?: string } = {}, options: ReadOptions = {}): Promise<DecisionAidResponse[]> {
    await simulate(this.simulation, options.signal);
    return [...this.responses.values()]
      .filter((r) => r.patient === patient && (!query.aidId || r.aidId === query.aidId))
      .sort((a, b) => (b.completed ?? b.started).localeCompare(a.completed ?? a.started))
      .map((r) => structuredClone(r));
  }
}
