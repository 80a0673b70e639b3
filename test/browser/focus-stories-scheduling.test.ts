/**
 * #19 bar: focus is where focus-targets.ts says after every action the stories of
 * the appointments and the appointment queue offer, two levels deep (see focus-stories.ts).
 * The booking steps' stories are driven by the walk itself, which waits for the driver
 * before pressing anything (appointments.stories.test.ts checks each reaches its state).
 */
import * as appointments from '../../stories/appointments.stories.js';
import * as queue from '../../stories/appointment-queue.stories.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { schedulingData } from '../../stories/data/appointments.js';
import { driveAppointments, type AppointmentsDrive } from '../../stories/data/appointments-drive.js';
import type { StoryModule } from './stories-axe.js';
import { focusAfterEveryAction } from './focus-stories.js';

focusAfterEveryAction(appointments as unknown as StoryModule, {
  drive: (element, drive, adapter) => driveAppointments(element, drive as AppointmentsDrive, adapter),
  // the stories' default clinic (appointments.stories.ts renders it when a story names no adapter)
  adapter: () => createMemoryAdapter({ scheduling: schedulingData() }),
});
focusAfterEveryAction(queue as unknown as StoryModule);
