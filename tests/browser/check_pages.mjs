// Drives Debian's headless Chromium (playwright-core, no downloaded browser) against a running
// pemilu-api server and checks the public pages as a reader's browser sees them:
//   - the Pemilu 2024 campaign bar, measured on screen against the drawn month ticks;
//   - every subscribe link (webcal, https, download) answers with an iCalendar feed;
//   - axe-core finds no WCAG 2.1 A/AA violation (no rule disabled) on each page and language;
//   - no request leaves the server's origin, no CSP violation, no script error;
//   - the today marker, the copy button and the region picker (with and without JavaScript);
//   - screenshots at desktop (1280) and phone (390) widths.
// Usage: node check_pages.mjs BASE_URL OUT_DIR. Prints one JSON report; exits 1 on any failure.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { checkPicker, launch, watcher } from "./common.mjs";

const require = createRequire(import.meta.url);
const [BASE, OUT] = process.argv.slice(2);
if (!BASE || !OUT) {
  console.error("usage: node check_pages.mjs BASE_URL OUT_DIR");
  process.exit(2);
}
const ORIGIN = new URL(BASE).origin;
const AXE_SOURCE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// / and a region page show the next election in full: as of the data's revision that is Pemilu
// 2029, announced without dates, so they draw no picture (the others are listed).
const PAGES = [
  { name: "home", path: "/", picture: false },
  { name: "election-pemilu-2024", path: "/elections/pemilu-2024", picture: true },
  { name: "region-33.05", path: "/regions/33.05", picture: false },
];
const LANGS = ["id", "en"];
const WIDTHS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
  { name: "phone360", width: 360, height: 740 },
];
// The month labels the axis draws, to read dates off the picture as a person would.
const MONTHS = {
  id: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};
const TOLERANCE_PX = 1;

const report = { base: BASE, chromium: "", geometry: [], today: [], status: [], phone: [], pdfs: [], axe_more: [], contrast: [], feeds: [], axe: [], screenshots: [], picker: [], copy: [], failures: [] };
const fail = (message) => report.failures.push(message);
const urlOf = (pagePath, lang) => `${BASE}${pagePath}${lang === "en" ? "?lang=en" : ""}`;

const browser = await launch();
report.chromium = browser.version();
const watch = watcher(ORIGIN, fail);

// Reads the axis off the drawn picture: each tick's on-screen x and the month it starts, from
// the first tick's labels onward (the labels the reader sees are checked on the way).
async function readAxis(page, svgId, lang) {
  const ticks = await page.evaluate((id) => {
    const svg = document.getElementById(id);
    return [...svg.querySelectorAll(".axis .tick")].map((tick) => {
      const line = tick.querySelector("line").getBoundingClientRect();
      return {
        x: line.left + line.width / 2,
        month: tick.querySelector("text.month")?.textContent ?? null,
        year: tick.querySelector("text.year")?.textContent ?? null,
      };
    });
  }, svgId);
  if (!ticks.length || ticks[0].month === null || ticks[0].year === null) {
    throw new Error(`${svgId}: the first tick has no month and year label`);
  }
  let month = MONTHS[lang].indexOf(ticks[0].month);
  let year = Number(ticks[0].year);
  if (month < 0) throw new Error(`${svgId}: unknown month label ${ticks[0].month}`);
  const dated = [];
  for (const tick of ticks) {
    if (tick.month !== null && tick.month !== MONTHS[lang][month]) {
      throw new Error(`${svgId}: tick label ${tick.month} where ${MONTHS[lang][month]} ${year} was expected`);
    }
    if (tick.year !== null && Number(tick.year) !== year) {
      throw new Error(`${svgId}: year label ${tick.year} where ${year} was expected`);
    }
    dated.push({ year, month, x: tick.x });
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return dated;
}

// The on-screen x where a day starts (fraction 0) or ends (fraction 1), from the ticks of its
// month and the next: the axis is linear in days, so this is exact for a correct picture.
function xOnAxis(axis, year, month, day, fraction) {
  const i = axis.findIndex((t) => t.year === year && t.month === month - 1);
  if (i < 0 || i + 1 >= axis.length) throw new Error(`no ticks around ${year}-${month}`);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return axis[i].x + ((axis[i + 1].x - axis[i].x) * (day - 1 + fraction)) / days;
}

async function checkCampaignBar(page, label, lang) {
  const axis = await readAxis(page, "tl-pemilu-2024", lang);
  const bar = await page.evaluate(() => {
    const r = document.getElementById("bar-pemilu-2024-kampanye").getBoundingClientRect();
    return { left: r.left, right: r.right };
  });
  const start = xOnAxis(axis, 2023, 11, 28, 0);
  const end = xOnAxis(axis, 2024, 2, 10, 1);
  const result = {
    page: label,
    bar_left: bar.left,
    expected_left: start,
    delta_left: Math.abs(bar.left - start),
    bar_right: bar.right,
    expected_right: end,
    delta_right: Math.abs(bar.right - end),
    px_per_day: (axis[1].x - axis[0].x) / 30,
  };
  // Within a pixel, and within half a day (so a bar one day off fails even on a phone, where a
  // day is narrower than a pixel).
  const tolerance = Math.min(TOLERANCE_PX, result.px_per_day / 2);
  result.tolerance = tolerance;
  report.geometry.push(result);
  if (result.delta_left > tolerance) fail(`${label}: campaign bar starts ${result.delta_left}px off 28 Nov 2023`);
  if (result.delta_right > tolerance) fail(`${label}: campaign bar ends ${result.delta_right}px off the end of 10 Feb 2024`);
}

// axe cannot judge text drawn in SVG ("incomplete"), so the picture's colours are checked here:
// text 4.5:1 and bars/marks 3:1 (WCAG 1.4.3, 1.4.11) against both backgrounds of the picture.
const luminance = (rgb) => {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
async function checkPictureContrast(page, label) {
  const colours = await page.evaluate(() => {
    const rgb = (text) => (text.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
    const fills = (selector) => [...new Set([...document.querySelectorAll(selector)].map((e) => getComputedStyle(e).fill))].map((f) => ({ fill: f, rgb: rgb(f) }));
    const band = document.querySelector(".timeline .band");
    return {
      text: fills(".timeline text"),
      marks: fills(".timeline .stage:not(.cancelled) .bar, .timeline .day-mark:not(.cancelled .day-mark), .timeline .key-mark"),
      backgrounds: [[255, 255, 255], band ? rgb(getComputedStyle(band).fill) : [255, 255, 255]],
    };
  });
  let minText = Infinity;
  let minMarks = Infinity;
  for (const { fill, rgb } of colours.text) {
    for (const bg of colours.backgrounds) {
      const r = ratio(rgb, bg);
      minText = Math.min(minText, r);
      if (r < 4.5) fail(`${label}: picture text ${fill} has contrast ${r.toFixed(2)} on rgb(${bg})`);
    }
  }
  for (const { fill, rgb } of colours.marks) {
    for (const bg of colours.backgrounds) {
      const r = ratio(rgb, bg);
      minMarks = Math.min(minMarks, r);
      if (r < 3) fail(`${label}: picture mark ${fill} has contrast ${r.toFixed(2)} on rgb(${bg})`);
    }
  }
  report.contrast.push({ page: label, min_text: minText, min_marks: minMarks, text_colours: colours.text.length, mark_colours: colours.marks.length });
}

async function feedLinks(page) {
  return page.evaluate(() => {
    const out = [];
    for (const a of document.querySelectorAll("a.feed-webcal")) out.push({ kind: "webcal", url: a.href });
    for (const a of document.querySelectorAll("a.feed-https")) out.push({ kind: "https", url: a.href });
    for (const i of document.querySelectorAll("input.feed-https")) out.push({ kind: "https", url: i.value });
    for (const a of document.querySelectorAll("a.feed-download")) out.push({ kind: "download", url: a.href, download: a.getAttribute("download") });
    return out;
  });
}

const checkedFeeds = new Map();
async function checkFeed(label, link) {
  // A calendar app turns webcal:// into a plain GET of the same address over http(s).
  let url = link.url;
  if (link.kind === "webcal") url = url.replace(/^webcal:/, new URL(BASE).protocol);
  if (new URL(url).origin !== ORIGIN) fail(`${label}: feed link to another origin: ${link.url}`);
  if (link.kind === "download" && !(link.download || "").endsWith(".ics")) fail(`${label}: download link without an .ics name: ${link.url}`);
  if (!checkedFeeds.has(url)) {
    const response = await fetch(url);
    const body = await response.text();
    const entry = {
      url,
      status: response.status,
      type: response.headers.get("content-type"),
      begins: body.slice(0, 15),
      events: (body.match(/^BEGIN:VEVENT/gm) || []).length,
      // An announced election (no schedule yet) has no events, and its feed says why.
      unscheduled: /KPU (belum menetapkan jadwal|has not set the schedule)/.test(body.replace(/\r\n[ \t]/g, "")),
    };
    checkedFeeds.set(url, entry);
    report.feeds.push(entry);
    if (response.status !== 200) fail(`${url}: status ${response.status}`);
    if (!(entry.type || "").startsWith("text/calendar")) fail(`${url}: content type ${entry.type}`);
    if (!body.startsWith("BEGIN:VCALENDAR\r\n") || !body.trimEnd().endsWith("END:VCALENDAR")) fail(`${url}: not an iCalendar body`);
    if (entry.events === 0 && !entry.unscheduled) fail(`${url}: no event, and no word that KPU has set no schedule`);
  }
}

async function runAxe(page, label) {
  // Evaluated through the DevTools protocol: the page's own CSP stays on, so axe sees exactly
  // what a reader gets (a style blocked by a wrong hash would show up as contrast failures).
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] });
    return {
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) })),
      passes: r.passes.length,
      // Rules axe could not decide (e.g. contrast of text over the picture): reported, not failed.
      incomplete: r.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length, first: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })),
    };
  }, AXE_TAGS);
  report.axe.push({ page: label, violations: result.violations, passes: result.passes, incomplete: result.incomplete });
  for (const v of result.violations) fail(`${label}: axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(", ")}`);
}

await mkdir(OUT, { recursive: true });
try {
  // 1. Every page, both languages, both widths: geometry, feeds, axe, screenshots.
  for (const { name: width, ...viewport } of WIDTHS) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    for (const spec of PAGES) {
      for (const lang of LANGS) {
        const label = `${spec.path} lang=${lang} ${width}`;
        const page = await context.newPage();
        watch(page, label);
        const response = await page.goto(urlOf(spec.path, lang), { waitUntil: "load" });
        if (response.status() !== 200) fail(`${label}: status ${response.status()}`);
        const htmlLang = await page.evaluate(() => document.documentElement.lang);
        if (htmlLang !== lang) fail(`${label}: <html lang="${htmlLang}">`);
        // The wide picture (phones get the narrow one): measured wherever it is shown.
        if (await page.locator("#tl-pemilu-2024").isVisible()) await checkCampaignBar(page, label, lang);
        for (const link of await feedLinks(page)) await checkFeed(label, link);
        await runAxe(page, label);
        await checkPictureContrast(page, label);
        const file = path.join(OUT, `${spec.name}-${lang}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        report.screenshots.push(file);
        await page.close();
      }
    }
    // The first screen only, as a phone or desktop reader first sees the home page.
    const page = await context.newPage();
    await page.goto(urlOf("/", "id"));
    const first = path.join(OUT, `home-id-${width}-first-screen.png`);
    await page.screenshot({ path: first });
    report.screenshots.push(first);
    await context.close();
  }

  // 2. The today marker, with the browser's clock set inside the campaign (the server never
  // reads the clock): drawn at the middle of 15 Jan 2024 on the same axis.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page, "today marker");
    await page.clock.setFixedTime(new Date(2024, 0, 15, 10, 0, 0));
    await page.goto(urlOf("/elections/pemilu-2024", "id"));
    const axis = await readAxis(page, "tl-pemilu-2024", "id");
    const marker = await page.evaluate(() => {
      const line = document.querySelector("#tl-pemilu-2024 .today");
      const label = document.querySelector("#tl-pemilu-2024 .today-label");
      if (!line) return null;
      const r = line.getBoundingClientRect();
      return { x: r.left + r.width / 2, label: label?.textContent ?? "" };
    });
    const expected = xOnAxis(axis, 2024, 1, 15, 0.5);
    const others = await page.evaluate(() => document.querySelectorAll("#tl-pemilu-2019 .today").length);
    report.today.push({ marker, expected, delta: marker ? Math.abs(marker.x - expected) : null });
    if (!marker) fail("today marker: not drawn on 15 Jan 2024");
    else if (Math.abs(marker.x - expected) > TOLERANCE_PX) fail(`today marker: ${Math.abs(marker.x - expected)}px off 15 Jan 2024`);
    else if (marker.label !== "Hari ini") fail(`today marker: label ${marker.label}`);
    if (others !== 0) fail("today marker: drawn outside its election's axis");
    // The status words, rewritten by the script for the reader's today.
    const status = await page.evaluate(() => ({
      text: [...document.querySelectorAll(".now-text")].map((e) => e.textContent),
      asof: document.querySelector(".now-asof")?.textContent ?? null,
    }));
    report.status.push({ page: "/elections/pemilu-2024 on 2024-01-15", ...status });
    await context.close();
  }

  // 3. Copy button (with JavaScript and clipboard permission).
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ORIGIN });
    const page = await context.newPage();
    watch(page, "copy");
    await page.goto(urlOf("/elections/pemilu-2024", "en"));
    const button = page.locator("button[data-copy]").first();
    await button.click();
    // The status is written once the clipboard promise settles.
    await page.waitForFunction(() => document.querySelector(".subscribe .status").textContent !== "", null, { timeout: 10000 });
    const status = await page.locator(".subscribe .status").first().textContent();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const value = await page.locator("input.feed-https").first().inputValue();
    report.copy.push({ status, copied, value });
    if (copied !== value) fail(`copy: clipboard holds ${copied}, not ${value}`);
    if (status !== "Address copied.") fail(`copy: status text ${status}`);
    await context.close();
  }

  // 4. Region picker, with JavaScript (province, then kabupaten/kota from the API) and without
  // (province page, then its list).
  await checkPicker(browser, BASE, { watch, fail, landed: report.picker });

  // 5. The first view on phones: the picture opened at a marker, no label cut by the box's
  // edges, text at least 12px, the scroll hint shown; on / the picker and a subscribe button
  // within two screens. First-screen screenshots of each page.
  for (const width of [360, 390, 414]) {
    const context = await browser.newContext({ viewport: { width, height: 780 }, deviceScaleFactor: 1 });
    for (const spec of PAGES) {
      for (const lang of LANGS) {
        const page = await context.newPage();
        const label = `${spec.path} lang=${lang} first view ${width}`;
        watch(page, label);
        await page.goto(urlOf(spec.path, lang), { waitUntil: "load" });
        const seen = await page.evaluate(() => {
          const out = { boxes: [], narrow: [], picker: null, subscribe: null, height: innerHeight, overflow: document.documentElement.scrollWidth > innerWidth };
          const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
          for (const box of document.querySelectorAll(".scroll")) {
            if (!visible(box)) continue;
            const b = box.getBoundingClientRect();
            const svg = box.querySelector("svg");
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const cut = [];
            let minFont = Infinity;
            for (const t of box.querySelectorAll("text")) {
              const r = t.getBoundingClientRect();
              minFont = Math.min(minFont, parseFloat(getComputedStyle(t).fontSize) * scale);
              if ((r.left < b.left && r.right > b.left) || (r.left < b.right && r.right > b.right)) cut.push(t.textContent);
            }
            const mark = box.querySelector(".today") || box.querySelector(".voting-day");
            const m = mark ? mark.getBoundingClientRect() : null;
            const hint = box.parentElement.querySelector(".scroll-hint");
            out.boxes.push({ id: svg.id, cut, minFont, markInView: m ? m.left >= b.left && m.right <= b.right : null, hint: hint ? visible(hint) : false });
          }
          // The narrow picture phones get instead: nothing wider than its box, text 12px or more.
          for (const box of document.querySelectorAll(".tl-narrow")) {
            if (!visible(box)) continue;
            const b = box.getBoundingClientRect();
            let minFont = Infinity;
            const cut = [];
            for (const t of box.querySelectorAll(".tl-name, .tl-when, .tl-ends span")) {
              const r = t.getBoundingClientRect();
              minFont = Math.min(minFont, parseFloat(getComputedStyle(t).fontSize));
              if (r.left < b.left - 0.5 || r.right > b.right + 0.5) cut.push(t.textContent);
            }
            out.narrow.push({ id: box.id, rows: box.querySelectorAll("li").length, cut, minFont, voting: box.querySelectorAll(".voting-day").length > 0 });
          }
          const top = (sel) => {
            const e = document.querySelector(sel);
            return e ? (e.getBoundingClientRect().top + scrollY) / innerHeight : null;
          };
          out.picker = top("#pick-province");
          out.subscribe = top("a.button[href^='#feed-'], a.button.feed-webcal");
          return out;
        });
        report.phone.push({ page: label, ...seen });
        if (seen.overflow) fail(`${label}: the page is wider than the screen`);
        for (const box of seen.boxes) {
          if (box.cut.length) fail(`${label}: ${box.id} labels cut in the first view: ${box.cut.join(" | ")}`);
          if (box.minFont < 11.99) fail(`${label}: ${box.id} text ${box.minFont.toFixed(2)}px`);
          if (box.markInView === false) fail(`${label}: ${box.id} opens away from today/voting day`);
          if (!box.hint) fail(`${label}: ${box.id} has no visible scroll hint`);
        }
        for (const box of seen.narrow) {
          if (box.cut.length) fail(`${label}: ${box.id} text cut: ${box.cut.join(" | ")}`);
          if (box.minFont < 11.99) fail(`${label}: ${box.id} text ${box.minFont.toFixed(2)}px`);
        }
        if (spec.picture && !seen.boxes.length && !seen.narrow.length) fail(`${label}: no timeline shown`);
        if (spec.path === "/") {
          if (!(seen.picker < 2)) fail(`${label}: region picker at ${seen.picker} screens`);
          if (!(seen.subscribe < 2)) fail(`${label}: subscribe button at ${seen.subscribe} screens`);
        }
        if (lang === "id" || width === 390) {
          const file = path.join(OUT, `${spec.name}-${lang}-${width}-first-view.png`);
          await page.screenshot({ path: file });
          report.screenshots.push(file);
        }
        await page.close();
      }
    }
    await context.close();
  }

  // 7. The other public pages (axe, no violation) and /docs (Swagger UI: no critical or serious).
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    for (const [pagePath, strict] of [["/regions", true], ["/embed/elections/pemilu-2024", true], ["/embed/regions/33.05?lang=en", true], ["/elections/nope", true], ["/docs", false]]) {
      const page = await context.newPage();
      const label = `${pagePath} 390`;
      if (strict) watch(page, label);
      await page.goto(`${BASE}${pagePath}`, { waitUntil: "load" });
      if (pagePath === "/docs") await page.waitForSelector(".servers select, .information-container", { timeout: 20000 }).catch(() => {});
      await page.evaluate(AXE_SOURCE);
      const found = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      }, AXE_TAGS);
      const counted = strict ? found : found.filter((v) => v.impact === "critical" || v.impact === "serious");
      report.axe_more.push({ page: label, violations: found, counted });
      for (const v of counted) fail(`${label}: axe ${v.id} (${v.impact}) on ${v.nodes} nodes`);
      await page.close();
    }
    await context.close();
  }

  // 6. Printing (A4 portrait and landscape): the PDFs are read with pdftotext by the Python test.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const prints = [
      { path: "/elections/pemilu-2024", lang: "id", landscape: false },
      { path: "/elections/pemilu-2024", lang: "en", landscape: true },
      { path: "/", lang: "id", landscape: false },
      { path: "/regions/33.05", lang: "en", landscape: false },
    ];
    for (const spec of prints) {
      const page = await context.newPage();
      watch(page, `print ${spec.path}`);
      await page.goto(urlOf(spec.path, spec.lang), { waitUntil: "load" });
      const name = `print-${spec.path === "/" ? "home" : spec.path.slice(1).replaceAll("/", "-")}-${spec.lang}-${spec.landscape ? "landscape" : "portrait"}.pdf`;
      const file = path.join(OUT, name);
      await page.pdf({ path: file, format: "A4", landscape: spec.landscape, printBackground: true });
      report.pdfs.push({ ...spec, file });
      await page.close();
    }
    await context.close();
  }
} catch (error) {
  fail(`unexpected: ${error.stack || error}`);
} finally {
  await browser.close();
}

await writeFile(path.join(OUT, "report.json"), JSON.stringify(report, null, 2));
// Not process.exit(): it would cut a long report written to a pipe.
console.log(JSON.stringify(report));
process.exitCode = report.failures.length ? 1 : 0;
