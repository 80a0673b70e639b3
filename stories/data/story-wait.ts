/**
 * How a story's driver waits for its element: the element renders on its own schedule (a
 * port's answer, an on-demand chunk), so a driver polls for what it needs next.
 */

/**
 * Polls every 25 ms, for at most 30 s (a story must reach its state on a slow machine too),
 * until `check` gives something, and returns it. Gives `undefined` when time runs out, or as
 * soon as `element`, having been on the page, is taken off it (the viewer moved on): a driver
 * that gets `undefined` stops where it is, and the stories test says which state it expected.
 */
export async function whenShown<T>(element: Element, check: () => T | undefined | null | false): Promise<T | undefined> {
  let shown = false;
  for (let i = 0; i < 1200; i++) {
    shown ||= element.isConnected;
    if (shown && !element.isConnected) return undefined;
    const found = check();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}
