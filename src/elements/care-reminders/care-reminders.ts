import { define } from '../../core/define.js';
import { EngageCareReminders } from './care-reminders.component.js';

export { EngageCareReminders };
export type { RemindersLoadDetail, ReminderAnswerDetail, ReminderNextStepDetail } from './care-reminders.component.js';
define('engage-care-reminders', EngageCareReminders);

declare global {
  interface HTMLElementTagNameMap {
    'engage-care-reminders': EngageCareReminders;
  }
}
