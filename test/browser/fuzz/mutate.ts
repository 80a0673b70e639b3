/**
 * A seeded mutator of FHIR JSON for the fuzz tests (issue 10, defect 8). Real servers send
 * messy data: an object where an array belongs, a number where a string belongs, `null`
 * items, missing fields, huge strings, dates that name no day. Each mutation takes a
 * resource (never changed: it is cloned) and returns a copy with a few such faults at
 * random places. The same seed always gives the same mutations, so a failure names the
 * seed and iteration that reproduce it.
 */

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Dates that look like FHIR dates but name no real moment, or are not dates at all. */
const ODD_DATES = [
  '2024-13-45',
  '2024-02-30',
  '0000-00-00',
  '2024-06-15T25:61:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1900',
  '2024-06',
  'yesterday',
  '',
  ' ',
  'NaN',
  '2024-06-15T10:00:00+99:99',
];

/** Values of every JSON type, and of the wrong shape for most fields. */
function wrongValue(random: Random): unknown {
  switch (Math.floor(random() * 14)) {
    case 0:
      return null;
    case 1:
      return {};
    case 2:
      return [];
    case 3:
      return [null];
    case 4:
      return Math.floor(random() * 2000) - 1000;
    case 5:
      return pick(random, [Number.MAX_VALUE, -0, 1e300, 0.5]);
    case 6:
      return random() < 0.5;
    case 7:
      return pick(random, ['', ' ', 'x', '[object Object]', 'null', '<img src=x onerror=alert(1)>']);
    case 8:
      return 'A'.repeat(20_000 + Math.floor(random() * 30_000));
    case 9:
      return pick(random, ODD_DATES);
    case 10:
      return { reference: pick(random, [null, 42, '', '/', 'Patient/', '#', '#missing', 'urn:uuid:x']) };
    case 11:
      return [{}, null, 7, 'x'];
    case 12:
      return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing' }] };
    default:
      return { coding: 'not-an-array', text: 12 };
  }
}

/** Every path to a value in a JSON tree (the root excluded). */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 2_000) return out;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push([...prefix, index]);
      paths(item, [...prefix, index], out);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      paths(item, [...prefix, key], out);
    }
  }
  return out;
}

/** One fault at `path`: a wrong type, a deletion, a null array item, a huge string, an odd date. */
function mutateAt(root: Record<string, unknown>, path: (string | number)[], random: Random): void {
  let parent: unknown = root;
  for (const step of path.slice(0, -1)) {
    if (!parent || typeof parent !== 'object') return;
    parent = (parent as Record<string | number, unknown>)[step];
  }
  if (!parent || typeof parent !== 'object') return;
  const key = path.at(-1)!;
  const holder = parent as Record<string | number, unknown>;
  const current = holder[key];
  const roll = random();
  if (roll < 0.2) {
    if (Array.isArray(holder)) holder.splice(Number(key), 1);
    else delete holder[key];
  } else if (roll < 0.3 && Array.isArray(current)) {
    // an array turned into its first item: the most common real-world slip
    holder[key] = current[0] ?? {};
  } else if (roll < 0.4 && current && typeof current === 'object' && !Array.isArray(current)) {
    // an object turned into an array of itself, or a string
    holder[key] = random() < 0.5 ? [current] : JSON.stringify(current).slice(0, 40);
  } else if (roll < 0.5 && Array.isArray(current)) {
    current.splice(Math.floor(random() * (current.length + 1)), 0, null);
  } else if (roll < 0.6 && typeof current === 'string') {
    holder[key] = /^\d{4}/.test(current) ? pick(random, ODD_DATES) : current.repeat(Math.ceil(30_000 / (current.length + 1))).slice(0, 30_000);
  } else {
    holder[key] = wrongValue(random);
  }
}

/**
 * A copy of `resource` with 1–4 faults. `resourceType` survives most of the time, so
 * the mapping code reaches its field reads instead of stopping at the type check.
 */
export function mutate<T>(resource: T, random: Random): T {
  const copy = structuredClone(resource) as Record<string, unknown>;
  const all = paths(copy).filter((p) => !(p.length === 1 && p[0] === 'resourceType' && random() < 0.9));
  const faults = 1 + Math.floor(random() * 4);
  for (let i = 0; i < faults && all.length; i++) mutateAt(copy, pick(random, all), random);
  return copy as T;
}

/** `count` independent mutations of one resource. */
export function mutations<T>(resource: T, random: Random, count: number): T[] {
  return Array.from({ length: count }, () => mutate(resource, random));
}
