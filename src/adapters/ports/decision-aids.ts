/** The decision-aid port: aids and the responses patients save. See `../ports.ts` for the conventions every port follows. */
import type { DateValue, ReadOptions, RecordRef, WriteOptions } from './common.js';

/** A listing entry for a decision aid. */
export interface DecisionAidInfo {
  /** The aid's id. */
  id: string;
  /** Content version. */
  version: string;
  /** Title in plain words. */
  title: string;
}

/**
 * A decision aid as loaded: its content is validated by the element against the
 * published JSON Schema before use, so the port passes it through untyped.
 */
export interface DecisionAid extends DecisionAidInfo {
  /** The aid content in the documented JSON content format. */
  content: unknown;
}

/** What a patient answered and saw in a decision aid. */
export interface DecisionAidResponse {
  /** Id of the saved response; absent until saved. */
  id?: string;
  /** The aid's id. */
  aidId: string;
  /** The aid's content version. */
  aidVersion: string;
  /** The patient. */
  patient: RecordRef;
  /** Ids of the options shown. */
  optionsShown: string[];
  /** Personalized numbers shown: outcome id, option id, numerator and denominator. */
  numbersShown: { outcomeId: string; optionId: string; numerator: number; denominator: number }[];
  /** Risk inputs used to personalize (input id to value). */
  riskInputs: Record<string, number | string | boolean>;
  /** Values-clarification answers (item id to position on the scale). */
  values: Record<string, number>;
  /** Knowledge-check answers (item id to chosen answer id) and the score. */
  knowledge: { answers: Record<string, string>; correct: number; total: number };
  /** The four SURE items (true = yes) and the score (0–4). */
  sure: { items: [boolean, boolean, boolean, boolean]; score: number } | null;
  /** The option the patient leans to, or `unsure`. */
  leaning: string | 'unsure';
  /** Questions the patient wants to ask the clinician (untrusted text). */
  questions: string;
  /** When the patient started and finished. */
  started: DateValue;
  /** When the patient finished. */
  completed?: DateValue;
}

/** Loads decision aids and saves the patient's responses. */
export interface DecisionAidPort {
  /** The aids this port offers. */
  listAids(options?: ReadOptions): Promise<DecisionAidInfo[]>;
  /** One aid's content. Rejects with `not-found` for an unknown id. */
  getAid(id: string, options?: ReadOptions): Promise<DecisionAid>;
  /** Saves a response and returns it with its id. */
  saveResponse(response: DecisionAidResponse, options: WriteOptions): Promise<DecisionAidResponse>;
  /** One saved response. */
  getResponse(id: string, options?: ReadOptions): Promise<DecisionAidResponse>;
  /** A patient's saved responses, newest first. */
  listResponses(patient: RecordRef, query?: { aidId?: string }, options?: ReadOptions): Promise<DecisionAidResponse[]>;
}
