/**
 * The decision-aid content format, version 1: what an aid author writes (as JSON) and
 * what `<engage-decision-aid>` shows. `schemas/decision-aid.schema.json` documents the
 * same format as a JSON Schema; `validateAid()` checks an aid against it (and against the
 * rules a schema cannot express) when it loads, naming the bad field in each error.
 *
 * Every number an aid shows is defined here by the author: an outcome's numerator for
 * each option is either fixed, scaled from a risk input by a stated factor, or picked
 * from bands of a risk input. The element computes nothing else.
 */

/** A plain-language text in the aid's language. */
export type Text = string;

/** Where a number or statement comes from. */
export interface Source {
  /** Id the outcomes and attributes refer to. */
  id: string;
  /** Authors, title, journal or publisher. */
  citation: Text;
  /** Year of publication. */
  year: number;
  /** Where in the source: a table or figure and the rows used. */
  locator: Text;
  /** A public address for the source. */
  url?: string;
}

/** Who wrote and reviewed the aid, and how current it is. */
export interface AidMetadata {
  /** `demonstration` content has not been clinically reviewed and says so. */
  status: 'demonstration' | 'reviewed';
  /** Shown at the start and in the summary (for example "for demonstration — not clinically reviewed"). */
  disclaimer: Text;
  /** Authors and reviewers. */
  authors: { name: Text; role: Text }[];
  /** When the content was last checked against its sources (YYYY-MM-DD). */
  lastReviewed: string;
  /** When it should be checked again (YYYY-MM-DD). */
  reviewDue: string;
  /** Conflicts of interest of the authors, or "None declared". */
  conflictsOfInterest: Text;
  /** Who paid for the work. */
  funding: Text;
  /** How the numbers were chosen and computed, in plain words. */
  methods: Text;
}

/** Step 1: what is being decided. */
export interface DecisionIntro {
  /** The decision as a question ("Which test, if any, to check for colorectal cancer?"). */
  question: Text;
  /** Who the aid is for. */
  whoFor: Text;
  /** Why the decision comes up now. */
  whyNow: Text;
  /** What waiting or doing nothing means, when that is a reasonable option. */
  doingNothing?: Text;
}

/** One option the patient may choose. */
export interface AidOption {
  id: string;
  /** Short name ("Colonoscopy every 10 years"). */
  label: Text;
  /** One or two sentences. */
  summary: Text;
  /** True for "no test" / "no medicine" / "wait". */
  noAction?: boolean;
}

/** A row of the option grid: a question patients ask, answered per option. */
export interface AidAttribute {
  id: string;
  /** The question ("What does it involve?"). */
  question: Text;
  /** Answer per option id; every option must have one. */
  answers: Record<string, Text>;
  /** Sources of any number in the answers. */
  sources?: string[];
}

/** A number the clinician enters or the adapter supplies to personalize the numbers. */
export type RiskInput =
  | {
      id: string;
      kind: 'percent';
      label: Text;
      help?: Text;
      min: number;
      max: number;
      step: number;
      /**
       * An example value used until someone enters the patient's own, shown with a note
       * that it is an example ("your number may differ"); absent means the numbers wait
       * for an entry. Say in `help` why this value was chosen.
       */
      default?: number;
    }
  | {
      id: string;
      kind: 'number';
      label: Text;
      help?: Text;
      min: number;
      max: number;
      step: number;
      unit?: Text;
      default?: number;
    };

/** How an outcome's numerator is found for one option. */
export type OutcomeValue =
  /** A number from the source, out of the outcome's denominator. */
  | { kind: 'fixed'; numerator: number }
  /**
   * A percent risk input times `multiplier` (for example a relative risk), as a count
   * out of the denominator, rounded to the nearest whole person:
   * `round(input / 100 × multiplier × denominator)`.
   */
  | { kind: 'scaled-input'; input: string; multiplier: number }
  /** Picked from bands of a risk input: the first band with `min ≤ value < max`. */
  | { kind: 'bands'; input: string; bands: { min: number; max: number; numerator: number }[] }
  /** The source gives no number for this option; the reason is shown instead. */
  | { kind: 'not-estimated'; reason: Text };

/** An outcome shown as "N out of D people like you", per option. */
export interface AidOutcome {
  id: string;
  /** What happens ("Die of colorectal cancer"). */
  label: Text;
  /** Whether people want it (`benefit`) or not (`harm`); sets the wording, never only colour. */
  kind: 'benefit' | 'harm';
  /** "over 10 years", "over a lifetime of screening from 50 to 75". */
  timeFrame: Text;
  /** People in the group; the same for every outcome of the aid (100 or 1000). */
  denominator: number;
  /** Number per option id; every option must have one. */
  values: Record<string, OutcomeValue>;
  /** Source ids for the numbers. */
  sources: string[];
  /** What the number means, in plain words. */
  explanation?: Text;
}

/** "How much does this matter to you?" */
export interface ValuesItem {
  id: string;
  /** The statement ("Avoiding the bowel preparation"). */
  statement: Text;
  /** Label of the low end (0). */
  lowLabel: Text;
  /** Label of the high end (10). */
  highLabel: Text;
}

/** A knowledge-check question. */
export interface KnowledgeItem {
  id: string;
  question: Text;
  answers: { id: string; label: Text }[];
  /** Id of the correct answer. */
  correct: string;
  /** Explanation shown after answering. */
  feedback: Text;
}

/** A word the aid explains. */
export interface GlossaryEntry {
  term: Text;
  definition: Text;
}

/** A decision aid. */
export interface DecisionAidContent {
  /** Always 1 for this format. */
  format: 1;
  id: string;
  /** Content version; responses record it. */
  version: string;
  /** BCP 47 language of the text (`en`); a translation is another aid file with the same id. */
  language: string;
  title: Text;
  metadata: AidMetadata;
  decision: DecisionIntro;
  options: AidOption[];
  attributes: AidAttribute[];
  riskInputs: RiskInput[];
  outcomes: AidOutcome[];
  /**
   * Why every outcome is of one kind (all benefits or all harms). A balanced aid shows
   * both (IPDAS); an aid that cannot must say why here, and the element shows it with the
   * numbers. Refused when the outcomes are not all of one kind.
   */
  oneKindReason?: Text;
  values: ValuesItem[];
  knowledge: KnowledgeItem[];
  glossary: GlossaryEntry[];
  sources: Source[];
}
