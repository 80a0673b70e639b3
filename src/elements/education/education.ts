import { define } from '../../core/define.js';
import { EngageEducation } from './education.component.js';

export { EngageEducation };
define('engage-education', EngageEducation);

declare global {
  interface HTMLElementTagNameMap {
    'engage-education': EngageEducation;
  }
}
