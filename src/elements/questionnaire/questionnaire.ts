import { define } from '../../core/define.js';
import { EngageQuestionnaire } from './questionnaire.component.js';

export { EngageQuestionnaire };
export type { QuestionnaireSavedDetail, ScoreBand } from './questionnaire.component.js';
define('engage-questionnaire', EngageQuestionnaire);

declare global {
  interface HTMLElementTagNameMap {
    'engage-questionnaire': EngageQuestionnaire;
  }
}
