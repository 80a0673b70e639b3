import * as stories from '../../stories/message-thread.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';

ignoreResizeObserverLoop();
axeEveryStory(stories as unknown as StoryModule);
