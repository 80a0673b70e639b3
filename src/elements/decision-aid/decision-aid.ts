import { define } from '../../core/define.js';
import { EngageDecisionAid } from './decision-aid.component.js';

export { EngageDecisionAid };
export type { DecisionCompleteDetail, DecisionStep } from './decision-aid.component.js';
define('engage-decision-aid', EngageDecisionAid);

declare global {
  interface HTMLElementTagNameMap {
    'engage-decision-aid': EngageDecisionAid;
  }
}
