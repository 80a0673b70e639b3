/**
 * Words of <engage-clinical-summary>: section names in plain language for patients and
 * in clinical terms for clinicians, "none known" versus "not recorded", statuses and
 * result flags (always a symbol and words, never colour alone).
 */
import { msg } from '../../core/localization.js';
import type { InterpretationFlag, MedicationEntry, Role, SummarySectionKey, Unconfirmed } from '../../adapters/ports.js';
import type { ChipTone } from '../../core/chips.js';
import { type Icon, iconArrowDown, iconArrowUp, iconCheck, iconWarning } from '../../core/icons.js';

/** A section's heading for the reader's role. */
export function sectionTitle(key: SummarySectionKey, role: Role): string {
  const plain = role !== 'clinician';
  switch (key) {
    case 'problems':
      return plain ? msg('Health problems', { id: 'summary.section.problems.plain' }) : msg('Problems', { id: 'summary.section.problems' });
    case 'allergies':
      return plain ? msg('Allergies', { id: 'summary.section.allergies.plain' }) : msg('Allergies and intolerances', { id: 'summary.section.allergies' });
    case 'medications':
      return plain ? msg('Medicines', { id: 'summary.section.medications.plain' }) : msg('Medications', { id: 'summary.section.medications' });
    case 'immunizations':
      return plain ? msg('Vaccines', { id: 'summary.section.immunizations.plain' }) : msg('Immunizations', { id: 'summary.section.immunizations' });
    case 'results':
      return plain ? msg('Test results', { id: 'summary.section.results.plain' }) : msg('Results', { id: 'summary.section.results' });
    case 'vitals':
      return plain ? msg('Body measurements', { id: 'summary.section.vitals.plain' }) : msg('Vital signs', { id: 'summary.section.vitals' });
    case 'socialHistory':
      return plain ? msg('Lifestyle', { id: 'summary.section.social.plain' }) : msg('Social history', { id: 'summary.section.social' });
    case 'procedures':
      return plain ? msg('Procedures and surgeries', { id: 'summary.section.procedures.plain' }) : msg('Procedures', { id: 'summary.section.procedures' });
    case 'encounters':
      return plain ? msg('Visits', { id: 'summary.section.encounters.plain' }) : msg('Encounters', { id: 'summary.section.encounters' });
    case 'carePlan':
      return plain ? msg('Care plan', { id: 'summary.section.careplan.plain' }) : msg('Plan of care', { id: 'summary.section.careplan' });
    case 'goals':
      return plain ? msg('Your goals', { id: 'summary.section.goals.plain' }) : msg('Goals', { id: 'summary.section.goals' });
    case 'careTeam':
      return plain ? msg('Your care team', { id: 'summary.section.careteam.plain' }) : msg('Care team', { id: 'summary.section.careteam' });
    case 'devices':
      return plain ? msg('Implants and medical equipment', { id: 'summary.section.devices.plain' }) : msg('Devices', { id: 'summary.section.devices' });
    case 'advanceDirectives':
      return plain ? msg('Your wishes for care', { id: 'summary.section.directives.plain' }) : msg('Advance directives', { id: 'summary.section.directives' });
    case 'documents':
      return plain ? msg('Notes and documents', { id: 'summary.section.documents.plain' }) : msg('Documents', { id: 'summary.section.documents' });
  }
}

/** What an empty section says when the record states there is nothing ("No known allergies"). */
export function noneKnownText(key: SummarySectionKey): string {
  switch (key) {
    case 'allergies':
      return msg('No known allergies', { id: 'summary.none.allergies' });
    case 'problems':
      return msg('No known health problems', { id: 'summary.none.problems' });
    case 'medications':
      return msg('Takes no medicines', { id: 'summary.none.medications' });
    default:
      return msg('None, as recorded', { id: 'summary.none.other' });
  }
}

/** What an empty section says when nothing was recorded at all ("Allergies not recorded"). */
export function notRecordedText(key: SummarySectionKey): string {
  switch (key) {
    case 'allergies':
      return msg('Allergies not recorded', { id: 'summary.unrecorded.allergies' });
    case 'problems':
      return msg('Health problems not recorded', { id: 'summary.unrecorded.problems' });
    case 'medications':
      return msg('Medicines not recorded', { id: 'summary.unrecorded.medications' });
    default:
      return msg('Nothing recorded', { id: 'summary.unrecorded.other' });
  }
}

/**
 * A recorded status in words: every code of the FHIR value sets the summary's sections use
 * (and the C-CDA status codes that map to them). A code outside them is "Other", never the
 * raw code, which a patient cannot read (#19).
 */
export function statusText(status: string | undefined): string {
  switch (status) {
    case undefined:
    case 'unknown':
      return msg('Unknown', { id: 'summary.unknown' });
    case 'active':
      return msg('Active', { id: 'summary.status.active' });
    case 'inactive':
      return msg('Inactive', { id: 'summary.status.inactive' });
    case 'resolved':
      return msg('Resolved', { id: 'summary.status.resolved' });
    case 'remission':
      return msg('In remission', { id: 'summary.status.remission' });
    case 'recurrence':
    case 'relapse':
      return msg('Came back', { id: 'summary.status.recurrence' });
    case 'completed':
    case 'finished':
      return msg('Completed', { id: 'summary.status.completed' });
    case 'in-progress':
      return msg('In progress', { id: 'summary.status.in-progress' });
    case 'arrived':
    case 'triaged':
      // a visit checked in but not yet seen: it has not happened yet
      return msg('Checked in, not seen yet', { id: 'summary.status.arrived' });
    case 'onleave':
      return msg('On leave from the hospital', { id: 'summary.status.onleave' });
    case 'preparation':
      return msg('Being prepared', { id: 'summary.status.preparation' });
    case 'rejected':
      return msg('Not agreed', { id: 'summary.status.rejected' });
    case 'accepted':
      return msg('Agreed', { id: 'summary.status.accepted' });
    case 'stopped':
    case 'aborted':
      return msg('Stopped', { id: 'summary.status.stopped' });
    case 'on-hold':
    case 'suspended':
    case 'held':
      return msg('On hold', { id: 'summary.status.on-hold' });
    case 'cancelled':
    case 'revoked':
      return msg('Cancelled', { id: 'summary.status.cancelled' });
    case 'not-done':
    case 'not-taken':
      return msg('Not given', { id: 'summary.status.not-done' });
    case 'subpotent':
      // a vaccine dose given but not a full one: it must not read as a completed dose
      return msg('Given, not a full dose', { id: 'summary.status.subpotent' });
    case 'intended':
    case 'draft':
    case 'proposed':
    case 'planned':
    case 'new':
      return msg('Planned', { id: 'summary.status.planned' });
    case 'entered-in-error':
    case 'nullified':
      return msg('Entered in error', { id: 'summary.status.entered-in-error' });
    case 'final':
    case 'amended':
    case 'corrected':
      return msg('Final', { id: 'summary.status.final' });
    case 'preliminary':
    case 'registered':
      return msg('Preliminary', { id: 'summary.status.preliminary' });
    default:
      return msg('Other', { id: 'summary.status.other' });
  }
}

/**
 * A medicine's status. A request nobody ordered (`proposed.intent`: a proposal, a plan, one
 * option of a set) says what it is instead, since "Active" reads as a prescription; a patient
 * reads that it is not prescribed. A status other than active follows it ("Proposed — On hold").
 */
export function medicationStatusText({ status, proposed }: MedicationEntry, plain: boolean): string {
  const intent = proposed?.intent;
  if (!intent) return statusText(status);
  const words =
    intent === 'plan'
      ? plain
        ? msg('Planned, not prescribed yet', { id: 'summary.intent.plan.plain' })
        : msg('Planned', { id: 'summary.status.planned' })
      : intent === 'option'
        ? plain
          ? msg('One option, not a prescription', { id: 'summary.intent.option.plain' })
          : msg('Option', { id: 'summary.intent.option' })
        : plain
          ? msg('Suggested, not prescribed', { id: 'summary.intent.proposal.plain' })
          : msg('Proposed', { id: 'summary.intent.proposal' });
  return !status || status === 'active' || status === 'draft' ? words : `${words} — ${statusText(status)}`;
}

/**
 * A status with, beside it, the words that say the record does not confirm it ("Active —
 * Provisional"): a clinician reads the verification code's own name, a patient plain words.
 */
export function verifiedStatusText(status: string | undefined, unconfirmed: Unconfirmed | undefined, plain: boolean): string {
  if (!unconfirmed) return statusText(status);
  const words = plain
    ? msg('Not confirmed yet', { id: 'summary.unconfirmed.plain' })
    : unconfirmed === 'provisional'
      ? msg('Provisional', { id: 'summary.unconfirmed.provisional' })
      : unconfirmed === 'differential'
        ? msg('Differential', { id: 'summary.unconfirmed.differential' })
        : msg('Unconfirmed', { id: 'summary.unconfirmed' });
  return `${statusText(status)} — ${words}`;
}

/** A result flag as a chip: tone and icon (for the eye) and words (for everyone). */
export function flagText(flag: InterpretationFlag | undefined): { tone: ChipTone; icon: Icon; words: string } | undefined {
  switch (flag) {
    case 'normal':
      return { tone: 'success', icon: iconCheck, words: msg('Normal', { id: 'summary.flag.normal' }) };
    case 'low':
      return { tone: 'warning', icon: iconArrowDown, words: msg('Low', { id: 'summary.flag.low' }) };
    case 'high':
      return { tone: 'warning', icon: iconArrowUp, words: msg('High', { id: 'summary.flag.high' }) };
    case 'critical-low':
      return { tone: 'danger', icon: iconArrowDown, words: msg('Critically low', { id: 'summary.flag.critical-low' }) };
    case 'critical-high':
      return { tone: 'danger', icon: iconArrowUp, words: msg('Critically high', { id: 'summary.flag.critical-high' }) };
    case 'abnormal':
      return { tone: 'warning', icon: iconWarning, words: msg('Abnormal', { id: 'summary.flag.abnormal' }) };
    default:
      return undefined;
  }
}

/** Criticality of an allergy in words. */
export function criticalityText(criticality: string | undefined): string | undefined {
  switch (criticality) {
    case 'high':
      return msg('High risk', { id: 'summary.criticality.high' });
    case 'low':
      return msg('Low risk', { id: 'summary.criticality.low' });
    case 'unable-to-assess':
      return msg('Risk not assessed', { id: 'summary.criticality.unable' });
    default:
      return undefined;
  }
}

/** Severity of a reaction in words. */
export function severityText(severity: string | undefined): string | undefined {
  switch (severity) {
    case 'severe':
      return msg('Severe', { id: 'summary.severity.severe' });
    case 'moderate':
      return msg('Moderate', { id: 'summary.severity.moderate' });
    case 'mild':
      return msg('Mild', { id: 'summary.severity.mild' });
    default:
      return undefined;
  }
}

/** The kind of a contact point in words ("Phone", "Email"). */
export function contactKindText(system: string | undefined): string {
  switch (system) {
    case 'phone':
    case 'sms':
      return msg('Phone', { id: 'summary.contact.phone' });
    case 'email':
      return msg('Email', { id: 'summary.contact.email' });
    case 'fax':
      return msg('Fax', { id: 'summary.contact.fax' });
    case 'url':
      return msg('Website', { id: 'summary.contact.url' });
    default:
      return msg('Contact', { id: 'summary.contact.other' });
  }
}
