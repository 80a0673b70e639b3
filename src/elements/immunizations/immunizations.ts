import { define } from '../../core/define.js';
import { EngageImmunizations } from './immunizations.component.js';

export { EngageImmunizations };
export type { ImmunizationsLoadDetail } from './immunizations.component.js';
define('engage-immunizations', EngageImmunizations);

declare global {
  interface HTMLElementTagNameMap {
    'engage-immunizations': EngageImmunizations;
  }
}
