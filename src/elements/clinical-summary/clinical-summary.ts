import { define } from '../../core/define.js';
import { EngageClinicalSummary } from './clinical-summary.component.js';

export { EngageClinicalSummary };
export type { SummaryLoadDetail, SummaryTransmitDetail } from './clinical-summary.component.js';
define('engage-clinical-summary', EngageClinicalSummary);

declare global {
  interface HTMLElementTagNameMap {
    'engage-clinical-summary': EngageClinicalSummary;
  }
}
