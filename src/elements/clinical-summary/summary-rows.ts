/**
 * One row of <engage-clinical-summary> per entry: a problem, an allergy, a medicine, a
 * vaccine, a procedure, a visit, a care plan, a goal — and, through their own modules,
 * care teams, devices, advance directives (`summary-care.ts`) and notes
 * (`summary-documents.ts`). Results are rows of their own (`summary-results.ts`).
 * This is the place to add something to a row (a "Learn more" link beside a problem or a
 * medicine). Every recorded text goes through Lit text bindings.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type {
  AdvanceDirectiveEntry,
  AllergyEntry,
  CarePlanEntry,
  CareTeamEntry,
  CodedValue,
  DatePeriod,
  DeviceEntry,
  DocumentEntry,
  EncounterEntry,
  GoalEntry,
  ImmunizationEntry,
  MedicationEntry,
  ProblemEntry,
  ProcedureEntry,
  SummarySectionKey,
} from '../../adapters/ports.js';
import { codedText } from '../../core/format.js';
import { criticalityText, medicationStatusText, severityText, statusText, verifiedStatusText } from './summary-labels.js';
import { renderCareTeam, renderDevice, renderDirective } from './summary-care.js';
import { renderDocument, type DocumentHelpers } from './summary-documents.js';
import { dosageText, recordLang, recordWords, sentenceCase } from './summary-words.js';
import type { AnyEntry } from './summary-format.js';

/** What the element lends a row: the common and document helpers, and the view. */
export interface RowHelpers extends DocumentHelpers {
  /** The page's language: the record's words in another carry their own (`recordLang`). */
  locale: string;
  /**
   * The name as shown, with the record's own name for screen readers when the two differ;
   * the record's words marked with `lang` (the record's, when it is not the page's).
   */
  shownName(value: CodedValue, lang?: string): TemplateResult | string;
  /** Untrusted narrative XHTML, sanitized (nothing until the sanitizer has loaded). */
  narrative(xhtml: string): unknown;
  /** The patient view's words for a medicine's structured dose instructions, once loaded (else undefined). */
  doses?(entry: MedicationEntry): string | undefined;
}

/** A period in words: both ends, or the one the record gives ("from May 5, 2014"), never a start alone as if one day. */
function periodText(period: DatePeriod, h: Pick<RowHelpers, 'date'>): string | undefined {
  const start = period.start && h.date(period.start);
  const end = period.end && h.date(period.end);
  if (start && end) return start === end ? start : msg(str`${start} to ${end}`, { id: 'summary.period' });
  if (start) return msg(str`from ${start}`, { id: 'summary.period.from' });
  return end ? msg(str`until ${end}`, { id: 'summary.period.until' }) : undefined;
}

/** The rows of one entry, by section. */
export function renderEntry(key: SummarySectionKey, entry: AnyEntry, h: RowHelpers): TemplateResult {
  const { plain } = h;
  // the record's words in the record's language (WCAG 2.2 SC 3.1.2); a plain name or "Visit" is ours
  const lang = recordLang(entry, h.locale);
  const named = (value: CodedValue, fallback?: string) => {
    const shown = h.name(value, fallback);
    return shown === codedText(value) ? recordWords(shown, lang) : shown;
  };
  const errorBadge = entry.enteredInError
    ? html`<span class="badge badge--error">${msg('Entered in error', { id: 'summary.status.entered-in-error' })}</span>`
    : nothing;
  switch (key) {
    case 'problems': {
      const e = entry as unknown as ProblemEntry;
      const stay = e.encounterDiagnosis;
      // a hospital stay's diagnosis says which it is: not a long-term problem-list item
      return html`<div class="entry__name">${named(e.name)}${errorBadge}</div>
        <dl class="fields">
          ${h.field(msg('Diagnosis', { id: 'summary.field.diagnosis' }), stay && (stay === 'admission' ? msg('When admitted to the hospital', { id: 'summary.diagnosis.admission' }) : msg('When leaving the hospital', { id: 'summary.diagnosis.discharge' })))}
          ${h.field(plain ? msg('Since', { id: 'summary.field.since' }) : msg('Onset', { id: 'summary.field.onset' }), h.date(e.onset))}
          ${h.field(msg('Status', { id: 'summary.field.status' }), verifiedStatusText(e.status, e.unconfirmed, plain))}
          ${h.field(msg('Resolved', { id: 'summary.field.resolved' }), e.abatement && h.date(e.abatement))}
        </dl>
        ${h.learnMore?.(e.name) ?? nothing}`;
    }
    case 'allergies': {
      const e = entry as unknown as AllergyEntry;
      const reactions = e.reactions
        .map((r) => [r.manifestation.map((m) => codedText(m)).filter(Boolean).join(', '), severityText(r.severity)].filter(Boolean).join(' — '))
        .filter(Boolean)
        .join('; ');
      return html`<div class="entry__name">${named(e.substance)}${errorBadge}</div>
        <dl class="fields">
          ${h.field(msg('Reaction', { id: 'summary.field.reaction' }), reactions || msg('Unknown', { id: 'summary.unknown' }))}
          ${h.field(msg('Risk', { id: 'summary.field.criticality' }), criticalityText(e.criticality))}
          ${h.field(msg('Status', { id: 'summary.field.status' }), verifiedStatusText(e.status, e.unconfirmed, plain))}
          ${h.field(msg('Since', { id: 'summary.field.since' }), e.onset && h.date(e.onset))}
        </dl>`;
    }
    case 'medications': {
      const e = entry as unknown as MedicationEntry;
      return html`<div class="entry__name">${h.shownName(e.name, lang)}${errorBadge}</div>
        <dl class="fields">
          ${h.field(plain ? msg('How to take', { id: 'summary.field.instructions.plain' }) : msg('Sig', { id: 'summary.field.instructions' }), sentenceCase([plain ? (h.doses?.(e) ?? dosageText(e.dosage)) : e.dosage, e.asNeeded && msg('as needed', { id: 'summary.as-needed' })].filter(Boolean).join(', ')) || msg('Unknown', { id: 'summary.unknown' }))}
          ${h.field(msg('Status', { id: 'summary.field.status' }), medicationStatusText(e, plain))}
          ${h.field(msg('Taken', { id: 'summary.field.taken' }), e.taken ? h.date(e.taken) : e.takenPeriod && periodText(e.takenPeriod, h))}
          ${h.field(msg('To take', { id: 'summary.field.course' }), e.course && periodText(e.course, h))}
          ${e.reported
            ? // who reported what the patient takes: never a prescriber or a prescription date
              html`${h.field(msg('Reported by', { id: 'summary.field.reported-by' }), e.reported.by)}
              ${h.field(msg('Reported on', { id: 'summary.field.reported-on' }), e.reported.on && h.date(e.reported.on))}`
            : nothing}
          ${(!e.reported && !e.proposed) || e.prescriber || e.authoredOn
            ? // a prescription, or a reported medicine whose prescription the record names;
              // a draft, proposal or plan was not prescribed: no prescriber, no prescription date
              html`${h.field(plain ? msg('Prescribed by', { id: 'summary.field.prescriber.plain' }) : msg('Prescriber', { id: 'summary.field.prescriber' }), e.prescriber)}
              ${h.field(msg('Prescribed', { id: 'summary.field.authored' }), h.date(e.authoredOn))}`
            : nothing}
          ${h.field(msg('Last filled', { id: 'summary.field.last-filled' }), e.lastFilled && h.date(e.lastFilled))}
        </dl>
        ${h.learnMore?.(e.name) ?? nothing}`;
    }
    case 'immunizations': {
      const e = entry as unknown as ImmunizationEntry;
      const dose = e.doseNumber
        ? e.seriesDoses
          ? msg(str`${e.doseNumber} of ${e.seriesDoses}`, { id: 'summary.dose-of' })
          : e.doseNumber
        : undefined;
      return html`<div class="entry__name">${named(e.vaccine)}${errorBadge}</div>
        <dl class="fields">
          ${h.field(msg('Date', { id: 'summary.field.date' }), h.date(e.date))}
          ${h.field(msg('Dose', { id: 'summary.field.dose' }), dose)}
          ${h.field(msg('Status', { id: 'summary.field.status' }), statusText(e.subpotent ? 'subpotent' : e.status))}
          ${h.field(msg('Reason', { id: 'summary.field.reason' }), codedText(e.statusReason ?? e.subpotent?.reason))}
        </dl>`;
    }
    case 'procedures': {
      const e = entry as unknown as ProcedureEntry;
      return html`<div class="entry__name">${named(e.name)}${errorBadge}</div>
        <dl class="fields">
          ${h.field(msg('Date', { id: 'summary.field.date' }), h.date(e.performed))}
          ${h.field(msg('Status', { id: 'summary.field.status' }), e.status && statusText(e.status))}
        </dl>`;
    }
    case 'encounters': {
      const e = entry as unknown as EncounterEntry;
      return html`<div class="entry__name">${named(e.type, msg('Visit', { id: 'summary.visit' }))}${errorBadge}</div>
        <dl class="fields">
          ${h.field(msg('Date', { id: 'summary.field.date' }), h.date(e.start))}
          ${h.field(msg('Status', { id: 'summary.field.status' }), e.status && statusText(e.status))}
          ${h.field(msg('Reason', { id: 'summary.field.reason' }), e.reasons.map((r) => codedText(r)).filter(Boolean).join(', '))}
          ${h.field(msg('Where', { id: 'summary.field.location' }), e.location)}
          ${h.field(msg('With', { id: 'summary.field.practitioner' }), e.practitioner)}
        </dl>`;
    }
    case 'carePlan': {
      const e = entry as unknown as CarePlanEntry;
      // a plan that lists no activities says what it is in its narrative (US Core's assessment and plan)
      return html`<div class="entry__name">${named(e.title)}${errorBadge}</div>
        <dl class="fields">
          ${h.field(msg('Since', { id: 'summary.field.since' }), h.date(e.start))}
          ${h.field(msg('Status', { id: 'summary.field.status' }), statusText(e.status))}
          ${h.field(msg('Activities', { id: 'summary.field.activities' }), e.activities.join('; '))}
          ${h.field(msg('Not to be done', { id: 'summary.negation.do-not-perform' }), e.notToDo?.join('; '))}
        </dl>
        ${e.activities.length || !e.narrative ? nothing : html`<div class="narrative" lang=${lang ?? nothing}>${h.narrative(e.narrative)}</div>`}`;
    }
    case 'goals': {
      const e = entry as unknown as GoalEntry;
      return html`<div class="entry__name">${named(e.description)}${errorBadge}</div>
        <dl class="fields">
          ${h.field(msg('Status', { id: 'summary.field.status' }), statusText(e.status))}
          ${h.field(msg('Target date', { id: 'summary.field.due' }), e.due && h.date(e.due))}
        </dl>`;
    }
    case 'documents':
      return renderDocument(entry as unknown as DocumentEntry, { ...h, badge: errorBadge });
    case 'careTeam':
      return renderCareTeam(entry as unknown as CareTeamEntry, { ...h, badge: errorBadge });
    case 'devices':
      return renderDevice(entry as unknown as DeviceEntry, { ...h, badge: errorBadge });
    case 'advanceDirectives':
      return renderDirective(entry as unknown as AdvanceDirectiveEntry, { ...h, badge: errorBadge });
    default:
      return html``;
  }
}
