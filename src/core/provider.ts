import { define } from './define.js';
import { EngageProvider } from './provider.component.js';

export { EngageProvider };
define('engage-provider', EngageProvider);

declare global {
  interface HTMLElementTagNameMap {
    'engage-provider': EngageProvider;
  }
}
