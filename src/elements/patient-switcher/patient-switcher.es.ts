/** Spanish strings of <engage-patient-switcher> (collected by src/core/locales/es.ts). */
import { str } from '../../core/localization.js';

export const templates = {
  'switcher.acting': str`${0}, en nombre de ${1}`,
  'switcher.label': 'De quién es el expediente',
  'switcher.legend': '¿De quién quiere ver el expediente?',
  'switcher.loading': 'Cargando las personas que usted cuida…',
  'switcher.none': 'Usted no tiene acceso al expediente de otra persona.',
  'switcher.relationship': str`usted es su ${0}`,
};
