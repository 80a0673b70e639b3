/** Spanish strings of the shared states and errors (collected by ./es.ts). */
import { str } from '../localization.js';

export const templates = {
  'error.aborted': 'Se canceló la solicitud.',
  'error.conflict': 'Este registro cambió desde que lo abrió. Vuelva a cargar para ver la versión más reciente.',
  'error.duplicate': 'El servidor ya tiene este registro dos veces.',
  'error.forbidden': 'No tiene permiso para ver esto.',
  'error.invalid': 'No se aceptó la solicitud.',
  'error.network': 'No pudimos conectar con el servidor. Revise su conexión.',
  'error.not-found': 'No se encontró este registro.',
  'error.rate-limited': 'El servidor está ocupado. Inténtelo de nuevo en un momento.',
  'error.server': 'Algo salió mal en el servidor.',
  'error.timeout': 'El servidor tardó demasiado en responder.',
  'error.unauthorized': 'Su sesión terminó. Vuelva a iniciar sesión.',
  'state.empty': 'No hay nada que mostrar.',
  'state.loading': 'Cargando…',
  'state.missing-patient': 'un paciente',
  'state.missing-port': str`un adaptador con el puerto "${0}"`,
  'state.not-configured': 'Todavía no está disponible aquí.',
  'state.not-configured-details': str`Falta configuración: este elemento necesita ${0}.`,
  'state.retry': 'Intentar de nuevo',
};
