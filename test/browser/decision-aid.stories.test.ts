import * as stories from '../../stories/decision-aid.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';

axeEveryStory(stories as unknown as StoryModule);
// and in Spanish: the element's text is Spanish while the aids' content stays English,
// so the language marks of both are checked by axe too (valid-lang, html-lang rules)
axeEveryStory({
  ...(stories as unknown as StoryModule),
  default: { ...stories.default, title: `${stories.default.title} (es)`, args: { ...stories.default.args, locale: 'es' } },
} as StoryModule);
