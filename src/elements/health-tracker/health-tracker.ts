import { define } from '../../core/define.js';
import { EngageHealthTracker } from './health-tracker.component.js';

export { EngageHealthTracker };
export type { ReadingSavedDetail, ReadingDangerDetail, ReadingsImportedDetail } from './health-tracker.component.js';
export { DEFAULT_SAFETY_RULES } from './safety.js';
export type { SafetyRule, SafetyAction } from './safety.js';
define('engage-health-tracker', EngageHealthTracker);

declare global {
  interface HTMLElementTagNameMap {
    'engage-health-tracker': EngageHealthTracker;
  }
}
