import { define } from '../../core/define.js';
import { EngageMessageThread } from './message-thread.component.js';

export { EngageMessageThread };
export type { MessageReadDetail, MessageSendDetail, MessageSentDetail, ThreadStatusDetail } from './message-thread.component.js';
define('engage-message-thread', EngageMessageThread);

declare global {
  interface HTMLElementTagNameMap {
    'engage-message-thread': EngageMessageThread;
  }
}
