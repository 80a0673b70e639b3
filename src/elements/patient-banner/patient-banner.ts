import { define } from '../../core/define.js';
import { EngagePatientBanner } from './patient-banner.component.js';

export { EngagePatientBanner };
export type { PatientLoadDetail } from './patient-banner.component.js';
define('engage-patient-banner', EngagePatientBanner);

declare global {
  interface HTMLElementTagNameMap {
    'engage-patient-banner': EngagePatientBanner;
  }
}
