// @ts-check
/**
 * The host page's own text in English and Spanish, and `t()` to read it in the page's
 * language (demo/app.js). Apart because it is data, the longest part of the page's code;
 * the elements translate themselves.
 */
import { state } from './app-state.js';

/** The host page's own text. The elements translate themselves. */
export const STRINGS = {
  en: {
    skip: 'Skip to patient chart',
    product: 'demo EHR',
    controls: 'Chart settings',
    patient: 'Patient',
    'patients-loading': 'Loading patients…',
    'patients-none': 'No patients found',
    'patients-count': (/** @type {number} */ n) => `${n} patients available.`,
    'patients-error': 'The patient list could not be loaded. Is the FHIR server running?',
    born: 'born',
    role: 'Role',
    'role-patient': 'Patient',
    'role-caregiver': 'Caregiver',
    'caregiver-name': (/** @type {string} */ name) => `Acts as ${name}, the patient's caregiver.`,
    'role-clinician': 'Clinician',
    language: 'Language',
    theme: 'Theme',
    'theme-light': 'Light',
    'theme-dark': 'Dark',
    chart: 'Patient chart',
    sections: 'Chart sections',
    'tab-summary': 'Summary',
    'tab-messages': 'Messages',
    'tab-refills': 'Refills',
    'tab-immunizations': 'Immunizations',
    'tab-decision-aids': 'Decision aids',
    'no-patient': 'Choose a patient to see their chart.',
    'soon-messages': 'Coming soon: secure messages between the patient and the care team.',
    'soon-refills': 'Coming soon: medication refill requests.',
    'soon-decision-aids': 'Coming soon: decision aids to help choose between treatment options.',
    'imm-source': 'Record from',
    'imm-source-ehr': 'This EHR',
    'imm-source-registry': 'State registry (sample answer)',
    'imm-source-registry-nf': 'State registry: patient not found (sample)',
    'aid-choose': 'Decision aid',
    'aid-crc': 'Colorectal cancer screening',
    'aid-statin': 'Starting a statin',
    'aid-saved': 'Saved response, as the clinician sees it',
    'summary-file': 'Open a C-CDA or IPS file instead',
    'summary-file-label': 'C-CDA document (XML) or IPS Bundle (FHIR JSON)',
    'summary-live': 'Show the record from the FHIR server again',
    'messages-back': 'Back to all messages',
    'summary-file-shown': (/** @type {string} */ name) => `Showing ${name}.`,
    'summary-file-error': 'This file is neither a C-CDA document nor a FHIR JSON Bundle.',
    footer: 'Synthetic patients only (Synthea and HL7 US Core examples). No real patient data.',
    title: 'Patient chart · ehr-engage demo',
  },
  es: {
    skip: 'Ir al expediente del paciente',
    product: 'EHR de demostración',
    controls: 'Opciones del expediente',
    patient: 'Paciente',
    'patients-loading': 'Cargando pacientes…',
    'patients-none': 'No se encontraron pacientes',
    'patients-count': (/** @type {number} */ n) => `${n} pacientes disponibles.`,
    'patients-error': 'No se pudo cargar la lista de pacientes. ¿Está funcionando el servidor FHIR?',
    born: 'nac.',
    role: 'Rol',
    'role-patient': 'Paciente',
    'role-caregiver': 'Cuidador/a',
    'caregiver-name': (/** @type {string} */ name) => `Actúa como ${name}, quien cuida del paciente.`,
    'role-clinician': 'Profesional clínico',
    language: 'Idioma',
    theme: 'Tema',
    'theme-light': 'Claro',
    'theme-dark': 'Oscuro',
    chart: 'Expediente del paciente',
    sections: 'Secciones del expediente',
    'tab-summary': 'Resumen',
    'tab-messages': 'Mensajes',
    'tab-refills': 'Renovaciones',
    'tab-immunizations': 'Vacunas',
    'tab-decision-aids': 'Ayudas para decidir',
    'no-patient': 'Elija un paciente para ver su expediente.',
    'soon-messages': 'Próximamente: mensajes seguros entre el paciente y el equipo de atención.',
    'soon-refills': 'Próximamente: solicitudes de renovación de medicamentos.',
    'soon-decision-aids': 'Próximamente: ayudas para elegir entre opciones de tratamiento.',
    'imm-source': 'Registro de',
    'imm-source-ehr': 'Este sistema clínico',
    'imm-source-registry': 'Registro estatal (respuesta de ejemplo)',
    'imm-source-registry-nf': 'Registro estatal: paciente no encontrado (ejemplo)',
    'aid-choose': 'Ayuda para decidir',
    'aid-crc': 'Detección del cáncer colorrectal',
    'aid-statin': 'Empezar una estatina',
    'aid-saved': 'Respuesta guardada, como la ve el médico',
    'summary-file': 'Abrir un archivo C-CDA o IPS',
    'summary-file-label': 'Documento C-CDA (XML) o Bundle IPS (FHIR JSON)',
    'summary-live': 'Volver a la historia del servidor FHIR',
    'messages-back': 'Volver a todos los mensajes',
    'summary-file-shown': (/** @type {string} */ name) => `Se muestra ${name}.`,
    'summary-file-error': 'Este archivo no es un documento C-CDA ni un Bundle FHIR JSON.',
    footer: 'Solo pacientes ficticios (Synthea y ejemplos de HL7 US Core). Ningún dato de pacientes reales.',
    title: 'Expediente del paciente · demo de ehr-engage',
  },
};

/**
 * @param {keyof typeof STRINGS.en} key
 * @returns {string}
 */
export function t(key) {
  const value = STRINGS[state.locale][key];
  return typeof value === 'string' ? value : String(key);
}
