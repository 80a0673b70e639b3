import { define } from '../../core/define.js';
import { EngageAppointmentQueue } from './appointment-queue.component.js';

export { EngageAppointmentQueue };
export type { AppointmentDecisionDetail } from './appointment-queue.component.js';
define('engage-appointment-queue', EngageAppointmentQueue);

declare global {
  interface HTMLElementTagNameMap {
    'engage-appointment-queue': EngageAppointmentQueue;
  }
}
