/**
 * #19 bar: the questionnaire's stories walked like the others' (focus-stories.ts), each
 * distinct button pressed two levels deep, focus where focus-targets.ts says. The actions its
 * stories do not show (adding and removing a repeat, sending a complete form) are in
 * focus-questionnaire.test.ts; the patient switcher and the portal home have no stories
 * and are in focus-switcher-home.test.ts.
 */
import * as questionnaire from '../../stories/questionnaire.stories.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction } from './focus-stories.js';

focusAfterEveryAction(questionnaire as unknown as StoryModule);
