/**
 * Spanish strings for the elements' own text, keyed by message id: the shared ones
 * and each element's own file (`src/elements/<name>/<name>.es.ts`). Loaded on demand,
 * as one chunk, when the locale is Spanish. test/node/localization.test.mjs fails when
 * an id used in the source is missing or its placeholders differ.
 *
 * Written for patients first: plain words, "usted" form, short sentences.
 */
import { templates as core } from './es-core.js';
import { templates as patientBanner } from '../../elements/patient-banner/patient-banner.es.js';
import { templates as messageInbox } from '../../elements/message-inbox/message-inbox.es.js';
import { templates as messageThread } from '../../elements/message-thread/message-thread.es.js';
import { templates as clinicalSummary } from '../../elements/clinical-summary/clinical-summary.es.js';
import { templates as patientWords } from '../../elements/clinical-summary/patient-words.es.js';
import { templates as refillRequest } from '../../elements/refill-request/refill-request.es.js';
import { templates as refillQueue } from '../../elements/refill-queue/refill-queue.es.js';
import { templates as decisionAid } from '../../elements/decision-aid/decision-aid.es.js';
import { templates as immunizations } from '../../elements/immunizations/immunizations.es.js';
import { templates as healthTracker } from '../../elements/health-tracker/health-tracker.es.js';
import { templates as patientSwitcher } from '../../elements/patient-switcher/patient-switcher.es.js';
import { templates as portalHome } from '../../elements/portal-home/portal-home.es.js';
import { templates as careReminders } from '../../elements/care-reminders/care-reminders.es.js';
import { templates as careGapWorklist } from '../../elements/care-gap-worklist/care-gap-worklist.es.js';
import { templates as learnMore } from '../../elements/learn-more/learn-more.es.js';
import { templates as education } from '../../elements/education/education.es.js';
import { templates as questionnaire } from '../../elements/questionnaire/questionnaire.es.js';
import { templates as appointments } from '../../elements/appointments/appointments.es.js';
import { templates as loincNames } from '../clinical-names/loinc-names.es.js';

export const templates = {
  ...core,
  ...patientBanner,
  ...messageInbox,
  ...messageThread,
  ...clinicalSummary,
  ...patientWords,
  ...refillRequest,
  ...refillQueue,
  ...decisionAid,
  ...immunizations,
  ...healthTracker,
  ...patientSwitcher,
  ...portalHome,
  ...careReminders,
  ...careGapWorklist,
  ...learnMore,
  ...education,
  ...questionnaire,
  ...appointments,
  // data names keyed by code (`loinc:…`), read with termInLanguage(), not msg()
  ...loincNames,
};
