/**
 * #19 bar: for every element with stories, focus is where focus-targets.ts says after
 * every action its stories offer (see focus-stories.ts). Reminders and appointments have
 * their own; the questionnaire's stories are walked in focus-stories-questionnaire.test.ts
 * (with its other actions in focus-questionnaire.test.ts); the patient switcher and the
 * portal home have no stories and are tested in focus-switcher-home.test.ts.
 */
import * as banner from '../../stories/patient-banner.stories.js';
import * as summary from '../../stories/clinical-summary.stories.js';
import * as inbox from '../../stories/message-inbox.stories.js';
import * as thread from '../../stories/message-thread.stories.js';
import * as refillRequest from '../../stories/refill-request.stories.js';
import * as refillQueue from '../../stories/refill-queue.stories.js';
import * as decisionAid from '../../stories/decision-aid.stories.js';
import * as immunizations from '../../stories/immunizations.stories.js';
import * as tracker from '../../stories/health-tracker.stories.js';
import * as education from '../../stories/education.stories.js';
import * as learnMore from '../../stories/learn-more.stories.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction } from './focus-stories.js';

for (const module of [banner, summary, inbox, thread, refillRequest, refillQueue, decisionAid, immunizations, tracker, education, learnMore]) {
  focusAfterEveryAction(module as unknown as StoryModule);
}
