// @ts-check
/**
 * The chart's tabs on the host page (demo/app.js), set up once every tab is in the page
 * (the tab modules add theirs when imported).
 */

// Tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): arrows move and select, Home/End
// go to the ends; only the selected tab is in the tab order.

export function setUpTabs() {
  const tablist = /** @type {HTMLElement} */ (document.querySelector('[role="tablist"]'));
  const tabs = /** @type {HTMLElement[]} */ ([...tablist.querySelectorAll('[role="tab"]')]);

  /** @param {HTMLElement} tab @param {boolean} focus */
  function selectTab(tab, focus) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(/** @type {string} */ (other.getAttribute('aria-controls')));
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
  }

  tablist.addEventListener('click', (event) => {
    const tab = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest('[role="tab"]'));
    if (tab) selectTab(tab, true);
  });

  tablist.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(/** @type {HTMLElement} */ (event.target));
    if (index === -1) return;
    /** @type {number | undefined} */
    let next;
    switch (event.key) {
      case 'ArrowRight':
        next = (index + 1) % tabs.length;
        break;
      case 'ArrowLeft':
        next = (index - 1 + tabs.length) % tabs.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tabs.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    selectTab(tabs[next], true);
  });
}
