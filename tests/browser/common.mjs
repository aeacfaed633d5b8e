// What the browser scripts share: how Chromium is launched, what a page must not do, and the
// region picker's walk (check_pages.mjs runs it against the server, check_picker.mjs against the
// static export under nginx).
import { chromium } from "playwright-core";

// Chromium as the project's notes ask: headless, no sandbox (root), no background traffic to
// Google's hosts; playwright gives each launch a fresh temporary --user-data-dir.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    timeout: 60000,
  });
}

// Everything a page does that the checks forbid: requests to other origins, CSP violations,
// script errors. Returns watch(page, label).
export function watcher(origin, fail) {
  return (page, label) => {
    page.on("request", (request) => {
      const url = request.url();
      if (url.startsWith("data:")) return;
      if (new URL(url).origin !== origin) fail(`${label}: request to another origin: ${url}`);
    });
    page.on("console", (message) => {
      const text = message.text();
      if (message.type() === "error" && /Content Security Policy|Refused to/i.test(text)) {
        fail(`${label}: CSP violation: ${text}`);
      }
    });
    page.on("pageerror", (error) => fail(`${label}: script error: ${error.message}`));
  };
}

// The region picker from the home page, with JavaScript (province, then kabupaten/kota from the
// API) and without (province page, then its list): both must land on Kabupaten Kebumen.
export async function checkPicker(browser, base, { watch, fail, landed }) {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled });
    const page = await context.newPage();
    const label = `picker js=${javaScriptEnabled}`;
    watch(page, label);
    await page.goto(`${base}/`);
    const copyVisible = await page.locator("button[data-copy]").first().isVisible();
    if (!javaScriptEnabled && copyVisible) fail(`${label}: copy button shown without JavaScript`);
    await page.selectOption("#pick-province", "33");
    if (javaScriptEnabled) {
      await page.waitForSelector("#pick-region option[value='33.05']", { state: "attached", timeout: 10000 });
      await page.selectOption("#pick-region", "33.05");
      await Promise.all([page.waitForURL(/\/regions\/33\.05$/), page.click("#region-picker button[type=submit]")]);
    } else {
      await Promise.all([page.waitForURL(/\/regions\/33$/), page.click("#region-picker button[type=submit]")]);
      const listed = await page.locator("a[href='/regions/33.05']").count();
      if (listed === 0) fail(`${label}: the province page does not link Kabupaten Kebumen`);
      await page.selectOption("#pick-place", "33.05");
      await Promise.all([page.waitForURL(/\/regions\/33\.05$/), page.click("#places ~ form button[type=submit]")]);
    }
    const heading = await page.locator("h1").textContent();
    landed.push({ javaScriptEnabled, landed: page.url(), heading });
    if (heading !== "Kabupaten Kebumen") fail(`${label}: landed on ${page.url()} (${heading})`);
    await context.close();
  }
}
