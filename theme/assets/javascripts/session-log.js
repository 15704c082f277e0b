/* The private session log, kept in this browser's localStorage and never sent anywhere; shared by
 * the player (which writes it) and "My progress" (which shows, exports, imports and deletes it).
 *
 * Stored under "backguide-sessions" as {format: "backguide-sessions", version: 1, sessions: [...]},
 * each session:
 *   {id, started, ended (ISO times, UTC), outcome: "completed" | "ended" | "stopped",
 *    routine: {id, title, address}, steps: [{method, title, hold_seconds?, reps?, sets?,
 *    duration_minutes?}], steps_done, pain_before, pain_after (0-10 or null)}
 * Every record is validated on read: damaged or foreign data is left untouched and not shown, with
 * a message; it never stops the page. */
(function () {
  "use strict";

  var BG = window.BackGuide = window.BackGuide || {};
  var KEY = "backguide-sessions";
  var FORMAT = "backguide-sessions";
  var VERSION = 1;
  var OUTCOMES = ["completed", "ended", "stopped"];
  var FIELDS = ["hold_seconds", "reps", "sets", "duration_minutes"];
  var ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

  function isInt(value, low, high) {
    return typeof value === "number" && Math.floor(value) === value && value >= low && value <= high;
  }
  function isText(value, max) {
    return typeof value === "string" && value.length > 0 && value.length <= max;
  }
  function isTime(value) {
    return typeof value === "string" && ISO.test(value) && !isNaN(Date.parse(value));
  }
  function isPain(value) { return value === null || isInt(value, 0, 10); }

  /* A clean copy of a valid session, or null. */
  function validSession(s) {
    if (!s || typeof s !== "object" || Array.isArray(s)) return null;
    if (!isText(s.id, 100) || !isTime(s.started) || !isTime(s.ended)) return null;
    if (OUTCOMES.indexOf(s.outcome) < 0 || !s.routine || typeof s.routine !== "object") return null;
    if (!isText(s.routine.id, 100) || !isText(s.routine.title, 300)) return null;
    if (s.routine.address !== undefined && typeof s.routine.address !== "string") return null;
    if (!Array.isArray(s.steps) || !s.steps.length || s.steps.length > 50) return null;
    var steps = [];
    for (var i = 0; i < s.steps.length; i++) {
      var step = s.steps[i];
      if (!step || !isText(step.method, 100) || !isText(step.title, 300)) return null;
      var clean = { method: step.method, title: step.title };
      for (var f = 0; f < FIELDS.length; f++) {
        var value = step[FIELDS[f]];
        if (value === undefined || value === null) continue;
        if (!isInt(value, 1, 1000)) return null;
        clean[FIELDS[f]] = value;
      }
      steps.push(clean);
    }
    if (!isInt(s.steps_done, 0, steps.length)) return null;
    var before = s.pain_before === undefined ? null : s.pain_before;
    var after = s.pain_after === undefined ? null : s.pain_after;
    if (!isPain(before) || !isPain(after)) return null;
    return { id: s.id, started: s.started, ended: s.ended, outcome: s.outcome,
             routine: { id: s.routine.id, title: s.routine.title, address: s.routine.address || "" },
             steps: steps, steps_done: s.steps_done, pain_before: before, pain_after: after };
  }

  function byStart(a, b) { return a.started < b.started ? -1 : a.started > b.started ? 1 : 0; }

  /* Sessions from a parsed log ({format, version, sessions}); problems as sentences. */
  function fromDocument(doc, where) {
    if (!doc || typeof doc !== "object" || doc.format !== FORMAT || !Array.isArray(doc.sessions)) {
      return { sessions: [], problem: where + " is not a session log of this guide, so it was ignored." };
    }
    if (doc.version !== VERSION) {
      return { sessions: [], problem: where + " is a session log of another version (" +
        String(doc.version).slice(0, 20) + ") that this page cannot read, so it was ignored." };
    }
    var sessions = [], skipped = 0, seen = {};
    doc.sessions.forEach(function (raw) {
      var session = validSession(raw);
      if (!session) { skipped += 1; return; }
      if (seen[session.id]) return;
      seen[session.id] = true;
      sessions.push(session);
    });
    sessions.sort(byStart);
    return { sessions: sessions, skipped: skipped,
             problem: skipped ? skipped + (skipped === 1 ? " record" : " records") + " in " + where +
               " could not be read and " + (skipped === 1 ? "was" : "were") + " left out." : "" };
  }

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  /* {sessions, problem, damaged}: never throws. */
  function load() {
    var store = storage();
    if (!store) return { sessions: [], problem: "This browser does not let the guide keep a log here." };
    var text;
    try { text = store.getItem(KEY); } catch (error) { text = null; }
    if (!text) return { sessions: [], problem: "" };
    var doc;
    try { doc = JSON.parse(text); } catch (error) { doc = null; }
    var found = fromDocument(doc, "The log kept in this browser");
    found.damaged = !found.sessions.length && !!found.problem;
    return found;
  }

  /* Writes the sessions; a log that could not be read is first kept aside, never overwritten. */
  function save(sessions) {
    var store = storage();
    if (!store) return false;
    try {
      if (load().damaged) store.setItem(KEY + "-unreadable", store.getItem(KEY));
      store.setItem(KEY, JSON.stringify({ format: FORMAT, version: VERSION, sessions: sessions }));
      return true;
    } catch (error) {
      return false;
    }
  }

  /* Adds or replaces one session (by id). */
  function put(session) {
    var clean = validSession(session);
    if (!clean) return false;
    var sessions = load().sessions.filter(function (s) { return s.id !== clean.id; });
    sessions.push(clean);
    sessions.sort(byStart);
    return save(sessions);
  }

  /* Merges imported sessions into the log: the same id is the same session, kept once. */
  function merge(existing, incoming) {
    var ids = {}, merged = existing.slice(), added = 0;
    existing.forEach(function (s) { ids[s.id] = true; });
    incoming.forEach(function (s) {
      if (!ids[s.id]) { ids[s.id] = true; merged.push(s); added += 1; }
    });
    merged.sort(byStart);
    return { sessions: merged, added: added, already: incoming.length - added };
  }

  function parseImport(text) {
    var doc;
    try { doc = JSON.parse(text); } catch (error) { doc = null; }
    return fromDocument(doc, "The file");
  }

  function clear() {
    var store = storage();
    if (!store) return;
    try { store.removeItem(KEY); store.removeItem(KEY + "-unreadable"); } catch (error) { /* */ }
  }

  function toJSON(sessions) {
    return JSON.stringify({ format: FORMAT, version: VERSION, sessions: sessions }, null, 2) + "\n";
  }

  var CSV_COLUMNS = ["id", "started", "ended", "routine", "routine_title", "outcome", "steps_done",
                     "steps_total", "pain_before", "pain_after", "steps"];

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // no formula when opened in a spreadsheet
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function stepText(step) {
    return step.method + FIELDS.filter(function (f) { return step[f]; })
      .map(function (f) { return " " + f + "=" + step[f]; }).join("");
  }

  function toCSV(sessions) {
    var rows = [CSV_COLUMNS.join(",")];
    sessions.forEach(function (s) {
      rows.push([s.id, s.started, s.ended, s.routine.id, s.routine.title, s.outcome, s.steps_done,
                 s.steps.length, s.pain_before, s.pain_after,
                 s.steps.map(stepText).join("; ")].map(csvCell).join(","));
    });
    return rows.join("\r\n") + "\r\n";
  }

  /* Whether pain rose in a session: above its own "before" score, or, without one, above the
     score after the routine's previous session. Unknown (no score after) counts as not shown. */
  function painRose(session, previous) {
    if (session.pain_after === null) return null;
    if (session.pain_before !== null) return session.pain_after > session.pain_before;
    if (previous && previous.pain_after !== null) return session.pain_after > previous.pain_after;
    return false;
  }

  function stepsKey(steps) {
    return steps.map(function (step) {
      return [step.method].concat(FIELDS.map(function (f) { return step[f] || 0; })).join(".");
    }).join(",");
  }

  /* NHS inform's rule, within the safe range: after three completed sessions in a row of this
     routine at these doses, in none of which pain rose (scored after each), offer 1 or 2 more
     repetitions. Never after a stopped or ended session, or one where pain rose. */
  function progressionDue(sessions, routineId, steps) {
    var mine = sessions.filter(function (s) { return s.routine.id === routineId; }).sort(byStart);
    if (mine.length < 3) return false;
    var key = stepsKey(steps);
    for (var i = mine.length - 3; i < mine.length; i++) {
      var s = mine[i];
      if (s.outcome !== "completed" || stepsKey(s.steps) !== key) return false;
      if (painRose(s, mine[i - 1] || null) !== false) return false;
    }
    return true;
  }

  /* The steps with `extra` repetitions added, each kept at or below the top of its method's
     range; `changes` lists the steps that change. */
  function progressed(steps, methods, extra) {
    var changes = [];
    var next = steps.map(function (step, index) {
      var range = methods[step.method] && methods[step.method].dose.reps;
      var copy = {};
      Object.keys(step).forEach(function (k) { copy[k] = step[k]; });
      if (range && step.reps && step.reps < range[1]) {
        copy.reps = Math.min(range[1], step.reps + extra);
        changes.push({ index: index, method: step.method, from: step.reps, to: copy.reps, top: range[1] });
      }
      return copy;
    });
    return { steps: next, changes: changes };
  }

  function newId() {
    var random = "";
    try {
      var bytes = new Uint8Array(6);
      window.crypto.getRandomValues(bytes);
      random = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    } catch (error) {
      random = String(Math.random()).slice(2, 14);
    }
    return "s-" + Date.now().toString(36) + "-" + random;
  }

  /* A file saved from the browser (no server): a link to a Blob, clicked. */
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  BG.log = {
    KEY: KEY, VERSION: VERSION, load: load, save: save, put: put, merge: merge,
    parseImport: parseImport, clear: clear, toJSON: toJSON, toCSV: toCSV,
    validSession: validSession, painRose: painRose, progressionDue: progressionDue,
    progressed: progressed, newId: newId, download: download,
  };
})();
