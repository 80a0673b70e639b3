import { define } from '../../core/define.js';
import { EngageAppointments } from './appointments.component.js';

export { EngageAppointments };
export type { AppointmentChangeDetail } from './appointments.component.js';
define('engage-appointments', EngageAppointments);

declare global {
  interface HTMLElementTagNameMap {
    'engage-appointments': EngageAppointments;
  }
}
