/** Spanish strings of <engage-learn-more> (collected by src/core/locales/es.ts). */
import { str } from '../../core/localization.js';

export const templates = {
  'learn-more.assign': 'Asignar al paciente',
  'learn-more.assign-failed': 'No se pudo asignar. Intente de nuevo.',
  'learn-more.assigned': 'Asignado al paciente.',
  'learn-more.about': str` sobre ${0}`,
  'learn-more.button': 'Más información',
  'learn-more.loading': 'Buscando información…',
  'learn-more.new-tab': '(se abre en una pestaña nueva)',
  'learn-more.none': str`No se encontró información sobre ${0}.`,
  'learn-more.none-unnamed': 'No se encontró información.',
  'learn-more.retry': 'Intentar de nuevo',
  'learn-more.source': 'Información de una biblioteca de salud externa a este expediente.',
  'learn-more.unavailable': 'La información no está disponible ahora. El resto de la página sigue funcionando.',
  'learn-more.attribution.medlineplus': 'Fuente: MedlinePlus en español, Biblioteca Nacional de Medicina.',
};
