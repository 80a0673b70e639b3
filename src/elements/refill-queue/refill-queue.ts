import { define } from '../../core/define.js';
import { EngageRefillQueue } from './refill-queue.component.js';

export { EngageRefillQueue };
export type { RefillReviewDetail } from './refill-queue.component.js';
define('engage-refill-queue', EngageRefillQueue);

declare global {
  interface HTMLElementTagNameMap {
    'engage-refill-queue': EngageRefillQueue;
  }
}
