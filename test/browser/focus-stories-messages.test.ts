/**
 * #19 bar: focus is where focus-targets.ts says after every action the stories of
 * the message inbox and the message thread offer, two levels deep (see focus-stories.ts).
 * The walk is split by element group so a failure names its element and the runner can
 * balance the files.
 */
import * as inbox from '../../stories/message-inbox.stories.js';
import * as thread from '../../stories/message-thread.stories.js';
import { editWhileOpen, messagingAdapter } from '../../stories/data/messages.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction } from './focus-stories.js';

focusAfterEveryAction(inbox as unknown as StoryModule);
// the walk waits for the thread's scripted story (a message edited while open) before it presses anything
focusAfterEveryAction(thread as unknown as StoryModule, { drive: (element, _drive, adapter) => editWhileOpen(element, adapter), adapter: () => messagingAdapter() });
