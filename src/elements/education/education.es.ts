/** Spanish strings of <engage-education> (collected by src/core/locales/es.ts). */
import { str } from '../../core/localization.js';

export const templates = {
  'education.assign': 'Asignar',
  'education.assign.heading': 'Asignar un material',
  'education.assigned': str`Asignado: ${0}`,
  'education.assigned-by': str`Asignado por ${0} el ${1}`,
  'education.assigned-on': str`Asignado el ${0}`,
  'education.count': str`${0} pacientes`,
  'education.count.from': 'Desde',
  'education.count.heading': 'Pacientes que recibieron educación',
  'education.count.to': 'Hasta',
  'education.counting': 'Contando…',
  'education.empty': 'Todavía no le han asignado materiales.',
  'education.form.invalid': 'Escriba un título y un enlace que empiece con https://',
  'education.form.reason': 'Por qué (para el paciente)',
  'education.form.title': 'Título',
  'education.form.url': 'Enlace (https://…)',
  'education.heading': 'Educación para usted',
  'education.heading.clinician': 'Educación del paciente',
  'education.loading': 'Cargando materiales…',
  'education.mark-read': 'Marcar como leído',
  'education.marked-read': str`Marcado como leído: ${0}`,
  'education.new': 'Nuevo',
  'education.read-on': str`Leído el ${0}`,
  'education.reason': str`Por qué: ${0}`,
};
