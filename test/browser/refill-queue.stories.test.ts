import * as stories from '../../stories/refill-queue.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';

axeEveryStory(stories as unknown as StoryModule);
