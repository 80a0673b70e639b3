/** The two shipped aids, read from aids/ (served by the test runner), and test helpers. */
export const AID_FILES = ['colorectal-cancer-screening', 'statin-primary-prevention'] as const;

/** Loads the shipped aid files. */
export async function loadAids(): Promise<unknown[]> {
  return Promise.all(
    AID_FILES.map(async (id) => {
      const response = await fetch(`/aids/${id}.json`);
      if (!response.ok) throw new Error(`aid ${id}: HTTP ${response.status}`);
      return response.json();
    }),
  );
}

/** One shipped aid, as a fresh object to modify. */
export async function aidContent(id: (typeof AID_FILES)[number]): Promise<Record<string, unknown>> {
  const response = await fetch(`/aids/${id}.json`);
  return (await response.json()) as Record<string, unknown>;
}
