import { define } from '../../core/define.js';
import { EngageLearnMore } from './learn-more.component.js';

export { EngageLearnMore };
define('engage-learn-more', EngageLearnMore);

declare global {
  interface HTMLElementTagNameMap {
    'engage-learn-more': EngageLearnMore;
  }
}
