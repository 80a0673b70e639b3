import { define } from '../../core/define.js';
import { EngageMessageInbox } from './message-inbox.component.js';

export { EngageMessageInbox };
export type { ThreadCreateDetail, ThreadSelectDetail } from './message-inbox.component.js';
define('engage-message-inbox', EngageMessageInbox);

declare global {
  interface HTMLElementTagNameMap {
    'engage-message-inbox': EngageMessageInbox;
  }
}
