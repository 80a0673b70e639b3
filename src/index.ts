/**
 * ehr-engage: registers every element and re-exports the public API.
 * Import an element's own entry (`ehr-engage/elements/patient-banner.js`) to load less.
 */
import './core/provider.js';
import './elements/patient-banner/patient-banner.js';
import './elements/message-inbox/message-inbox.js';
import './elements/message-thread/message-thread.js';
import './elements/clinical-summary/clinical-summary.js';
import './elements/refill-request/refill-request.js';
import './elements/refill-queue/refill-queue.js';
import './elements/decision-aid/decision-aid.js';
import './elements/immunizations/immunizations.js';
import './elements/health-tracker/health-tracker.js';
import './elements/patient-switcher/patient-switcher.js';
import './elements/portal-home/portal-home.js';
import './elements/care-reminders/care-reminders.js';
import './elements/care-gap-worklist/care-gap-worklist.js';
import './elements/questionnaire/questionnaire.js';
import './elements/appointments/appointments.js';
import './elements/appointment-queue/appointment-queue.js';
import './elements/education/education.js';
import './elements/learn-more/learn-more.js';

export { EngageProvider } from './core/provider.component.js';
export { EngagePatientBanner } from './elements/patient-banner/patient-banner.component.js';
export type { PatientLoadDetail } from './elements/patient-banner/patient-banner.component.js';
export { EngageMessageInbox } from './elements/message-inbox/message-inbox.component.js';
export type { ThreadCreateDetail, ThreadSelectDetail } from './elements/message-inbox/message-inbox.component.js';
export { EngageMessageThread } from './elements/message-thread/message-thread.component.js';
export type {
  MessageReadDetail,
  MessageSendDetail,
  MessageSentDetail,
  ThreadStatusDetail,
} from './elements/message-thread/message-thread.component.js';
export { EngageClinicalSummary } from './elements/clinical-summary/clinical-summary.component.js';
export type { SummaryLoadDetail, SummaryTransmitDetail } from './elements/clinical-summary/clinical-summary.component.js';
export { EngageRefillRequest } from './elements/refill-request/refill-request.component.js';
export type {
  RefillCancelDetail,
  RefillSentDetail,
  RefillSubmitDetail,
} from './elements/refill-request/refill-request.component.js';
export { EngageRefillQueue } from './elements/refill-queue/refill-queue.component.js';
export type { RefillReviewDetail } from './elements/refill-queue/refill-queue.component.js';
export { eligibilityOf, classify, calendarToday } from './elements/refill-request/eligibility.js';
export type {
  Eligibility,
  EligibilityOptions,
  EligibilityReason,
  RefillCategory,
  ControlledRule,
} from './elements/refill-request/eligibility.js';
export { EngageDecisionAid, validateAid } from './elements/decision-aid/decision-aid.component.js';
export type {
  AidProblem,
  AidValidation,
  DecisionAidContent,
  DecisionCompleteDetail,
  DecisionStep,
} from './elements/decision-aid/decision-aid.component.js';
export { EngageImmunizations } from './elements/immunizations/immunizations.component.js';
export type { ImmunizationsLoadDetail } from './elements/immunizations/immunizations.component.js';
export { EngageHealthTracker } from './elements/health-tracker/health-tracker.component.js';
export type { ReadingSavedDetail, ReadingDangerDetail, ReadingsImportedDetail } from './elements/health-tracker/health-tracker.component.js';
export { DEFAULT_SAFETY_RULES } from './elements/health-tracker/safety.js';
export type { SafetyRule, SafetyAction } from './elements/health-tracker/safety.js';
export { EngagePatientSwitcher } from './elements/patient-switcher/patient-switcher.component.js';
export type { PatientSwitchDetail, SessionChangeDetail } from './elements/patient-switcher/patient-switcher.component.js';
export { EngagePortalHome } from './elements/portal-home/portal-home.component.js';
export { withProxyPolicy } from './core/proxy-adapter.js';
export type { ProxyContext } from './core/proxy-adapter.js';
export { DEFAULT_PROXY_POLICY, ADOLESCENT_CONFIDENTIAL_LABELS, ageInYears } from './core/proxy-policy.js';
export type { ProxyAction, ProxyPolicy, ProxyRule, SecurityLabelMatch } from './core/proxy-policy.js';
export { EngageCareReminders } from './elements/care-reminders/care-reminders.component.js';
export type { RemindersLoadDetail, ReminderAnswerDetail, ReminderNextStepDetail } from './elements/care-reminders/care-reminders.component.js';
export { EngageCareGapWorklist } from './elements/care-gap-worklist/care-gap-worklist.component.js';
export type { RemindersSentDetail, WorklistOpenPatientDetail } from './elements/care-gap-worklist/care-gap-worklist.component.js';
export { evaluateReminders, sortReminders } from './reminders/evaluate.js';
export { buildWorklist, periodOf } from './reminders/worklist.js';
export { EngageQuestionnaire } from './elements/questionnaire/questionnaire.component.js';
export type { QuestionnaireSavedDetail, ScoreBand } from './elements/questionnaire/questionnaire.component.js';
export { EngageAppointments } from './elements/appointments/appointments.component.js';
export type { AppointmentChangeDetail } from './elements/appointments/appointments.component.js';
export { EngageAppointmentQueue } from './elements/appointment-queue/appointment-queue.component.js';
export type { AppointmentDecisionDetail } from './elements/appointment-queue/appointment-queue.component.js';
export { vaccineGroupsOfCvx, VACCINE_GROUP_ORDER } from './core/vaccine-groups.generated.js';
export { EngageElement } from './core/engage-element.js';
export { EngageError, isEngageError, toEngageError } from './core/errors.js';
export type { EngageErrorCode } from './core/errors.js';
export { adapterContext, sessionContext } from './core/context.js';
export { sanitizeToFragment, sanitizeToText, sanitizedHtml } from './core/sanitize.js';
export type { SanitizeProfile } from './core/sanitize.js';
export * from './core/format.js';
export {
  applyLocale,
  inLanguage,
  loadLocale,
  registerTranslation,
  uiLocale,
  SUPPORTED_LOCALES,
} from './core/localization.js';
export type { Translation, Translations } from './core/localization.js';
export type { HostText } from './core/host-text.js';
export { token } from './core/tokens.js';
export { newIdempotencyKey } from './core/events.js';
export { WriteIntent, fingerprintOf } from './core/write-protocol.js';
export type { WriteKeys, WriteIntentState } from './core/write-protocol.js';
export { MemoryDraftStore, SessionStorageDraftStore, pageDrafts } from './core/drafts.js';
export type { DraftStore } from './core/drafts.js';
export { VERSION } from './core/version.js';
export { createFhirAdapter, fromSmartClient, FhirClient } from './adapters/fhir/index.js';
export type { FhirAdapter, FhirClientOptions, SmartClientLike, TokenProvider } from './adapters/fhir/index.js';
export { createMemoryAdapter } from './adapters/memory/index.js';
export type { MemoryAdapter, MemoryAdapterOptions } from './adapters/memory/index.js';
export * from './adapters/ports.js';
export { EngageEducation } from './elements/education/education.component.js';
export { EngageLearnMore } from './elements/learn-more/learn-more.component.js';
