/** The adapter: any subset of the ports. See `../ports.ts` for the conventions every port follows. */
import type { PatientPort } from './patient.js';
import type { MessagingPort } from './messaging.js';
import type { SummaryPort } from './summary.js';
import type { RefillPort } from './refills.js';
import type { DecisionAidPort } from './decision-aids.js';
import type { ImmunizationPort } from './immunizations.js';
import type { HealthTrackerPort } from './health-tracker.js';
import type { CareReminderPort } from './reminders.js';
import type { EducationPort, KnowledgePort } from './education.js';
import type { QuestionnairePort } from './questionnaires.js';
import type { SchedulingPort } from './scheduling.js';

/**
 * What an element receives from the provider: any subset of the ports. An element
 * whose port is missing shows a "not configured" state naming it.
 */
export interface EngageAdapter {
  /** Patient demographics for banners. */
  patient?: PatientPort;
  /** Secure messaging. */
  messaging?: MessagingPort;
  /** Clinical summary. */
  summary?: SummaryPort;
  /** Refill requests. */
  refills?: RefillPort;
  /** Decision aids. */
  decisionAids?: DecisionAidPort;
  /** Vaccination record and forecast. */
  immunizations?: ImmunizationPort;
  /** Patient-recorded readings, clinic measurements and goals. */
  healthTracker?: HealthTrackerPort;
  /** Care reminders (preventive and follow-up care) and the care-gap worklist. */
  reminders?: CareReminderPort;
  /** Infobutton look-ups in a knowledge service ("Learn more"). */
  knowledge?: KnowledgePort;
  /** Education materials the care team assigns. */
  education?: EducationPort;
  /** Questionnaires (patient-reported outcomes, pre-visit forms) and their responses. */
  questionnaires?: QuestionnairePort;
  /** Appointments: booking, requests and the clinic's queue. */
  scheduling?: SchedulingPort;
}

/** Names of the ports an adapter may have. */
export type PortName = keyof EngageAdapter;
