import { EngageError, type EngageErrorCode } from '../../core/errors.js';
import type {
  ClinicalSummary,
  DocumentContent,
  ReadOptions,
  RecordRef,
  SummaryPort,
  SummarySectionKey,
  WriteOptions,
} from '../ports.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';

/** What the memory summary port holds. */
export interface MemorySummaryOptions {
  /** Each patient's summary, keyed by patient reference (`Patient/123`). */
  summaries?: Record<RecordRef, ClinicalSummary>;
  /** Each patient's exchangeable document (for example an IPS Bundle); none when absent. */
  documents?: Record<RecordRef, unknown>;
  /** Sections whose "query" fails with this code (partial-failure states). */
  sectionFailures?: Partial<Record<SummarySectionKey, EngageErrorCode>>;
  /** Files that notes point at (`attachment.url`, for example `Binary/note-1`), keyed by that URL. */
  attachments?: Record<string, DocumentContent>;
  /** Whether the port can transmit; default true. */
  canTransmit?: boolean;
}

/** A transmission the memory port accepted. */
export interface MemoryTransmission {
  id: string;
  patient: RecordRef;
  document: unknown;
  recipient?: string;
  note?: string;
}

/** Clinical summaries held in memory. */
export class MemorySummaryPort implements SummaryPort {
  /** Every transmission accepted, in order (one per idempotency key). */
  readonly transmissions: MemoryTransmission[] = [];
  private readonly ledger = new IdempotencyLedger();
  private readonly summaries: Map<RecordRef, ClinicalSummary>;

  constructor(
    private readonly options: MemorySummaryOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    this.summaries = new Map(Object.entries(options.summaries ?? {}).map(([ref, s]) => [ref, structuredClone(s)]));
    if (options.canTransmit === false) this.transmit = undefined;
  }

  async getSummary(
    patient: RecordRef,
    query: { sections?: readonly SummarySectionKey[] } = {},
    options: ReadOptions = {},
  ): Promise<ClinicalSummary> {
    await simulate(this.simulation, options.signal);
    const found = this.summaries.get(patient);
    if (!found) throw new EngageError('not-found', 'No such patient.', { status: 404 });
    const summary = structuredClone(found);
    if (query.sections?.length) {
      const wanted = new Set(query.sections);
      for (const key of Object.keys(summary.sections) as SummarySectionKey[]) if (!wanted.has(key)) delete summary.sections[key];
    }
    for (const [key, code] of Object.entries(this.options.sectionFailures ?? {}) as [SummarySectionKey, EngageErrorCode][]) {
      if (query.sections?.length && !query.sections.includes(key)) continue;
      (summary.sections as Record<string, unknown>)[key] = {
        state: 'error',
        error: { code, message: `Simulated ${code} failure.` },
      };
    }
    return summary;
  }

  async getDocument(patient: RecordRef, options: ReadOptions = {}): Promise<unknown> {
    await simulate(this.simulation, options.signal);
    const document = this.options.documents?.[patient];
    if (document === undefined) throw new EngageError('not-found', 'No document for this patient.', { status: 404 });
    return structuredClone(document);
  }

  async getAttachment(url: string, options: ReadOptions = {}): Promise<DocumentContent> {
    await simulate(this.simulation, options.signal);
    const content = this.options.attachments?.[url];
    if (!content) throw new EngageError('not-found', 'No such file.', { status: 404 });
    return { ...content };
  }

  /** The next `count` writes are applied and then answered with a `network` error (tests, stories). */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  transmit? = async (
    patient: RecordRef,
    request: { document: unknown; recipient?: string; note?: string },
    options: WriteOptions,
  ): Promise<{ id: string }> => {
    await simulate(this.simulation, options.signal);
    const record = (id: string) => ({ id, patient, document: structuredClone(request.document), recipient: request.recipient, note: request.note });
    return this.ledger.write(
      options,
      () => {
        const transmission: MemoryTransmission = record(`transmission-${this.transmissions.length + 1}`);
        this.transmissions.push(transmission);
        return { id: transmission.id };
      },
      // a changed note or recipient after a lost answer: the transmission that landed takes it
      (earlier) => {
        const index = this.transmissions.findIndex((t) => t.id === earlier.id);
        if (index >= 0) this.transmissions[index] = record(earlier.id);
        return { id: earlier.id };
      },
    );
  };
}
