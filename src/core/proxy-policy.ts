/**
 * What a proxy (a caregiver acting for a patient) may see and do, as data the host gives
 * the provider. The policy is a list of rules; a rule applies to some roles and to patients
 * in an age band, and says what those users do not get: records carrying certain security
 * labels, whole summary sections, message categories and actions. Everything a rule does
 * not withhold is allowed, so an empty policy withholds nothing.
 *
 * The rules are enforced in one place, `withProxyPolicy()` in `./proxy-adapter.ts`, which
 * the provider wraps around the adapter: every element reads through it, so no element
 * can forget the policy, and what is withheld never reaches an element to be rendered.
 *
 * Security labels are FHIR `meta.security` codings. The default policy uses two HL7
 * terminologies (HL7 Terminology, THO):
 * - confidentiality, `http://terminology.hl7.org/CodeSystem/v3-Confidentiality`:
 *   `R` restricted, `V` very restricted;
 * - information sensitivity, `http://terminology.hl7.org/CodeSystem/v3-ActCode`, the
 *   ActInformationSensitivityPolicy codes
 *   (https://terminology.hl7.org/ValueSet-v3-ActInformationSensitivityPolicy.html):
 *   `SEX` sexuality and reproductive health, `STD` sexually transmitted disease, `HIV`,
 *   `PREGNANT` pregnancy, `SDV` sexual assault, abuse or domestic violence, `MH` mental
 *   health, `PSY` psychiatry disorder, `BH` behavioral health, `ETH` substance abuse,
 *   `SUD` substance use disorder.
 */
import type { Coding, Role, SummarySectionKey } from '../adapters/ports.js';

/** HL7 v3 Confidentiality code system (`meta.security` confidentiality labels). */
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
/** HL7 v3 ActCode code system (information sensitivity labels). */
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** A write a policy can withhold from a role. */
export type ProxyAction = 'send-message' | 'request-refill' | 'cancel-refill' | 'transmit-summary' | 'save-decision-aid';

/** A security label to match: a code in a system; without `system`, the code in any system. */
export interface SecurityLabelMatch {
  /** Code system URI; absent matches the code in any system. */
  system?: string;
  /** The code (`R`, `MH`, …). */
  code: string;
}

/** One rule: for these roles and patient ages, withhold these things. */
export interface ProxyRule {
  /** Short name for documentation and debugging (never shown to patients). */
  name?: string;
  /** Roles the rule applies to. */
  roles: readonly Role[];
  /**
   * The patient's age band in whole years, both ends included (`{ min: 12, max: 17 }`);
   * absent applies at every age. When the patient's age cannot be read the rule applies
   * (a policy that protects someone fails closed).
   */
  ages?: { min?: number; max?: number };
  /** Records carrying any of these labels are withheld. */
  hiddenLabels?: readonly SecurityLabelMatch[];
  /** Summary sections withheld entirely. */
  hiddenSections?: readonly SummarySectionKey[];
  /** Conversations in these categories (matched on a category coding's code) are withheld. */
  hiddenMessageCategories?: readonly string[];
  /** Writes refused (the port rejects them with a `forbidden` error). */
  deniedActions?: readonly ProxyAction[];
}

/** The host's policy: the rules, applied together. */
export interface ProxyPolicy {
  rules: readonly ProxyRule[];
}

/** Labels an adolescent's own confidential care carries (see the file comment for the sources). */
export const ADOLESCENT_CONFIDENTIAL_LABELS: readonly SecurityLabelMatch[] = [
  { system: CONFIDENTIALITY_SYSTEM, code: 'R' },
  { system: CONFIDENTIALITY_SYSTEM, code: 'V' },
  ...['SEX', 'STD', 'HIV', 'PREGNANT', 'SDV', 'MH', 'PSY', 'BH', 'ETH', 'SUD'].map((code) => ({
    system: ACT_CODE_SYSTEM,
    code,
  })),
];

/**
 * The default, following common portal practice: a caregiver (parent proxy) of a patient
 * aged 12 to 17 does not see records labelled restricted or very restricted, or labelled
 * as sexual and reproductive health, mental health or substance use, and does not read
 * messages the adolescent marked confidential (a message carries the `R` label). The
 * adolescent's own view, and a clinician's, withhold nothing.
 */
export const DEFAULT_PROXY_POLICY: ProxyPolicy = {
  rules: [
    {
      name: 'adolescent-confidentiality',
      roles: ['caregiver'],
      ages: { min: 12, max: 17 },
      hiddenLabels: ADOLESCENT_CONFIDENTIAL_LABELS,
    },
  ],
};

/**
 * Age in whole years on `today` from a FHIR birth date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`);
 * `undefined` when it cannot be read. A partial date counts from its latest possible day,
 * so a patient is never taken as older than they may be.
 */
export function ageInYears(birthDate: string | undefined, today: Date): number | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(birthDate ?? '');
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : 12;
  const day = match[3] ? Number(match[3]) : 31;
  // calendar arithmetic on the clock's local date: a date of birth has no time zone to shift
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  const d = today.getDate();
  const age = y - year - (m < month || (m === month && d < day) ? 1 : 0);
  return age >= 0 ? age : undefined;
}

/** The rules that apply to this role and patient age (`undefined` age: unknown). */
export function rulesFor(policy: ProxyPolicy, role: Role, age: number | undefined): ProxyRule[] {
  return policy.rules.filter((rule) => {
    if (!rule.roles.includes(role)) return false;
    if (!rule.ages || age === undefined) return true;
    return (rule.ages.min === undefined || age >= rule.ages.min) && (rule.ages.max === undefined || age <= rule.ages.max);
  });
}

/** Whether any rule for this role could apply at some age (no rule: nothing to enforce). */
export function policyConcerns(policy: ProxyPolicy, role: Role): boolean {
  return policy.rules.some((rule) => rule.roles.includes(role));
}

/** Whether a labelled record is withheld by these rules. */
export function labelsHidden(rules: readonly ProxyRule[], labels: readonly Coding[] | undefined): boolean {
  if (!labels?.length) return false;
  return rules.some((rule) =>
    (rule.hiddenLabels ?? []).some((match) =>
      labels.some((label) => label.code === match.code && (match.system === undefined || label.system === match.system)),
    ),
  );
}

/**
 * The security labels an exchangeable document (a FHIR Bundle; an IPS when it holds a
 * Composition) carries as a whole: the Bundle's and the Composition's `meta.security`, and
 * `Composition.confidentiality` as the Confidentiality label it is. What they withhold, every
 * record of the document is withheld with: on screen and in the document downloaded or sent.
 */
export function documentSecurity(bundle: unknown): Coding[] {
  type Labelled = { meta?: { security?: unknown }; resourceType?: unknown; confidentiality?: unknown };
  const labelsOf = (resource: Labelled | undefined): Coding[] =>
    Array.isArray(resource?.meta?.security) ? (resource.meta.security as Coding[]).filter((c) => typeof c?.code === 'string') : [];
  const document = bundle && typeof bundle === 'object' ? (bundle as Labelled & { entry?: unknown }) : undefined;
  const entries = Array.isArray(document?.entry) ? (document.entry as { resource?: Labelled }[]) : [];
  const composition = entries.map((e) => e?.resource).find((r) => r?.resourceType === 'Composition');
  const confidentiality = composition?.confidentiality;
  return [
    ...labelsOf(document),
    ...labelsOf(composition),
    ...(typeof confidentiality === 'string' && confidentiality ? [{ system: CONFIDENTIALITY_SYSTEM, code: confidentiality }] : []),
  ];
}

/** Whether a summary section is withheld by these rules. */
export function sectionHidden(rules: readonly ProxyRule[], section: SummarySectionKey): boolean {
  return rules.some((rule) => rule.hiddenSections?.includes(section));
}

/** Whether a conversation category (its codings) is withheld by these rules. */
export function categoryHidden(rules: readonly ProxyRule[], category: readonly Coding[] | undefined): boolean {
  if (!category?.length) return false;
  return rules.some((rule) => category.some((coding) => coding.code && rule.hiddenMessageCategories?.includes(coding.code)));
}

/** Whether an action is refused by these rules. */
export function actionDenied(rules: readonly ProxyRule[], action: ProxyAction): boolean {
  return rules.some((rule) => rule.deniedActions?.includes(action));
}
