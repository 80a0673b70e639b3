import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/core/provider.js';
import '../../src/elements/patient-banner/patient-banner.js';
import { EngageProvider } from '../../src/core/provider.component.js';
import { define } from '../../src/core/define.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { EngageError, isEngageError, toEngageError } from '../../src/core/errors.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { EngagePatientBanner } from '../../src/elements/patient-banner/patient-banner.component.js';
import { shadowText, waitFor } from './helpers.js';
import { errorText } from '../../src/core/states.js';
import { applyLocale, inLanguage } from '../../src/core/localization.js';

const patient = {
  ref: 'Patient/late',
  names: [{ family: 'Late', given: ['Provider'], prefix: [], suffix: [] }],
  identifiers: [],
  birthDate: '1970-01-01',
  allergies: { kind: 'none-known' as const },
};

describe('core', () => {
  it('connects an element to a provider whose definition loads later (ContextRoot)', async () => {
    // built by hand: open-wc's fixture() waits for an animation frame for elements that are
    // not yet defined, and a test page running beside another may get none
    const wrapper = document.createElement('late-engage-provider');
    const banner = document.createElement('engage-patient-banner');
    wrapper.append(banner);
    document.body.append(wrapper);
    await waitFor(() => shadowText(banner).includes('needs'), 'not-configured state before the provider exists');
    // the provider's script arrives after the element asked for context
    class LateProvider extends EngageProvider {}
    define('late-engage-provider', LateProvider);
    const provider = wrapper as unknown as EngageProvider;
    provider.adapter = createMemoryAdapter({ patients: [patient] });
    provider.patient = 'Patient/late';
    await waitFor(() => shadowText(banner).includes('Provider Late'), 'banner fed by the late provider');
    wrapper.remove();
  });

  it('tolerates a second copy of the library defining the same tag', () => {
    const warnings: string[] = [];
    const saved = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      class OtherCopy extends EngagePatientBanner {
        static override readonly engageVersion = '0.0.1-other';
      }
      expect(() => define('engage-patient-banner', OtherCopy)).to.not.throw();
      expect(customElements.get('engage-patient-banner')).to.equal(EngagePatientBanner);
      expect(warnings.join(' ')).to.contain('already defined by version 0.1.0').and.contain('0.0.1-other');
      // the same copy registering again says nothing
      warnings.length = 0;
      define('engage-patient-banner', EngagePatientBanner);
      expect(warnings).to.deep.equal([]);
    } finally {
      console.warn = saved;
    }
  });

  it('makes distinct RFC 4122 version-4 idempotency keys', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()));
    expect(keys.size).to.equal(200);
    for (const key of keys) expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('turns anything thrown into a typed EngageError', () => {
    expect(toEngageError(new DOMException('stop', 'AbortError')).code).to.equal('aborted');
    expect(toEngageError(new DOMException('slow', 'TimeoutError')).code).to.equal('timeout');
    expect(toEngageError(new Error('x')).code).to.equal('server');
    const original = new EngageError('conflict', 'changed', { status: 412, details: ['Version mismatch'] });
    expect(toEngageError(original)).to.equal(original);
    expect(original.retryable).to.equal(false);
    expect(new EngageError('network', 'down').retryable).to.equal(true);
    // an error from another copy of the library is recognised by shape
    expect(isEngageError({ name: 'EngageError', code: 'server' })).to.equal(true);
    expect(isEngageError(new Error('x'))).to.equal(false);
  });

  // A version conflict (If-Match) says the record changed since it was opened: the change
  // can be the same person's, in another tab or on another device, so it names no one.
  for (const [locale, changed] of [
    ['en', 'This record changed since you opened it.'],
    ['es', 'Este registro cambió desde que lo abrió.'],
  ] as const) {
    it(`a conflict says the record changed since it was opened, not who changed it (${locale})`, async () => {
      await applyLocale(locale);
      const said = inLanguage(locale, () => errorText('conflict'));
      expect(said.startsWith(changed), said).to.equal(true);
      expect(said).not.to.match(/someone|otra persona/i);
    });
  }

  it('provider themes set the dark tokens on everything inside', async () => {
    const provider = await mount<EngageProvider>(html`<engage-provider theme="dark"><p>text</p></engage-provider>`);
    const p = provider.querySelector('p')!;
    expect(getComputedStyle(p).getPropertyValue('--engage-color-surface').trim()).to.equal('#161b22');
    provider.theme = 'light';
    await provider.updateComplete;
    expect(getComputedStyle(p).getPropertyValue('--engage-color-surface').trim()).to.equal('#ffffff');
  });

  // #19 defect 8: a focus ring in the primary button's own colour is invisible on it.
  for (const theme of ['light', 'dark'] as const) {
    it(`the ${theme} focus ring is not the accent colour and stands out from every surface`, async () => {
      const provider = await mount<EngageProvider>(html`<engage-provider theme=${theme}><p>text</p></engage-provider>`);
      const style = getComputedStyle(provider.querySelector('p')!);
      const value = (name: string) => style.getPropertyValue(`--engage-${name}`).trim();
      const focus = value('color-focus');
      // The ring sits 2px outside the control, over the surface: it needs 3:1 there, and
      // must be told apart from a primary button it surrounds.
      for (const surface of ['color-surface', 'color-surface-raised']) {
        expect(contrast(focus, value(surface)), `focus ring against ${surface}`).to.be.at.least(3);
      }
      expect(contrast(focus, value('color-accent')), 'focus ring against the accent').to.be.at.least(1.5);
    });
  }
});

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const channel = (hex: string, at: number) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (hex: string) => 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
  const high = Math.max(luminance(a), luminance(b));
  const low = Math.min(luminance(a), luminance(b));
  return (high + 0.05) / (low + 0.05);
}
