/** The third-party fixture files the browser tests read, listed once (see test/fixtures/README.md). */

/** Every IPS Bundle in test/fixtures/fhir-r4/ips: documents from many implementers, one searchset. */
export const IPS_FILES = [
  'ips-ar-example-01.json',
  'ips-at-elga-01.json',
  'ips-au-section-emptyreason.json',
  'ips-ca-verosource-buddy-bear.json',
  'ips-hk-sample-with-medication.json',
  'ips-ig-bundle-01.json',
  'ips-ig-bundle-minimal.json',
  'ips-ig-bundle-no-info-required-sections.json',
  'ips-nz-aaa1234.json',
  'ips-nz-full-16-sections.json',
  'ips-nz-iosefa-fuimaono.json',
  'ips-uk-nhsx-example-01.json',
  'ips-us-meditech-1-searchset.json',
] as const;
