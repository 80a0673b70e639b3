/**
 * The banner's allergy status from a list of active allergies: how many, and which one to
 * show first. One place for the ranking, because two callers need it: the FHIR mapping
 * (from AllergyIntolerance records) and the proxy policy, which counts again without the
 * allergies it withholds (`./proxy-adapter.ts`), so a withheld allergy changes neither the
 * count nor the one named.
 */
import type { AllergyItem, AllergyStatus } from '../adapters/ports.js';

const CRITICALITY_RANK: Record<string, number> = { high: 3, 'unable-to-assess': 2, low: 1 };
const SEVERITY_RANK: Record<string, number> = { severe: 3, moderate: 2, mild: 1 };

const rank = (item: AllergyItem) => (CRITICALITY_RANK[item.criticality ?? ''] ?? 0) * 10 + (SEVERITY_RANK[item.severity ?? ''] ?? 0);

/**
 * `recorded` with the count (and how many the record does not confirm), the allergy with the
 * highest criticality (then the most severe reaction) first among equals in list order, and
 * the items themselves; `unrecorded` for an empty list (nothing the reader may see is recorded).
 */
export function recordedAllergies(items: readonly AllergyItem[]): AllergyStatus {
  if (!items.length) return { kind: 'unrecorded' };
  const top = items.reduce((best, item) => (rank(item) > rank(best) ? item : best));
  const unconfirmed = items.filter((item) => item.unconfirmed).length;
  return {
    kind: 'recorded',
    count: items.length,
    ...(unconfirmed ? { unconfirmed } : {}),
    mostSevere: { substance: top.substance, criticality: top.criticality, severity: top.severity, ...(top.unconfirmed ? { unconfirmed: true } : {}) },
    items: [...items],
  };
}
