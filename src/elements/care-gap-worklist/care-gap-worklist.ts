import { define } from '../../core/define.js';
import { EngageCareGapWorklist } from './care-gap-worklist.component.js';

export { EngageCareGapWorklist };
export type { RemindersSentDetail, WorklistOpenPatientDetail } from './care-gap-worklist.component.js';
define('engage-care-gap-worklist', EngageCareGapWorklist);

declare global {
  interface HTMLElementTagNameMap {
    'engage-care-gap-worklist': EngageCareGapWorklist;
  }
}
