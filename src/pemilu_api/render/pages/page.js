// Niceties only: every page works without this script. It is inlined into each page and allowed
// by its sha256 hash in the Content-Security-Policy, so it must not depend on per-page values:
// everything it needs is read from the page (data-* attributes).
(() => {
  "use strict";

  // Copy buttons next to the feed addresses (hidden until this script can make them work).
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const input = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.status);
    if (!input || !status) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        status.textContent = button.dataset.done;
      } catch {
        input.focus();
        input.select();
        status.textContent = button.dataset.fail;
      }
    });
  }

  // The "today" marker: the server never reads the clock, so the page stays cacheable and the
  // same for everyone; the reader's own calendar day is drawn here, on the same linear axis.
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const dayMs = 86400000;
  const parseDay = (text) => {
    const [y, m, d] = text.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  };
  for (const svg of document.querySelectorAll("svg[data-axis-start]")) {
    const start = parseDay(svg.dataset.axisStart);
    const end = parseDay(svg.dataset.axisEnd);
    if (today < start || today >= end) continue;
    const x0 = Number(svg.dataset.x0);
    const x1 = Number(svg.dataset.x1);
    const x = x0 + ((x1 - x0) * ((today - start) / dayMs + 0.5)) / ((end - start) / dayMs);
    const layer = svg.querySelector(".today-layer");
    if (!layer) continue;
    const line = document.createElementNS(svg.namespaceURI, "line");
    line.setAttribute("class", "today");
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
    line.setAttribute("y1", svg.dataset.top);
    line.setAttribute("y2", svg.dataset.bottom);
    const label = document.createElementNS(svg.namespaceURI, "text");
    label.setAttribute("class", "today-label");
    label.setAttribute("x", x + 4);
    label.setAttribute("y", Number(svg.dataset.top) + 10);
    label.textContent = svg.dataset.today;
    layer.append(line, label);
    // The legend names the marker only now that it is drawn.
    const item = svg.closest("figure")?.querySelector(".legend-today");
    if (item) item.hidden = false;
  }

  // The same day on the narrow pictures (phones): a line across each stage's bar.
  for (const box of document.querySelectorAll(".tl-narrow[data-axis-start]")) {
    const start = parseDay(box.dataset.axisStart);
    const end = parseDay(box.dataset.axisEnd);
    if (today < start || today >= end) continue;
    const x = (1000 * ((today - start) / dayMs + 0.5)) / ((end - start) / dayMs);
    for (const svg of box.querySelectorAll("svg.tl-bar")) {
      const line = document.createElementNS(svg.namespaceURI, "line");
      line.setAttribute("class", "today");
      line.setAttribute("x1", x);
      line.setAttribute("x2", x);
      line.setAttribute("y1", 0);
      line.setAttribute("y2", 10);
      svg.append(line);
    }
  }

  // Where each election stands: the server wrote it as of the data's revision; say it for the
  // reader's today (the same rules as render/pages/status.py).
  for (const section of document.querySelectorAll("section.now[data-words]")) {
    const w = JSON.parse(section.dataset.words);
    const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
    const day = (ms) => {
      const d = new Date(ms);
      const weekday = w.weekdays[(d.getUTCDay() + 6) % 7];
      return `${weekday}${w.lang === "id" ? ", " : " "}${d.getUTCDate()} ${w.months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    };
    const left = (n) => (n === 0 ? w.days_left_zero : n === 1 ? w.days_left_one : fill(w.days_left, { count: n }));
    for (const p of section.querySelectorAll("[data-status]")) {
      const s = JSON.parse(p.dataset.status);
      const out = [];
      if (s.voting === null) {
        out.push(fill(w.status_announced, { name: s.name }));
      } else {
        const voting = parseDay(s.voting);
        const spans = s.spans.map(([name, first, last]) => ({ name, first: parseDay(first), last: parseDay(last) }));
        const last = Math.max(voting, ...spans.map((x) => x.last));
        if (today > last) {
          out.push(fill(w.status_over, { name: s.name, date: day(voting) }));
        } else {
          const running = spans.filter((x) => x.first <= today && today <= x.last).sort((a, b) => a.last - b.last);
          if (running.length) {
            const named = running.slice(0, 3).map((x) => fill(w.status_until, { stage: x.name, date: day(x.last) }));
            out.push(fill(w.status_running, { stages: named.join("; ") }));
          }
          const coming = spans.filter((x) => x.first > today);
          if (coming.length && (!running.length || voting < today)) {
            out.push(fill(w.status_next, { stage: coming[0].name, date: day(coming[0].first) }));
          }
          if (voting >= today) {
            const hours = s.hours ? `, ${s.hours}` : "";
            out.push(fill(w.status_voting, { date: day(voting), hours, left: left(Math.round((voting - today) / dayMs)) }));
          } else {
            out.push(fill(w.status_voted, { date: day(voting) }));
          }
        }
      }
      const text = p.querySelector(".now-text");
      if (text) text.textContent = out.join(" ");
      const label = p.querySelector(".now-label");
      if (label) label.hidden = out.join(" ").includes(s.name);
    }
    const asof = section.querySelector(".now-asof");
    if (asof) asof.textContent = fill(w.status_today, { date: day(today) });
  }

  // On a narrow screen the picture scrolls sideways: open it at today's marker when it is drawn,
  // else at the voting day (the server cannot know the width), then nudge it so that no label is
  // cut by either edge of the first view, keeping the chosen day in sight.
  for (const box of document.querySelectorAll(".scroll")) {
    const cw = box.clientWidth;
    if (box.scrollWidth <= cw) continue;
    const mark = box.querySelector(".today") || box.querySelector(".voting-day");
    if (!mark) continue;
    const origin = box.getBoundingClientRect().left - box.scrollLeft;
    const at = mark.getBoundingClientRect().left - origin;
    const labels = [...box.querySelectorAll("text")].map((t) => {
      const r = t.getBoundingClientRect();
      return [r.left - origin, r.right - origin];
    });
    const cut = (left) => labels.filter(([l, r]) => (l < left && r > left) || (l < left + cw && r > left + cw)).length;
    const target = at - cw * 0.6;
    const candidates = [target];
    for (const [l, r] of labels) candidates.push(l - 6, r + 6 - cw);
    let best = target;
    let bestCut = Infinity;
    for (const c of candidates) {
      if (at < c + 16 || at > c + cw - 16) continue;
      const left = Math.max(0, Math.min(c, box.scrollWidth - cw));
      const n = cut(left);
      if (n < bestCut || (n === bestCut && Math.abs(left - target) < Math.abs(best - target))) {
        best = left;
        bestCut = n;
      }
    }
    box.scrollLeft = best;
  }

  // Region picker: once a province is chosen, offer its kabupaten/kota from the JSON API.
  // Without this, the form still leads to the province's page, which lists them.
  const form = document.getElementById("region-picker");
  const province = document.getElementById("pick-province");
  const region = document.getElementById("pick-region");
  const field = document.getElementById("pick-region-field");
  if (form && province && region && field) {
    const whole = region.querySelector("option[value='']");
    const fill = async () => {
      region.replaceChildren(whole);
      field.hidden = true;
      if (!province.value) return;
      try {
        const url = `${form.dataset.api}?province=${encodeURIComponent(province.value)}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const data = await response.json();
        const places = data.regions
          .filter((r) => r.level !== "provinsi")
          .sort((a, b) => a.name.localeCompare(b.name, "id"));
        for (const place of places) {
          const option = document.createElement("option");
          option.value = place.code;
          option.textContent = place.name;
          region.append(option);
        }
        field.hidden = places.length === 0;
      } catch {
        // Offline or no API at this address: the form still works with the province alone.
      }
    };
    province.addEventListener("change", fill);
    if (province.value) fill();
  }

  // An embedded card tells the page that frames it how tall it is, so the frame fits it.
  if (document.documentElement.hasAttribute("data-embed") && window.parent !== window) {
    const tell = () => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      window.parent.postMessage({ type: "pemilu-api:height", height }, "*");
    };
    tell();
    addEventListener("resize", tell);
  }
})();
