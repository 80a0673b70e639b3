import { define } from '../../core/define.js';
import { EngagePortalHome } from './portal-home.component.js';

export { EngagePortalHome };
define('engage-portal-home', EngagePortalHome);

declare global {
  interface HTMLElementTagNameMap {
    'engage-portal-home': EngagePortalHome;
  }
}
