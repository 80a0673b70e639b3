/**
 * Spanish strings for the elements' own text, keyed by message id. Loaded on demand
 * (a separate chunk) when the locale is Spanish. A node test fails when an id used in
 * the source is missing here or a placeholder count differs.
 *
 * Written for patients first: plain words, "usted" form, short sentences.
 */
import { str } from '@lit/localize';

export const templates = {
  'banner.allergies.count': str`Alergias: ${0}`,
  'banner.allergies.most-serious': 'La más grave:',
  'banner.allergies.none': 'No tiene alergias conocidas',
  'banner.allergies.unknown': 'No se pudo cargar la información de alergias.',
  'banner.allergies.unrecorded': 'Alergias no registradas',
  'banner.born': 'Nacimiento',
  'banner.criticality.high': 'riesgo alto',
  'banner.criticality.low': 'riesgo bajo',
  'banner.criticality.unable-to-assess': 'riesgo no evaluado',
  'banner.deceased': 'Fallecido',
  'banner.deceased-on': str`Fallecido el ${0}`,
  'banner.label': 'Paciente',
  'banner.language': 'Idioma',
  'banner.loading': 'Cargando paciente…',
  'banner.mrn': 'N.º de historia',
  'banner.no-name': 'Nombre no registrado',
  'banner.not-recorded': 'No registrado',
  'banner.severity.mild': 'reacción leve',
  'banner.severity.moderate': 'reacción moderada',
  'banner.severity.severe': 'reacción grave',
  'banner.sex': 'Sexo',
  'banner.sex.female': 'Femenino',
  'banner.sex.male': 'Masculino',
  'banner.sex.other': 'Otro',
  'banner.sex.unknown': 'Desconocido',
  'error.aborted': 'Se canceló la solicitud.',
  'error.conflict': 'Otra persona cambió este registro. Vuelva a cargar para ver la versión más reciente.',
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
