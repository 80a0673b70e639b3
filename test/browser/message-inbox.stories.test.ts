import * as stories from '../../stories/message-inbox.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';

axeEveryStory(stories as unknown as StoryModule);
