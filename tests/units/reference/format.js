// Formats the cases on stdin with @grafana/data, the reference tst_units compares sg_units against.
//   stdin:  {"now": <ms since epoch>, "cases": [[unitId, value, decimals or null], ...]}
//           values are strings so that "NaN", "Infinity" and "-0" survive JSON
//   stdout: {"version": "...", "catalogue": [[id, name, category], ...], "results": [[text, prefix, suffix], ...]}
// Run with TZ=UTC and an en-US locale (LC_ALL=en_US.UTF-8): the date and locale units depend on both.
'use strict';

const fs = require('fs');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));

// Grafana reads the browser's languages for "Datetime local"; node 20 has no navigator. Pin en-US.
Object.defineProperty(globalThis, 'navigator', {
  value: { language: 'en-US', languages: ['en-US'] },
  configurable: true,
  writable: true,
});
// moment's "now" (dateTimeFromNow, the "No date if today" units) comes from Date.now: fix it to the caller's.
if (typeof input.now === 'number') {
  Date.now = () => input.now;
}

const locale = Intl.NumberFormat().resolvedOptions().locale;
if (locale !== 'en-US') {
  console.error(`format.js: the default locale is ${locale}; run with LC_ALL=en_US.UTF-8`);
  process.exit(2);
}
if (new Date(0).getTimezoneOffset() !== 0) {
  console.error('format.js: the time zone is not UTC; run with TZ=UTC');
  process.exit(2);
}

const grafana = require('@grafana/data');

const catalogue = [];
for (const category of grafana.getValueFormats()) {
  for (const unit of category.submenu) {
    catalogue.push([unit.value, unit.text, category.text]);
  }
}

const results = input.cases.map(([id, value, decimals]) => {
  try {
    const v = grafana.getValueFormat(id)(Number(value), decimals === null ? undefined : decimals);
    return [String(v.text ?? ''), String(v.prefix ?? ''), String(v.suffix ?? '')];
  } catch (e) {
    return [`<exception: ${e.message}>`, '', ''];
  }
});

const version = require('@grafana/data/package.json').version;
process.stdout.write(JSON.stringify({ version, catalogue, results }));
