/**
 * #19 bar: focus is where focus-targets.ts says after every action the stories of
 * the patient banner, the clinical summary and the immunizations offer, two levels deep
 * (see focus-stories.ts).
 */
import * as banner from '../../stories/patient-banner.stories.js';
import * as summary from '../../stories/clinical-summary.stories.js';
import * as immunizations from '../../stories/immunizations.stories.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction } from './focus-stories.js';

for (const module of [banner, summary, immunizations]) focusAfterEveryAction(module as unknown as StoryModule);
