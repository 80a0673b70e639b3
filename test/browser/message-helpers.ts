/**
 * Helpers for the messaging tests.
 *
 * `@lit-labs/virtualizer` measures its children with a ResizeObserver; when a layout
 * pass resizes them again in the same frame, Chromium reports "ResizeObserver loop
 * completed with undelivered notifications" as a window error. The notifications are
 * delivered in the next frame (the spec's behaviour, not a fault), but the test runner
 * would count the report as an uncaught error, so this one message is ignored here.
 */
export function ignoreResizeObserverLoop(): void {
  window.addEventListener('error', (event) => {
    if (/ResizeObserver loop/.test(event.message)) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  });
}
