/**
 * The rule every element follows (#19): when the control that has focus disappears,
 * focus moves to what replaced it, or to the heading of the region that changed, never
 * to <body> (where keyboard and screen-reader users are dropped at the top of the page).
 * A control that is only disabled for a while (a button while its write runs) takes focus
 * back once it can be used again.
 *
 * Elements place focus themselves where they know better (a form's title, an error);
 * this controller catches the rest: before each update it notes the focused control
 * inside the element; after the update, if that control is gone and focus fell to
 * <body>, it focuses the control that took its place (same id; else same part and label;
 * else same label; else the one at the same place among those with its part, since a part
 * such as a card or an option repeats), else the heading of the nearest region still shown. While the element only shows
 * "loading" it waits for the next update.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/** What identifies a control across renders. */
interface Lost {
  element: Element;
  tag: string;
  id: string;
  part: string | null;
  /** Its place among the element's controls with the same tag and part. */
  partIndex: number;
  label: string;
  /** Its ancestors when it had focus, nearest first: the regions that may still be shown. */
  ancestors: Element[];
}

const HEADING = '[role="heading"], h1, h2, h3, h4, h5, h6';

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** What the control says: its text, or for a form control (a radio has no text) its label's. */
function labelOf(el: Element): string {
  const own = squash(el.textContent);
  if (own) return own;
  const labels = (el as HTMLInputElement).labels;
  return labels?.length ? squash([...labels].map((label) => label.textContent).join(' ')) : squash(el.getAttribute('aria-label'));
}

const samePart = (root: ShadowRoot, tag: string, part: string | null) =>
  part === null ? [] : [...root.querySelectorAll(tag)].filter((el) => el.getAttribute('part') === part);

function usable(el: Element | null | undefined): el is HTMLElement {
  return el instanceof HTMLElement && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0;
}

export class FocusKeeper implements ReactiveController {
  private lost?: Lost;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostUpdate(): void {
    const active = this.host.shadowRoot?.activeElement;
    if (!active) return;
    const ancestors: Element[] = [];
    for (let el = active.parentElement; el; el = el.parentElement) ancestors.push(el);
    const part = active.getAttribute('part');
    const partIndex = samePart(this.host.shadowRoot!, active.localName, part).indexOf(active);
    this.lost = { element: active, tag: active.localName, id: active.id, part, partIndex, label: labelOf(active), ancestors };
  }

  hostUpdated(): void {
    const lost = this.lost;
    const root = this.host.shadowRoot;
    if (!lost || !root) return;
    const focusFell = document.activeElement === null || document.activeElement === document.body;
    if (lost.element.isConnected) {
      if (focusFell && usable(lost.element)) lost.element.focus();
      // disabled while its write runs, the browser moves focus off it to <body> (now or at the
      // next frame): it keeps its claim, and takes focus back once usable (the write failed)
      const waiting = (lost.element as HTMLButtonElement).disabled && (focusFell || root.activeElement === lost.element);
      if (!waiting) this.lost = undefined;
      return;
    }
    if (!focusFell) {
      this.lost = undefined; // focus went somewhere on purpose
      return;
    }
    if (root.querySelector('[part~="loading"]')) return; // what replaces it has not arrived yet
    const target = this.replacement(root, lost) ?? this.heading(root, lost.ancestors);
    if (!target) return;
    this.lost = undefined;
    if (!target.hasAttribute('tabindex') && !target.matches('button, input, select, textarea, a[href]')) target.setAttribute('tabindex', '-1');
    target.focus();
  }

  hostDisconnected(): void {
    this.lost = undefined;
  }

  /**
   * The control that took the lost one's place: same id; else same part and label; else
   * same label; else the one at the same place among those with its part (a repeated part,
   * like a card whose count changed, must not send focus to the first of them).
   */
  private replacement(root: ShadowRoot, lost: Lost): HTMLElement | undefined {
    const candidates = [...root.querySelectorAll(lost.tag)];
    const withPart = samePart(root, lost.tag, lost.part);
    const match =
      (lost.id ? candidates.find((el) => el.id === lost.id) : undefined) ??
      (lost.label ? withPart.find((el) => labelOf(el) === lost.label) : undefined) ??
      (lost.label ? candidates.find((el) => labelOf(el) === lost.label) : undefined) ??
      (withPart.length ? withPart[Math.min(Math.max(lost.partIndex, 0), withPart.length - 1)] : undefined);
    return usable(match) ? match : undefined;
  }

  /** The heading of the nearest region of the lost control still shown, else the element's first heading. */
  private heading(root: ShadowRoot, ancestors: readonly Element[]): HTMLElement | undefined {
    for (const region of ancestors) {
      if (!region.isConnected || region.getRootNode() !== root) continue;
      const heading = region.matches(HEADING) ? region : region.querySelector(HEADING);
      if (usable(heading)) return heading;
    }
    const first = root.querySelector(HEADING);
    return usable(first) ? first : undefined;
  }
}
