import { define } from '../../core/define.js';
import { EngagePatientSwitcher } from './patient-switcher.component.js';

export { EngagePatientSwitcher };
export type { PatientSwitchDetail, SessionChangeDetail } from './patient-switcher.component.js';
define('engage-patient-switcher', EngagePatientSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'engage-patient-switcher': EngagePatientSwitcher;
  }
}
