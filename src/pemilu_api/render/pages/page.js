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
  }

  // On a narrow screen the picture scrolls sideways: start it at the voting day, where the
  // stages crowd, rather than at the first preparations (the server cannot know the width).
  for (const box of document.querySelectorAll(".scroll")) {
    const line = box.querySelector(".voting-day");
    if (!line || box.scrollWidth <= box.clientWidth) continue;
    const offset = line.getBoundingClientRect().left - box.getBoundingClientRect().left;
    box.scrollLeft = Math.max(0, offset - box.clientWidth * 0.6);
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
})();
