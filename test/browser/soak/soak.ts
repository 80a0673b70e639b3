/**
 * The fault soak (issue 10): the real elements in Chromium — message thread, refill request,
 * decision aid — write to the local FHIR server through the seeded chaos proxy. Each
 * operation is one thing the user wants stored: the user acts; on a failure state the user
 * tries again, sometimes unchanged, sometimes after editing the text, and in the thread
 * sometimes by writing a new message instead; until the element says it succeeded.
 *
 * A ledger kept here, apart from the code under test, holds the text the user last saw for
 * each operation. At the end the server is read straight from its own URL (not through the
 * port, nor the proxy) and compared with the ledger:
 * - duplicates: more than one record for one operation (a refill: more than one pending
 *   request or open proposal for the prescription);
 * - lost: an operation the element called a success with no record;
 * - mismatches: a record holding another text than the one the user last saw, or a text
 *   the ledger does not know.
 * An operation the user abandoned (a new message written after a failed one) may be stored
 * or not, but at most once and with its last text.
 *
 * One module for both runs: the short soak in the test command (test/browser/soak.test.ts)
 * and the full one in `npm run bench:soak` (bench/soak.bench.mjs).
 */
import { html, render } from 'lit';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../../src/elements/message-thread/message-thread.js';
import '../../../src/elements/refill-request/refill-request.js';
import '../../../src/elements/decision-aid/decision-aid.js';
import type { EngageMessageThread } from '../../../src/elements/message-thread/message-thread.component.js';
import { createFhirAdapter } from '../../../src/adapters/fhir/index.js';
import { newIdempotencyKey } from '../../../src/core/events.js';
import { setFault, waitFor } from '../helpers.js';
import { readAll, seedRefillPatient, soakPatient, type ServerResource } from './server.js';
import { seededRandom } from '../../../demo/server/seeded-random.mjs';

export interface SoakOptions {
  /** FHIR server URL (read for the verdict and for setup) and the proxy in front of it (the elements'). */
  fhirUrl: string;
  proxyUrl: string;
  /** Number of user operations, spread evenly over the three elements. */
  operations: number;
  /**
   * Seeds the user's choices and the chaos of each operation. The thread's background
   * refreshes draw from the same sequence, so a replay is close to the run, not always equal.
   */
  seed: number;
  /** Probability that a request through the proxy is faulted (default 0.3). */
  rate?: number;
  /** Messages per conversation before a new one is started (default 20). */
  messagesPerThread?: number;
  /** Called after each operation (progress of long runs). */
  onProgress?: (done: number) => void;
}

export interface SoakReport {
  seed: number;
  operations: number;
  byElement: Record<OpKind, number>;
  /** Attempts beyond the first, by how the user retried. */
  retries: { same: number; edited: number; newMessage: number };
  /** Faults the proxy injected during the soak, by kind. */
  faults: Record<string, number>;
  duplicates: number;
  lost: number;
  mismatches: number;
  /** Operations that never reached a success state within the attempt limit. */
  stuck: number;
  /** Loads (not writes) that failed outside the chaos and were retried with "Try again". */
  reloads: number;
  /** One line per finding, naming the operation. */
  findings: string[];
}

type OpKind = 'message' | 'refill' | 'decision';

/** What the user last saw for one operation. */
interface LedgerEntry {
  op: number;
  kind: OpKind;
  revision: number;
  /** 'confirmed': the element said it succeeded; 'abandoned': the user wrote something new instead. */
  fate: 'confirmed' | 'abandoned' | 'stuck';
  /** Where its record lives: the conversation id, or the refill patient. */
  where: string;
}

/** Attempts per operation before it counts as stuck (a run at rate 0.3 needs a handful). */
const MAX_ATTEMPTS = 40;
const NOW = () => new Date(2024, 5, 15, 12, 0, 0);
const KERMIT = 'Patient/1f456f0a-acb1-4728-82af-01ca57083c7b';


async function faultsSoFar(): Promise<Record<string, number>> {
  return (await executeServerCommand<Record<string, number>, undefined>('fault-applied')) ?? {};
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);

/** Types into a text field as a user does: the value, then an `input` event. */
function type(field: HTMLTextAreaElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Waits for a success or failure state; a timeout says what the element showed. */
async function outcome(el: Element, op: number, check: () => 'sent' | 'failed' | undefined, what: string): Promise<'sent' | 'failed'> {
  try {
    return await waitFor(check, what);
  } catch (error) {
    const shown = (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(-600);
    throw new Error(`op${op}: ${(error as Error).message}; the element shows: ${shown}`);
  }
}

/** Load errors retried with "Try again" (reads outside the chaos that still failed: a loaded server). */
let reloads = 0;

/**
 * Waits until an element has loaded what the user acts on. A load that failed anyway (the
 * proxy reports a reset from a busy server now and then, outside any injected fault)
 * shows the error state: the user presses "Try again", as a person would, a few times.
 */
async function loaded(el: Element, op: number, ready: () => Element | null | undefined, what: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const state = await outcome(el, op, () => (ready() ? 'sent' : $(el, '[part~="retry-button"]') ? 'failed' : undefined), what);
    if (state === 'sent') return;
    if (attempt >= 5) throw new Error(`op${op}: ${what} failed to load ${attempt + 1} times; the element shows: ${(el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(-300)}`);
    reloads++;
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  }
}

/** Runs the soak and returns its figures; it asserts nothing itself. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { fhirUrl, proxyUrl, operations, seed } = options;
  const rate = options.rate ?? 0.3;
  const perThread = options.messagesPerThread ?? 20;
  // the user's choices are seeded too
  const choose = seededRandom(seed ^ 0x5eed);
  const ledger: LedgerEntry[] = [];
  const retries = { same: 0, edited: 0, newMessage: 0 };
  const byElement: Record<OpKind, number> = { message: 0, refill: 0, decision: 0 };
  const textOf = (op: number, revision: number) => `soak ${seed} op${op} r${revision}: ${['Can I', 'Should I', 'When may I'][revision % 3]} change my dose?`;
  const faultsBefore = await faultsSoFar();
  reloads = 0;
  // one host per element: the conversation stays mounted while refills and aids come and go
  const threadHost = document.createElement('div');
  const container = document.createElement('div');
  document.body.append(threadHost, container);
  const direct = createFhirAdapter({ baseUrl: fhirUrl });
  // the elements make one attempt per click: every retry is the user's
  const adapter = createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 });
  const decisionPatient = await soakPatient(fhirUrl, `Soak${seed}`);
  const pharmacy = { id: '' };
  let nextOp = 0;
  /** Chaos for the writes of one operation: seeded per operation, so a run replays exactly. */
  const chaosOn = (op: number) => setFault({ kind: 'chaos', seed: seed * 100_003 + op, rate, ms: 200 });

  // ---- the message thread -------------------------------------------------------------
  let thread: { el: EngageMessageThread; id: string; count: number } | undefined;
  async function freshThread(): Promise<{ el: EngageMessageThread; id: string; count: number }> {
    const directory = await direct.messaging!.getDirectory(KERMIT);
    const { thread: created } = await direct.messaging!.startThread(
      KERMIT,
      { subject: `Soak ${seed}`, recipient: directory.pools[0]!, message: { body: 'opening', attachments: [] } },
      { idempotencyKey: newIdempotencyKey(), as: { user: { ref: KERMIT, name: 'Kermit' }, role: 'patient' } },
    );
    render(
      html`<engage-message-thread
        thread-id=${created.id}
        .adapter=${adapter}
        .session=${{ patient: KERMIT, user: { ref: KERMIT, name: 'Kermit' }, role: 'patient', now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
      threadHost,
    );
    const el = threadHost.querySelector('engage-message-thread')!;
    await loaded(el, nextOp, () => el.shadowRoot?.querySelector('textarea'), 'the thread');
    return { el, id: created.id, count: 0 };
  }

  async function messageOp(): Promise<void> {
    if (!thread || thread.count >= perThread) {
      render(null, threadHost);
      thread = await freshThread();
    }
    const { el, id } = thread;
    let entry: LedgerEntry = { op: nextOp++, kind: 'message', revision: 0, fate: 'stuck', where: id };
    ledger.push(entry);
    thread.count++;
    await chaosOn(entry.op);
    const box = () => $<HTMLTextAreaElement>(el, 'textarea')!;
    type(box(), textOf(entry.op, 0));
    let press = () => $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      press();
      await el.updateComplete;
      const state = await outcome(
        el,
        entry.op,
        () => (box().value === '' ? 'sent' : $(el, '.message--failed') && !box().disabled ? 'failed' : undefined),
        'the thread to say sent or not sent',
      );
      if (state === 'sent') {
        entry.fate = 'confirmed';
        break;
      }
      const pick = choose();
      const retryButton = () => $<HTMLButtonElement>(el, '.message--failed .failed button')!.click();
      if (pick < 0.4) {
        retries.same++;
        press = retryButton;
      } else if (pick < 0.75) {
        retries.edited++;
        entry.revision++;
        type(box(), textOf(entry.op, entry.revision));
        press = retryButton;
      } else {
        // the user gives up on that one and writes a new message with Send
        retries.newMessage++;
        entry.fate = 'abandoned';
        entry = { op: nextOp++, kind: 'message', revision: 0, fate: 'stuck', where: id };
        ledger.push(entry);
        thread.count++;
        type(box(), textOf(entry.op, 0));
        press = () => $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
      }
    }
    await setFault(undefined);
  }

  // ---- the refill request -------------------------------------------------------------
  async function refillOp(): Promise<void> {
    const patient = await seedRefillPatient(fhirUrl, `${seed}o${nextOp}`, pharmacy);
    render(html`<engage-refill-request .adapter=${adapter} .session=${{ patient, now: NOW, locale: 'en' }}></engage-refill-request>`, container);
    const el = container.querySelector('engage-refill-request')!;
    await loaded(el, nextOp, () => el.shadowRoot?.querySelector('form'), 'the refill form');
    await el.updateComplete;
    const entry: LedgerEntry = { op: nextOp++, kind: 'refill', revision: 0, fate: 'stuck', where: patient };
    ledger.push(entry);
    const toReview = async (note: string) => {
      const row = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')].find((r) => r.textContent?.includes('lisinopril'))!;
      const box = row.querySelector<HTMLInputElement>('input')!;
      if (!box.checked) box.click();
      await el.updateComplete;
      type($<HTMLTextAreaElement>(el, '#note')!, note);
      await el.updateComplete;
      $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
      await waitFor(() => $(el, '[part~="send-button"]'), 'the review step');
    };
    await toReview(textOf(entry.op, 0));
    await chaosOn(entry.op);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
      await el.updateComplete;
      const state = await outcome(
        el,
        entry.op,
        () => ($(el, '#sent-title') ? 'sent' : $(el, '#submit-error') && !el.shadowRoot!.querySelector('[part~="send-button"][aria-disabled="true"], [part~="send-button"]:disabled') ? 'failed' : undefined),
        'the refill to say sent or not sent',
      );
      if (state === 'sent') {
        entry.fate = 'confirmed';
        break;
      }
      if (choose() < 0.5) {
        retries.same++;
      } else {
        // the user goes back, edits the note and sends again
        retries.edited++;
        entry.revision++;
        $<HTMLButtonElement>(el, '[part~="back-button"]')!.click();
        await waitFor(() => $(el, '#note'), 'the form again');
        await toReview(textOf(entry.op, entry.revision));
      }
    }
    await setFault(undefined);
    render(null, container);
  }

  // ---- the decision aid ---------------------------------------------------------------
  async function decisionOp(): Promise<void> {
    render(
      html`<engage-decision-aid
        .adapter=${adapter}
        .session=${{ patient: decisionPatient, role: 'patient', locale: 'en-US', now: NOW }}
        aid-id="statin-primary-prevention"
        start-step="summary"
        .riskInputs=${{ 'ten-year-risk': 12 }}
      ></engage-decision-aid>`,
      container,
    );
    const el = container.querySelector('engage-decision-aid')!;
    await loaded(el, nextOp, () => $(el, '#questions'), 'the aid summary');
    const entry: LedgerEntry = { op: nextOp++, kind: 'decision', revision: 0, fate: 'stuck', where: decisionPatient };
    ledger.push(entry);
    type($<HTMLTextAreaElement>(el, '#questions')!, textOf(entry.op, 0));
    await el.updateComplete;
    await chaosOn(entry.op);
    let press = () => $<HTMLButtonElement>(el, '.save')!.click();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      press();
      await el.updateComplete;
      const state = await outcome(
        el,
        entry.op,
        () => ($(el, '.saved') ? 'sent' : $(el, '[part~="retry-button"]') && !$(el, '.save[disabled]') ? 'failed' : undefined),
        'the aid to say saved or not saved',
      );
      if (state === 'sent') {
        entry.fate = 'confirmed';
        break;
      }
      press = () => $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
      if (choose() < 0.5) {
        retries.same++;
      } else {
        retries.edited++;
        entry.revision++;
        type($<HTMLTextAreaElement>(el, '#questions')!, textOf(entry.op, entry.revision));
        await el.updateComplete;
      }
    }
    await setFault(undefined);
    render(null, container);
  }

  const run: Record<OpKind, () => Promise<void>> = { message: messageOp, refill: refillOp, decision: decisionOp };
  const kinds: OpKind[] = ['message', 'refill', 'decision'];
  try {
    for (let i = 0; nextOp < operations; i++) {
      const kind = kinds[i % 3]!;
      const before = nextOp;
      await run[kind]();
      byElement[kind] += nextOp - before;
      options.onProgress?.(nextOp);
    }
  } finally {
    await setFault(undefined);
    render(null, threadHost);
    render(null, container);
    threadHost.remove();
    container.remove();
  }

  const faultsAfter = await faultsSoFar();
  const faults: Record<string, number> = {};
  for (const [kind, n] of Object.entries(faultsAfter)) if (n - (faultsBefore[kind] ?? 0) > 0) faults[kind] = n - (faultsBefore[kind] ?? 0);
  const verdict = await judge(fhirUrl, seed, ledger, textOf);
  return { seed, operations: ledger.length, byElement, retries, faults, ...verdict, stuck: ledger.filter((e) => e.fate === 'stuck').length, reloads };
}

/** Compares what the server holds with the ledger. */
async function judge(
  fhirUrl: string,
  seed: number,
  ledger: LedgerEntry[],
  textOf: (op: number, revision: number) => string,
): Promise<Pick<SoakReport, 'duplicates' | 'lost' | 'mismatches' | 'findings'>> {
  const findings: string[] = [];
  let duplicates = 0;
  let lost = 0;
  let mismatches = 0;
  const marker = new RegExp(`soak ${seed} op(\\d+) r(\\d+): [^"<]*`, 'g');
  /** Records found per operation: the texts each holds. */
  const found = new Map<number, string[]>();
  const collect = (resources: ServerResource[]) => {
    for (const resource of resources) {
      const texts = new Set([...JSON.stringify(resource).matchAll(marker)].map((m) => m[0]));
      for (const text of texts) {
        const op = Number(/op(\d+)/.exec(text)![1]);
        found.set(op, [...(found.get(op) ?? []), text]);
      }
    }
  };
  const threads = [...new Set(ledger.filter((e) => e.kind === 'message').map((e) => e.where))];
  for (const id of threads) collect(await readAll(fhirUrl, `Communication?part-of=Communication/${id}&_count=100`));
  const decisionSubjects = [...new Set(ledger.filter((e) => e.kind === 'decision').map((e) => e.where))];
  for (const subject of decisionSubjects) collect(await readAll(fhirUrl, `QuestionnaireResponse?subject=${subject}&_count=100`));
  for (const entry of ledger.filter((e) => e.kind === 'refill')) {
    // a refill is one pending request: open proposals and requested Tasks for the patient
    const proposals = (await readAll(fhirUrl, `MedicationRequest?subject=${entry.where}&intent=proposal&_count=100`)).filter(
      (p) => p.status !== 'cancelled' && p.status !== 'entered-in-error',
    );
    const pending = (await readAll(fhirUrl, `Task?patient=${entry.where}&_count=100`)).filter((t) => t.status === 'requested');
    if (proposals.length > 1 || pending.length > 1) {
      duplicates += Math.max(proposals.length, pending.length) - 1;
      findings.push(`op${entry.op} (refill): ${proposals.length} open proposals, ${pending.length} pending tasks`);
    }
    collect(proposals);
  }

  const known = new Map(ledger.map((e) => [e.op, e]));
  for (const [op, texts] of found) {
    const entry = known.get(op);
    if (!entry) {
      mismatches += texts.length;
      findings.push(`op${op}: on the server but not in the ledger`);
      continue;
    }
    // refill duplicates are counted above, by pending request
    if (texts.length > 1 && entry.kind !== 'refill') {
      duplicates += texts.length - 1;
      findings.push(`op${op} (${entry.kind}): ${texts.length} records`);
    }
    const last = textOf(entry.op, entry.revision);
    for (const text of texts) {
      if (text !== last) {
        mismatches++;
        findings.push(`op${op} (${entry.kind}, ${entry.fate}): the server holds "${text}", the user last saw "${last}"`);
      }
    }
  }
  for (const entry of ledger) {
    if (entry.fate === 'confirmed' && !found.has(entry.op)) {
      lost++;
      findings.push(`op${entry.op} (${entry.kind}): the element said it succeeded, the server holds nothing`);
    }
  }
  return { duplicates, lost, mismatches, findings };
}
