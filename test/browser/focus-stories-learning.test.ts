/**
 * #19 bar: focus is where focus-targets.ts says after every action the stories of
 * the decision aid, education, learn-more and the health tracker offer, two levels deep
 * (see focus-stories.ts).
 */
import * as decisionAid from '../../stories/decision-aid.stories.js';
import * as education from '../../stories/education.stories.js';
import * as learnMore from '../../stories/learn-more.stories.js';
import * as tracker from '../../stories/health-tracker.stories.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction } from './focus-stories.js';

for (const module of [decisionAid, education, learnMore, tracker]) focusAfterEveryAction(module as unknown as StoryModule);
