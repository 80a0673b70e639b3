import { define } from '../../core/define.js';
import { EngageRefillRequest } from './refill-request.component.js';

export { EngageRefillRequest };
export type { RefillCancelDetail, RefillSentDetail, RefillSubmitDetail } from './refill-request.component.js';
define('engage-refill-request', EngageRefillRequest);

declare global {
  interface HTMLElementTagNameMap {
    'engage-refill-request': EngageRefillRequest;
  }
}
