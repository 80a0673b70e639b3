/**
 * #19 bar: focus is where focus-targets.ts says after every action the stories of
 * the care-gap worklist offers, two levels deep (see focus-stories.ts). Its filtered and
 * sending stories are driven by the walk itself, which waits for the driver.
 */
import * as worklist from '../../stories/care-gap-worklist.stories.js';
import { driveReminders, reminderAdapter, type ReminderDrive } from '../../stories/data/reminders.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction } from './focus-stories.js';

focusAfterEveryAction(worklist as unknown as StoryModule, {
  drive: (element, drive) => driveReminders(element, drive as ReminderDrive),
  // the stories' default panel (care-gap-worklist.stories.ts renders it when a story names no adapter)
  adapter: () => reminderAdapter(),
});
