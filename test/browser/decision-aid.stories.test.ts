import * as stories from '../../stories/decision-aid.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';

axeEveryStory(stories as unknown as StoryModule);
// and in Spanish: the element's text is Spanish while the aids' content stays English,
// so the language marks of both are checked by axe too (valid-lang, html-lang rules).
// Language marks and the wrapping of longer words do not change with the theme, and the
// colours are those of the English stories, so one theme is enough (the Dark story still
// runs in its own). The statin aid's steps mark their language exactly as the colorectal
// aid's do (the same step templates), so the Spanish pass walks the colorectal aid's.
axeEveryStory({
  ...(stories as unknown as StoryModule),
  default: { ...stories.default, title: `${stories.default.title} (es)`, args: { ...stories.default.args, locale: 'es' } },
} as StoryModule, { themes: ['light'], skip: /^Statin/ });
