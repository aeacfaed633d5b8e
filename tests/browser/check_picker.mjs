// The region picker alone in headless Chromium, against any address that serves the pages: the
// static export under nginx (tests/ops/test_export_nginx.py), where no server answers the form.
// Usage: node check_picker.mjs BASE_URL. Prints one JSON report; exits 1 on any failure.
import { checkPicker, launch, watcher } from "./common.mjs";

const [BASE] = process.argv.slice(2);
if (!BASE) {
  console.error("usage: node check_picker.mjs BASE_URL");
  process.exit(2);
}
const report = { base: BASE, picker: [], failures: [] };
const fail = (message) => report.failures.push(message);
const browser = await launch();
try {
  await checkPicker(browser, BASE, { watch: watcher(new URL(BASE).origin, fail), fail, landed: report.picker });
} catch (error) {
  fail(`unexpected: ${error.stack || error}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
process.exitCode = report.failures.length ? 1 : 0;
