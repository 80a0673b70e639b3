/** Spanish strings of <engage-portal-home> (collected by src/core/locales/es.ts). */
import { str } from '../../core/localization.js';

export const templates = {
  'home.failed': 'No pudimos revisar esto ahora.',
  'home.label': 'Lo que necesita su atención',
  'home.messages': 'Mensajes',
  'home.missing-adapter': 'un adaptador',
  'home.messages.many': str`${0} mensajes nuevos de su equipo de atención.`,
  'home.messages.none': 'No hay mensajes nuevos.',
  'home.messages.one': '1 mensaje nuevo de su equipo de atención.',
  'home.refills': 'Medicamentos y resurtidos',
  'home.refills.many': str`Estamos atendiendo ${0} solicitudes de resurtido.`,
  'home.refills.none': 'No hay solicitudes de resurtido pendientes.',
  'home.refills.one': 'Estamos atendiendo 1 solicitud de resurtido.',
  'home.summary': 'Resumen de salud',
  'home.summary.text': 'Sus problemas de salud, medicamentos, alergias y resultados.',
  'home.unavailable': 'No disponible aquí.',
  'home.vaccines': 'Vacunas',
  'home.vaccines.many': str`Le tocan ${0} vacunas.`,
  'home.vaccines.none': 'No le toca ninguna vacuna ahora.',
  'home.vaccines.one': 'Le toca 1 vacuna.',
};
