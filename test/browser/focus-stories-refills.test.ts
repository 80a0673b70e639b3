/**
 * #19 bar: focus is where focus-targets.ts says after every action the stories of
 * the refill request and the refill review queue offer, two levels deep (see
 * focus-stories.ts).
 */
import * as refillRequest from '../../stories/refill-request.stories.js';
import * as refillQueue from '../../stories/refill-queue.stories.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction } from './focus-stories.js';

for (const module of [refillRequest, refillQueue]) focusAfterEveryAction(module as unknown as StoryModule);
