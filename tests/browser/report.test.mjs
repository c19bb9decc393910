// The HTML report in headless Chromium: loads without console errors or network requests, shows
// the JSON report's counts, filters and sorts; a screenshot lands in the build directory. Also
// validates the scan's and scan-files' SARIF reports against the official SARIF 2.1.0 schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const outDir = process.env.ROLECALL_BROWSER_OUT || tmpdir();
const rolecall = process.env.ROLECALL_BIN;
const fixtureBin = process.env.ROLECALL_REPORT_FIXTURE;
const work = mkdtempSync(join(tmpdir(), 'rolecall-browser-'));
let browser;

before(async () => {
  mkdirSync(outDir, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

// Opens `htmlPath`, recording console errors, page errors, dialogs (an alert() would be XSS) and
// every request other than the page itself.
async function open(htmlPath) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const url = pathToFileURL(htmlPath).href;
  const events = { consoleErrors: [], pageErrors: [], dialogs: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') events.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => events.pageErrors.push(String(e)));
  page.on('dialog', async (d) => { events.dialogs.push(d.message()); await d.dismiss(); });
  page.on('request', (r) => { if (r.url() !== url) events.requests.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
  return { page, events };
}

function assertClean(events) {
  assert.deepEqual(events.pageErrors, [], 'no script errors');
  assert.deepEqual(events.consoleErrors, [], 'no console errors or warnings (CSP violations included)');
  assert.deepEqual(events.dialogs, [], 'no dialogs: estate text never runs as script');
  assert.deepEqual(events.requests, [], 'no network requests');
}

async function shownCounts(page) {
  return page.evaluate(() => Object.fromEntries(['PASS', 'FAIL', 'ERROR', 'MUTED', 'total'].map(
    (s) => [s, Number(document.getElementById('count-' + s).textContent)])));
}

async function rowCount(page) {
  return page.locator('#findings-body tr').count();
}

async function columnTexts(page, cls) {
  return page.$$eval(`#findings-body td.${cls}`, (tds) => tds.map((td) => td.textContent));
}

async function checkCountsAndFilters(page, json) {
  const counts = await shownCounts(page);
  for (const s of ['PASS', 'FAIL', 'ERROR', 'MUTED']) assert.equal(counts[s], json.summary[s], `count of ${s}`);
  assert.equal(counts.total, json.findings.length);
  assert.equal(await rowCount(page), Math.min(json.findings.length, 5000));
  assert.equal(Number(await page.textContent('#shown-count')), json.findings.length);

  for (const status of ['FAIL', 'PASS']) {
    await page.selectOption('#f-status', status);
    assert.equal(await rowCount(page), Math.min(json.summary[status], 5000), `rows with status ${status}`);
    const statuses = await page.$$eval('#findings-body tr', (trs) => trs.map((tr) => tr.dataset.status));
    assert.ok(statuses.every((s) => s === status));
  }
  await page.selectOption('#f-status', '*');

  const account = json.findings[json.findings.length - 1].account_id;
  await page.selectOption('#f-account', account);
  assert.equal(await rowCount(page), json.findings.filter((f) => f.account_id === account).length);
  await page.selectOption('#f-account', '*');

  const check = json.findings[0].check_id;
  await page.selectOption('#f-check', check);
  assert.equal(await rowCount(page), json.findings.filter((f) => f.check_id === check).length);
  await page.selectOption('#f-check', '*');

  const region = json.findings[0].region;
  await page.selectOption('#f-region', region);
  assert.equal(await rowCount(page), json.findings.filter((f) => f.region === region).length);
  await page.selectOption('#f-region', '*');

  // Severity, with the filter state in the URL fragment: a reload (or a sent link) restores it.
  const severity = json.findings[0].severity;
  const both = json.findings.filter((f) => f.severity === severity && f.status === 'FAIL').length;
  await page.selectOption('#f-severity', severity);
  assert.equal(await rowCount(page), Math.min(json.findings.filter((f) => f.severity === severity).length, 5000));
  await page.selectOption('#f-status', 'FAIL');
  assert.equal(await rowCount(page), Math.min(both, 5000));
  assert.equal(await page.evaluate(() => location.hash), `#status=FAIL&severity=${severity}`);
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
  assert.equal(await page.inputValue('#f-severity'), severity);
  assert.equal(await page.inputValue('#f-status'), 'FAIL');
  assert.equal(await rowCount(page), Math.min(both, 5000));
  await page.selectOption('#f-severity', '*');
  await page.selectOption('#f-status', '*');
  assert.equal(await page.evaluate(() => location.hash), '');

  // Sorting by resource: ascending, then descending on a second click.
  await page.click('#findings th[data-key="resource_id"] button');
  const asc = await columnTexts(page, 'resource');
  assert.deepEqual(asc, [...asc].sort());
  assert.equal(await page.getAttribute('#findings th[data-key="resource_id"]', 'aria-sort'), 'ascending');
  await page.click('#findings th[data-key="resource_id"] button');
  const desc = await columnTexts(page, 'resource');
  assert.deepEqual(desc, [...asc].sort().reverse());
  assert.equal(await page.getAttribute('#findings th[data-key="resource_id"]', 'aria-sort'), 'descending');
  // Default order: failures first.
  await page.click('#findings th[data-key="status"] button');
  const first = await columnTexts(page, 'status');
  if (json.summary.FAIL > 0) assert.equal(first[0], 'FAIL');
}

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
function parseCsv(text) {
  const records = [];
  let record = [], field = '', quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; ++i; }
    else field += c;
  }
  return records;
}

// Clicks an export button and returns the downloaded file's text.
async function exported(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return readFileSync(await download.path(), 'utf8');
}

// The export buttons write exactly the filtered view: with status FAIL (and a check) selected, as
// JSON and as CSV, every row and only those rows.
async function checkExport(page, json) {
  const check = json.findings.find((f) => f.status === 'FAIL').check_id;
  const want = json.findings.filter((f) => f.status === 'FAIL' && f.check_id === check);
  await page.selectOption('#f-status', 'FAIL');
  await page.selectOption('#f-check', check);
  const doc = JSON.parse(await exported(page, '#export-json'));
  assert.equal(doc.filters, `status=FAIL&check=${encodeURIComponent(check)}`);
  assert.equal(doc.findings.length, want.length);
  assert.ok(doc.findings.every((f) => f.status === 'FAIL' && f.check_id === check));
  assert.deepEqual(doc.findings.map((f) => f.resource_id).sort(), want.map((f) => f.resource_id).sort());
  const csv = parseCsv(await exported(page, '#export-csv'));
  assert.deepEqual(csv[0].slice(0, 4), ['check_id', 'title', 'status', 'severity']);
  assert.equal(csv.length - 1, want.length, 'one CSV record per shown finding');
  assert.ok(csv.slice(1).every((r) => r[0] === check && r[2] === 'FAIL'));
  await page.selectOption('#f-check', '*');
  await page.selectOption('#f-status', '*');
}

function validateSarif(path) {
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // The official schema's "language" pattern is not valid with the u flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const ok = validate(JSON.parse(readFileSync(path, 'utf8')));
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
}

test('hostile fixture report: escaped, self-contained, counts, filters, sorting', async () => {
  assert.ok(fixtureBin, 'ROLECALL_REPORT_FIXTURE is set');
  const dir = join(work, 'fixture');
  execFileSync(fixtureBin, [dir]);
  const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  const { page, events } = await open(join(dir, 'report.html'));
  await checkCountsAndFilters(page, json);
  await checkExport(page, json);

  // The tag text with <script> is shown as text, exactly once, and found by the search box.
  await page.fill('#f-text', '<script>alert(1)');
  assert.equal(await rowCount(page), 1);
  const message = await page.textContent('#findings-body td.message');
  assert.ok(message.includes('<script>alert(1)</script> ]]> </script><!--'), message);
  assert.equal(await page.locator('script').count(), 2, 'only the page\'s own scripts exist');
  await page.fill('#f-text', '');
  await page.screenshot({ path: join(outDir, 'report-fixture.png'), fullPage: true });
  assertClean(events);
  await page.close();
  validateSarif(join(dir, 'report.sarif'));
});

test('rolecall demo report: prints its path, counts equal report.json, no errors', async () => {
  assert.ok(rolecall, 'ROLECALL_BIN is set');
  const dir = join(work, 'demo');
  const stdout = execFileSync(rolecall, ['--quiet', '--no-color', 'demo', '--instances', '40', '--report-dir', dir], {
    encoding: 'utf8',
    env: { ...process.env, HOME: work, XDG_STATE_HOME: join(work, 'state') },
  });
  const htmlPath = join(dir, 'report.html');
  assert.ok(stdout.includes(`HTML report: ${htmlPath}`), stdout.slice(-500));
  const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  assert.ok(json.findings.length > 40 && json.summary.FAIL > 0, 'the demo estate has failures');
  const { page, events } = await open(htmlPath);
  await checkCountsAndFilters(page, json);
  await checkExport(page, json);
  await page.screenshot({ path: join(outDir, 'report-demo.png'), fullPage: false });
  assertClean(events);
  await page.close();
  validateSarif(join(dir, 'report.sarif'));
});

test('scan-files SARIF: valid against the SARIF 2.1.0 schema, a result per credential at its file and line', () => {
  assert.ok(rolecall, 'ROLECALL_BIN is set');
  const dir = join(work, 'scan-files');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'deploy keys.sh'),
    '#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIALACI57K43PEADJ4S\n' +
      'export AWS_SECRET_ACCESS_KEY=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\n',
  );
  const sarif = join(work, 'scan-files.sarif');
  let status = 0;
  try {
    execFileSync(rolecall, ['--quiet', '--output', 'sarif', '--output-file', sarif, 'scan-files', dir]);
  } catch (e) {
    status = e.status;
  }
  assert.equal(status, 1, 'a real credential found exits 1');
  validateSarif(sarif);
  const results = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results;
  assert.equal(results.length, 2);
  assert.deepEqual(
    results.map((r) => r.locations[0].physicalLocation.region.startLine),
    [2, 3],
  );
});
