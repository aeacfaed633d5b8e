// Parse .ics files with Mozilla ical.js (Thunderbird's parser) and print what it read as JSON.
//
// Usage: node tests/js/ical_dump.mjs FILE...
// Each file's own VTIMEZONEs are registered (and only those: the zone table is reset per file,
// and ical.js has no zone data of its own), so a missing or wrong VTIMEZONE shows up as a
// wrong UTC instant rather than being papered over.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function readTime(time, property) {
  const tz = time.isDate ? null : (property.getParameter("tzid") ?? null);
  const utc = time.isDate
    ? null
    : time.convertToZone(ICAL.Timezone.utcTimezone).toICALString();
  return { value: time.toICALString(), isDate: time.isDate, tz, zone: time.zone?.tzid ?? null, utc };
}

function dump(path) {
  const text = readFileSync(path, "utf8");
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  const zones = calendar.getAllSubcomponents("vtimezone").map((vtimezone) => {
    const zone = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(zone);
    return zone.tzid;
  });
  const props = {};
  for (const property of calendar.getAllProperties()) {
    const value = property.getFirstValue();
    props[property.name] = {
      value: typeof value === "object" && value !== null ? value.toString() : value,
      type: property.type,
    };
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      start: readTime(event.startDate, vevent.getFirstProperty("dtstart")),
      end: readTime(event.endDate, vevent.getFirstProperty("dtend")),
      isDate: event.startDate.isDate,
      tz: event.startDate.isDate ? null : vevent.getFirstProperty("dtstart").getParameter("tzid"),
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
      categories: vevent.getFirstProperty("categories")?.getValues() ?? [],
      url: vevent.getFirstPropertyValue("url"),
    };
  });
  return { props, zones, events };
}

const out = {};
for (const path of process.argv.slice(2)) {
  out[path] = dump(path);
}
process.stdout.write(JSON.stringify(out));
