/**
 * The "Learn more" panel, loaded the first time a user opens one: the look-up (with the
 * patient's age and sex when the adapter can tell them) and the rendering of the answer.
 *
 * Everything from the knowledge service is untrusted: titles go through Lit text
 * bindings, summaries through the one sanitizer, and a link is shown only when it is
 * http(s), opening in a new browsing context without opener or referrer.
 */
import { html, type TemplateResult } from 'lit';
import type { CodedValue, EducationPort, InfobuttonResult, KnowledgeEntry, KnowledgePort, MaterialDraft, PatientPort, RecordRef } from '../../adapters/ports.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { infobuttonAge } from '../../core/infobutton-age.js';
import { msg, str } from '../../core/localization.js';
import { sanitizedHtml } from '../../core/sanitize.js';
import { isEngageError } from '../../core/errors.js';

/** Who asks and about whom. */
export interface LookupContext {
  recipient: 'patient' | 'provider';
  language: 'en' | 'es';
  patient?: RecordRef;
  patientPort?: PatientPort;
  today: Date;
}

/**
 * Asks for each of the value's codings in turn until one gives an answer: a coding the
 * service does not know is `none-found` without a request; a fault stops the search
 * (asking again for the other codings would only add load to a failing service).
 */
export async function lookupCoded(port: KnowledgePort, coded: CodedValue, context: LookupContext, signal: AbortSignal): Promise<InfobuttonResult> {
  let age;
  let sex;
  if (context.patient && context.patientPort) {
    try {
      const patient = await context.patientPort.getPatient(context.patient, { signal });
      age = infobuttonAge(patient.birthDate, context.today);
      sex = patient.sex;
    } catch {
      // age and sex refine the answer; without them the look-up still helps
    }
  }
  let result: InfobuttonResult = { status: 'none-found' };
  for (const coding of coded.codings) {
    if (!coding.code || !coding.system) continue;
    try {
      result = await port.lookup(
        {
          code: coding.code,
          system: coding.system,
          display: coding.display ?? coded.text,
          recipient: context.recipient,
          language: context.language,
          ...(age ? { age } : {}),
          ...(sex ? { sex } : {}),
        },
        { signal },
      );
    } catch (error) {
      // a vendor's port may reject; the panel treats it as the service being unavailable
      result = { status: 'unavailable', reason: isEngageError(error) && error.code === 'timeout' ? 'timeout' : 'server' };
    }
    if (result.status !== 'none-found') break;
  }
  return result;
}

const isHttp = (url: string | undefined): url is string => typeof url === 'string' && /^https?:\/\//i.test(url.trim());

/** Where a clinician's "Assign to patient" goes, and what the panel shows of it. */
export interface Assigning {
  /** Assigns one entry; the element keeps the state. */
  assign: (entry: KnowledgeEntry) => void;
  /** Entry URLs already assigned in this panel. */
  done: ReadonlySet<string>;
  /** Entry URLs whose assignment failed. */
  failed: ReadonlySet<string>;
}

/** One write intent per entry URL, so a retried or double-clicked assignment stores one material. */
const intents = new Map<string, WriteIntent<MaterialDraft>>();

/** Assignments on their way: a second click meanwhile waits for the same one. */
const inFlight = new Map<string, Promise<void>>();

/** Assigns a knowledge entry to the patient as education material (docs/write-protocol.md). */
export function assignEntry(port: EducationPort, patient: RecordRef, entry: KnowledgeEntry, language: string): Promise<void> {
  const draft: MaterialDraft = { title: entry.title, url: entry.url, language };
  const key = `${patient}|${entry.url}`;
  let pending = inFlight.get(key);
  if (pending) return pending;
  let intent = intents.get(key);
  if (!intent) intents.set(key, (intent = new WriteIntent<MaterialDraft>()));
  const keys = intent.keysFor(draft);
  pending = port.assign(patient, draft, keys).then(() => intent.settle());
  inFlight.set(key, pending);
  void pending.finally(() => inFlight.delete(key)).catch(() => undefined);
  return pending;
}

/** The panel's content for a result. */
export function renderPanel(result: InfobuttonResult, label: string, retry: () => void, assigning?: Assigning): TemplateResult {
  if (result.status === 'none-found') {
    return html`<p role="status">${label ? msg(str`No information was found about ${label}.`, { id: 'learn-more.none' }) : msg('No information was found.', { id: 'learn-more.none-unnamed' })}</p>`;
  }
  if (result.status === 'unavailable') {
    return html`<div role="alert">
      <p>${msg('Information is unavailable right now. The rest of the page still works.', { id: 'learn-more.unavailable' })}</p>
      <button type="button" @click=${retry}>${msg('Try again', { id: 'learn-more.retry' })}</button>
    </div>`;
  }
  return html`<ul class="entries" role="list">
      ${result.entries.map(
        (entry) => html`<li class="entry">
          <p class="entry__title">
            ${isHttp(entry.url)
              ? html`<a href=${entry.url.trim()} target="_blank" rel="noopener noreferrer"
                  >${entry.title}<span class="visually-hidden"> ${msg('(opens in a new tab)', { id: 'learn-more.new-tab' })}</span></a
                >`
              : entry.title}
          </p>
          <div class="entry__summary">${sanitizedHtml(entry.summaryHtml, 'message')}</div>
          ${assigning && isHttp(entry.url) ? renderAssign(assigning, entry) : ''}
        </li>`,
      )}
    </ul>
    <p class="source">${msg('Information from a health library outside this record.', { id: 'learn-more.source' })}</p>
    ${renderAttribution(result.attribution)}`;
}

/**
 * The credit its publisher asks for. MedlinePlus's terms ("Linking to and Using Content
 * from MedlinePlus", https://medlineplus.gov/about/using/usingcontent/) ask for "Source:
 * MedlinePlus, National Library of Medicine"; the Spanish service is MedlinePlus en español.
 * A host's own line for another service is shown as text.
 */
function renderAttribution(attribution: Extract<InfobuttonResult, { status: 'found' }>['attribution']): TemplateResult | string {
  if (!attribution) return '';
  if (attribution === 'medlineplus') {
    return html`<p class="attribution">${msg('Source: MedlinePlus, National Library of Medicine.', { id: 'learn-more.attribution.medlineplus' })}</p>`;
  }
  return html`<p class="attribution">${attribution.text}</p>`;
}

function renderAssign(assigning: Assigning, entry: KnowledgeEntry): TemplateResult {
  if (assigning.done.has(entry.url!)) return html`<p role="status">${msg('Assigned to the patient.', { id: 'learn-more.assigned' })}</p>`;
  return html`<button type="button" @click=${() => assigning.assign(entry)}>
      ${msg('Assign to patient', { id: 'learn-more.assign' })}<span class="visually-hidden">: ${entry.title}</span></button
    >${assigning.failed.has(entry.url!) ? html`<p role="alert">${msg('It could not be assigned. Try again.', { id: 'learn-more.assign-failed' })}</p>` : ''}`;
}
