// @ts-check
/**
 * DEMO CONTENT for the local knowledge service (knowledge-service.mjs): a handful of short
 * topics written for this project, in English and Spanish, for codes the demo patients
 * have (problems in SNOMED CT and ICD-10-CM, medicines in RxNorm, tests in LOINC). They
 * are NOT MedlinePlus text and are not medical advice; every summary says it is demo
 * content. Codes were taken from the demo data in demo/data/.
 */

/**
 * @typedef {{ title: string, summary: string }} TopicText
 * @typedef {{ id: string, codes: string[], en: TopicText, es: TopicText }} Topic
 *   `codes` are `OID|code`
 */

const SCT = '2.16.840.1.113883.6.96';
const ICD10CM = '2.16.840.1.113883.6.90';
const RXNORM = '2.16.840.1.113883.6.88';
const LOINC = '2.16.840.1.113883.6.1';

const DEMO_EN = '<p><em>Demo content written for the ehr-engage demo, not medical advice.</em></p>';
const DEMO_ES = '<p><em>Contenido de demostración escrito para la demo de ehr-engage; no es consejo médico.</em></p>';

/** @type {Topic[]} */
export const TOPICS = [
  {
    id: 'blood-pressure',
    codes: [`${SCT}|38341003`, `${ICD10CM}|I10`, `${RXNORM}|316049`, `${RXNORM}|316052`, `${RXNORM}|866414`, `${LOINC}|55284-4`],
    en: { title: 'Blood pressure (demo)', summary: `<p>Blood pressure is the push of blood against the walls of your arteries. When it stays high, the heart works harder.</p><ul><li>Take your medicine every day, even when you feel fine.</li><li>Ask how often to check your pressure at home.</li></ul>${DEMO_EN}` },
    es: { title: 'Presión arterial (demo)', summary: `<p>La presión arterial es la fuerza de la sangre contra las paredes de las arterias. Si se mantiene alta, el corazón trabaja más.</p><ul><li>Tome su medicina todos los días, aunque se sienta bien.</li><li>Pregunte cada cuánto medir su presión en casa.</li></ul>${DEMO_ES}` },
  },
  {
    id: 'blood-sugar',
    codes: [`${SCT}|44054006`, `${SCT}|15777000`, `${SCT}|80394007`, `${ICD10CM}|E11.9`, `${RXNORM}|860975`, `${LOINC}|4548-4`, `${LOINC}|2339-0`],
    en: { title: 'Blood sugar and diabetes (demo)', summary: `<p>Your body turns food into sugar for energy. With diabetes, too much sugar stays in the blood.</p><p>The A1c test shows your average blood sugar over about three months.</p>${DEMO_EN}` },
    es: { title: 'Azúcar en la sangre y diabetes (demo)', summary: `<p>El cuerpo convierte los alimentos en azúcar para tener energía. Con diabetes, queda demasiada azúcar en la sangre.</p><p>La prueba A1c muestra su promedio de azúcar de unos tres meses.</p>${DEMO_ES}` },
  },
  {
    id: 'breathing',
    codes: [`${SCT}|233678006`, `${ICD10CM}|J45.909`, `${RXNORM}|745679`, `${RXNORM}|895994`, `${RXNORM}|997501`],
    en: { title: 'Asthma and inhalers (demo)', summary: `<p>Asthma makes the airways swell and tighten. A rescue inhaler opens them quickly; a controller medicine, taken every day, keeps swelling down.</p>${DEMO_EN}` },
    es: { title: 'Asma e inhaladores (demo)', summary: `<p>El asma hace que las vías respiratorias se inflamen y se cierren. El inhalador de rescate las abre rápido; la medicina de control, todos los días, baja la inflamación.</p>${DEMO_ES}` },
  },
  {
    id: 'allergies',
    codes: [`${SCT}|232353008`, `${SCT}|367498001`, `${RXNORM}|1014676`, `${RXNORM}|665078`],
    en: { title: 'Nose allergies (demo)', summary: `<p>Pollen, dust or pets can cause sneezing and a runny nose. Allergy pills can help; some make you sleepy.</p>${DEMO_EN}` },
    es: { title: 'Alergias de la nariz (demo)', summary: `<p>El polen, el polvo o las mascotas pueden causar estornudos y goteo de nariz. Las pastillas para la alergia ayudan; algunas dan sueño.</p>${DEMO_ES}` },
  },
  {
    id: 'cholesterol',
    codes: [`${LOINC}|2093-3`, `${LOINC}|18262-6`, `${LOINC}|2085-9`, `${LOINC}|2571-8`, `${SCT}|302870006`],
    en: { title: 'Cholesterol tests (demo)', summary: `<p>A cholesterol test measures fats in your blood: LDL, HDL and triglycerides. Your care team reads them together with your other risks.</p>${DEMO_EN}` },
    es: { title: 'Pruebas de colesterol (demo)', summary: `<p>La prueba de colesterol mide las grasas de la sangre: LDL, HDL y triglicéridos. Su equipo de salud las lee junto con sus otros riesgos.</p>${DEMO_ES}` },
  },
  {
    id: 'sinus',
    codes: [`${SCT}|444814009`, `${SCT}|40055000`, `${SCT}|195662009`, `${SCT}|10509002`],
    en: { title: 'Colds, sinus and throat infections (demo)', summary: `<p>Most of these are caused by viruses and get better on their own in one to two weeks. Antibiotics do not help a virus.</p>${DEMO_EN}` },
    es: { title: 'Resfriados, sinusitis y dolor de garganta (demo)', summary: `<p>La mayoría los causan virus y mejoran solos en una o dos semanas. Los antibióticos no sirven contra un virus.</p>${DEMO_ES}` },
  },
  {
    id: 'kidneys',
    codes: [`${LOINC}|33914-3`, `${LOINC}|38483-4`, `${LOINC}|14959-1`, `${SCT}|431855005`],
    en: { title: 'Kidney tests (demo)', summary: `<p>The eGFR shows how well your kidneys filter blood. A urine test for albumin checks for early kidney damage.</p>${DEMO_EN}` },
    es: { title: 'Pruebas de los riñones (demo)', summary: `<p>El eGFR muestra qué tan bien filtran la sangre sus riñones. Una prueba de orina de albúmina busca daño temprano.</p>${DEMO_ES}` },
  },
];

/** Topics by `OID|code`. */
export const TOPICS_BY_CODE = new Map(TOPICS.flatMap((topic) => topic.codes.map((key) => [key, topic])));
