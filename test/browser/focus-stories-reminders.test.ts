/**
 * #19 bar: focus is where focus-targets.ts says after every action the stories of
 * the care-gap worklist and the care reminders offer, two levels deep (see
 * focus-stories.ts; care-reminders-focus.test.ts checks the reminders' own forms in
 * more detail). Their driven stories (filtered, sending, a failed save, the evidence
 * open) are driven by the walk itself, which waits for the driver.
 */
import * as worklist from '../../stories/care-gap-worklist.stories.js';
import * as reminders from '../../stories/care-reminders.stories.js';
import { driveReminders, reminderAdapter, type ReminderDrive } from '../../stories/data/reminders.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction, type WalkOptions } from './focus-stories.js';

const driven: WalkOptions = {
  drive: (element, drive) => driveReminders(element, drive as ReminderDrive),
  // the stories' default panel (both stories modules render it when a story names no adapter)
  adapter: () => reminderAdapter(),
};

for (const module of [worklist, reminders]) focusAfterEveryAction(module as unknown as StoryModule, driven);
