/**
 * Reminder messages through the messaging port — the same path a clinician's message takes,
 * so the reminder shows in the patient's inbox. One message per patient, rule and period:
 * the idempotency key names exactly that, so a retry, a double click or a second run in the
 * same month finds the first message instead of sending another (docs/write-protocol.md).
 */
import type {
  CodedValue,
  MessagingPort,
  RecordRef,
  ReminderRule,
  ReminderSendResult,
  SendRemindersOptions,
} from '../adapters/ports.js';
import { EngageError, isRetryable, toEngageError } from '../core/errors.js';

/** Category system of messages (shared with the FHIR messaging mapping). */
export const MESSAGE_CATEGORY_SYSTEM = 'https://ehr-engage.dev/fhir/CodeSystem/message-category';
/** Code system of rule ids (shared with the FHIR reminder mapping). */
export const RULE_SYSTEM = 'https://ehr-engage.dev/fhir/CodeSystem/care-reminder-rule';
/** How many times one patient's send is tried when the failure may be passing. */
const ATTEMPTS = 3;

/** The idempotency key of the reminder about `ruleId` to `patient` in `period` (`YYYY-MM`). */
export function reminderKey(patient: RecordRef, ruleId: string, period: string): string {
  // no `|` or `,`: the key becomes an identifier value searched as a FHIR token
  return `care-reminder:${patient}:${ruleId}:${period}`;
}

/** The period (`YYYY-MM`) a reminder was sent for, read from its key (as a thread's or message's identifier value). */
export function periodOfReminderKey(value: string | undefined): string | undefined {
  return /^care-reminder:.+:(\d{4}-\d{2})(?:#\w+)?$/.exec(value ?? '')?.[1];
}

/** The category of a reminder message: `reminder`, plus the rule it is about. */
export function reminderCategory(ruleId: string): CodedValue {
  return {
    text: 'Reminder',
    codings: [
      { system: MESSAGE_CATEGORY_SYSTEM, code: 'reminder', display: 'Reminder' },
      { system: RULE_SYSTEM, code: ruleId },
    ],
  };
}

/** The rule a message category is a reminder about, when it is one. */
export function reminderRuleOf(category: CodedValue | undefined): string | undefined {
  if (!category?.codings.some((c) => c.system === MESSAGE_CATEGORY_SYSTEM && c.code === 'reminder')) return undefined;
  return category.codings.find((c) => c.system === RULE_SYSTEM)?.code;
}

/** Plain text of a reminder in English and Spanish (the patient's language is not known to the worklist). */
function bodyOf(rule: ReminderRule): string {
  const en = `${rule.title.en} is due. ${rule.why.en} Please contact us to schedule it, or tell us if you had it done somewhere else.`;
  const es = rule.title.es && rule.why.es
    ? `\n\n${rule.title.es}: le corresponde. ${rule.why.es} Llámenos para programarlo o díganos si ya se lo hizo en otro lugar.`
    : '';
  return `${en}${es}`;
}

/**
 * Sends the reminder about `rule` to each patient, one after the other (a clinic's server
 * is shared; a panel is not a load test), each retried up to {@link ATTEMPTS} times with the
 * SAME key when the failure may pass. Never throws for one patient: the result lists them.
 */
export async function sendReminderMessages(
  messaging: MessagingPort,
  rule: ReminderRule,
  patients: readonly RecordRef[],
  period: string,
  options: SendRemindersOptions = {},
): Promise<ReminderSendResult[]> {
  const results: ReminderSendResult[] = [];
  const sender = options.sender ?? 'Practitioner/unknown';
  for (const patient of patients) {
    if (options.signal?.aborted) throw new EngageError('aborted', 'The request was cancelled.');
    let result: ReminderSendResult | undefined;
    for (let attempt = 1; attempt <= ATTEMPTS && !result; attempt++) {
      try {
        const { thread } = await messaging.startThread(
          patient,
          {
            subject: rule.title.en,
            category: reminderCategory(rule.id),
            recipient: { ref: patient, kind: 'patient', name: '' },
            message: { body: bodyOf(rule), attachments: [] },
          },
          {
            idempotencyKey: reminderKey(patient, rule.id, period),
            signal: options.signal,
            as: { user: { ref: sender }, role: 'clinician' },
          },
        );
        result = { patient, ok: true, ref: `Communication/${thread.id}` };
      } catch (error) {
        // by shape, not class: the messaging port may come from another copy of the library
        const e = toEngageError(error);
        if (e.code === 'aborted') throw e;
        if (!isRetryable(e) || attempt === ATTEMPTS) result = { patient, ok: false, error: { code: e.code, message: e.message } };
      }
    }
    results.push(result!);
    options.onProgress?.(result!, results.length, patients.length);
  }
  return results;
}
