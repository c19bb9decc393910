// Runs the browser tests with `node --test`, or exits 77 (ctest: skipped) when Chromium or the
// npm packages (`npm ci` in tests/browser) are missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`skipped: ${chromium} not found (apt-get install chromium)`);
  process.exit(77);
}
if (!existsSync(join(here, 'node_modules', 'playwright-core'))) {
  console.log('skipped: node_modules missing (run npm ci in tests/browser)');
  process.exit(77);
}
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', join(here, 'report.test.mjs')], {
  stdio: 'inherit',
  cwd: here,
});
process.exit(run.status ?? 1);
