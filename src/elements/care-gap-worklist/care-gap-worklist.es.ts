/** Spanish strings of <engage-care-gap-worklist> (collected by src/core/locales/es.ts). */
import { str } from '../../core/localization.js';

export const templates = {
  'worklist.age': str`${0} años`,
  'worklist.age-from': 'Edad desde',
  'worklist.age-to': 'Edad hasta',
  'worklist.all-items': 'Todos',
  'worklist.col.due': 'Le toca ahora',
  'worklist.col.item': 'Control',
  'worklist.col.overdue': 'Atrasado',
  'worklist.col.reminded': 'Recordado',
  'worklist.counts': 'Pacientes pendientes, por control',
  'worklist.failed': str`No se envió a ${0} pacientes:`,
  'worklist.filters': 'Filtros',
  'worklist.none': 'Ningún paciente coincide.',
  'worklist.open': 'Abrir historia',
  'worklist.overdue-only': 'Solo atrasados',
  'worklist.patients': str`Pacientes (${0})`,
  'worklist.progress': str`${0} de ${1} enviados`,
  'worklist.reminded': 'recordado este mes',
  'worklist.reminded-period': str`Pacientes recordados este mes: ${0}`,
  'worklist.select-all': 'Seleccionar todos',
  'worklist.send': str`Enviar recordatorios sobre ${0} (${1})`,
  'worklist.send-choose': 'Elija un control para enviar recordatorios',
  'worklist.sending': 'Enviando recordatorios…',
  'worklist.sent': 'Envío terminado',
  'worklist.title': 'Cuidados pendientes',
};
