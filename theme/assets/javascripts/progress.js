/* "My progress": the sessions logged in this browser (session-log.js) as two charts, each beside a
 * table of the same numbers; save them as CSV or JSON, load a saved file (merged, no duplicates),
 * delete everything. Nothing is sent anywhere. Hand-drawn SVG, no library. */
(function () {
  "use strict";

  var BG = window.BackGuide;
  var root = document.getElementById("progress");
  if (!BG || !BG.log || !root) return;
  var LOG = BG.log;
  var SVG = "http://www.w3.org/2000/svg";
  var WEEKS = 8;
  var POINTS = 30;
  var OUTCOME_TEXT = { completed: "completed", ended: "ended early", stopped: "stopped (it hurt)" };

  var el = BG.el;

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text, className, onClick) {
    var b = el("button", { type: "button", className: "md-button " + (className || ""), text: text });
    b.addEventListener("click", onClick);
    return b;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function dayKey(d) { return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()); }
  function mondayOf(d) {
    var day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
    return day;
  }
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function shortDate(d) { return d.getDate() + " " + MONTHS[d.getMonth()]; }
  function longDate(d) { return shortDate(d) + " " + d.getFullYear() + ", " + two(d.getHours()) + ":" + two(d.getMinutes()); }

  /* Sessions per week, Monday to Sunday (local time), for the last WEEKS weeks up to this one. */
  function weeks(sessions, now) {
    var last = mondayOf(now), rows = [];
    for (var i = WEEKS - 1; i >= 0; i--) {
      var start = new Date(last.getFullYear(), last.getMonth(), last.getDate() - 7 * i);
      rows.push({ key: dayKey(start), start: start, count: 0, completed: 0 });
    }
    sessions.forEach(function (s) {
      var key = dayKey(mondayOf(new Date(s.started)));
      rows.forEach(function (row) {
        if (row.key === key) { row.count += 1; if (s.outcome === "completed") row.completed += 1; }
      });
    });
    return rows;
  }

  var W = 600, H = 300, LEFT = 44, RIGHT = 12, TOP = 16, BOTTOM = 56;

  function axes(chart, max, ticks) {
    var plotH = H - TOP - BOTTOM;
    ticks.forEach(function (value) {
      var y = TOP + plotH - (value / max) * plotH;
      chart.appendChild(svg("line", { class: "grid", x1: LEFT, x2: W - RIGHT, y1: y, y2: y }));
      chart.appendChild(svg("text", { x: LEFT - 8, y: y + 6, "text-anchor": "end" }, String(value)));
    });
    chart.appendChild(svg("line", { class: "axis", x1: LEFT, x2: LEFT, y1: TOP, y2: H - BOTTOM }));
    chart.appendChild(svg("line", { class: "axis", x1: LEFT, x2: W - RIGHT, y1: H - BOTTOM, y2: H - BOTTOM }));
  }

  function figure(id, title, summary, chart, table) {
    chart.setAttribute("role", "img");
    chart.setAttribute("aria-labelledby", id + "-title " + id + "-desc");
    chart.insertBefore(svg("desc", { id: id + "-desc" }, summary), chart.firstChild);
    chart.insertBefore(svg("title", { id: id + "-title" }, title), chart.firstChild);
    return el("figure", { className: "progress-chart", id: id }, [
      chart,
      el("figcaption", { text: title + ". " + summary + " The table below gives the same numbers." }),
      el("div", { className: "progress-table-box", role: "region", tabindex: "0",
                  "aria-label": title + ": table" }, [table]),
    ]);
  }

  function weeksChart(rows) {
    var max = Math.max(4, Math.max.apply(null, rows.map(function (r) { return r.count; })));
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "progress-weeks-chart" });
    axes(chart, max, [0, Math.round(max / 2), max]);
    var plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM, slot = plotW / rows.length;
    rows.forEach(function (row, i) {
      var height = (row.count / max) * plotH, x = LEFT + i * slot + slot * 0.2;
      chart.appendChild(svg("rect", { class: "bar", x: x.toFixed(1), width: (slot * 0.6).toFixed(1),
        y: (TOP + plotH - height).toFixed(1), height: height.toFixed(1),
        "data-week": row.key, "data-count": String(row.count) }));
      chart.appendChild(svg("text", { x: (x + slot * 0.3).toFixed(1), y: H - BOTTOM + 22, "text-anchor": "middle" },
                            shortDate(row.start)));
      if (row.count) {
        chart.appendChild(svg("text", { x: (x + slot * 0.3).toFixed(1), y: (TOP + plotH - height - 4).toFixed(1),
                                        "text-anchor": "middle" }, String(row.count)));
      }
    });
    chart.appendChild(svg("text", { x: LEFT + plotW / 2, y: H - 8, "text-anchor": "middle" }, "Week starting"));
    var total = rows.reduce(function (sum, r) { return sum + r.count; }, 0);
    var table = el("table", {}, [
      el("caption", { text: "Sessions per week" }),
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Week starting" }),
        el("th", { scope: "col", text: "Sessions" }), el("th", { scope: "col", text: "Completed" })])]),
      el("tbody", {}, rows.map(function (row) {
        return el("tr", { "data-week": row.key }, [el("th", { scope: "row", text: shortDate(row.start) + " " + row.start.getFullYear() }),
          el("td", { text: String(row.count) }), el("td", { text: String(row.completed) })]);
      })),
    ]);
    return figure("progress-weeks", "Sessions per week",
                  total + " sessions in the last " + WEEKS + " weeks.", chart, table);
  }

  function painChart(sessions) {
    var scored = sessions.filter(function (s) { return s.pain_after !== null; }).slice(-POINTS);
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "progress-pain-chart" });
    axes(chart, 10, [0, 5, 10]);
    var plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
    var step = scored.length > 1 ? plotW / (scored.length - 1) : 0;
    var path = [];
    scored.forEach(function (s, i) {
      var x = LEFT + (scored.length > 1 ? i * step : plotW / 2), y = TOP + plotH - (s.pain_after / 10) * plotH;
      path.push((i ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1));
      chart.appendChild(svg("circle", { class: "point", cx: x.toFixed(1), cy: y.toFixed(1), r: 5,
                                        "data-session": s.id, "data-pain": String(s.pain_after) }));
    });
    if (scored.length > 1) chart.insertBefore(svg("path", { class: "line", d: path.join(" ") }), chart.querySelector("circle"));
    if (scored.length) {
      chart.appendChild(svg("text", { x: LEFT, y: H - BOTTOM + 22 }, shortDate(new Date(scored[0].started))));
      chart.appendChild(svg("text", { x: W - RIGHT, y: H - BOTTOM + 22, "text-anchor": "end" },
                            shortDate(new Date(scored[scored.length - 1].started))));
    }
    chart.appendChild(svg("text", { x: LEFT + plotW / 2, y: H - 8, "text-anchor": "middle" }, "Sessions, oldest to newest"));
    var summary = scored.length
      ? "Pain after each of the last " + scored.length + " scored sessions, from 0 (none) to 10 (worst): first " +
        scored[0].pain_after + ", latest " + scored[scored.length - 1].pain_after + "."
      : "No session has a pain score yet.";
    var table = el("table", {}, [
      el("caption", { text: "Every session" }),
      el("thead", {}, [el("tr", {}, ["Date", "Routine", "Outcome", "Pain before", "Pain after"].map(function (h) {
        return el("th", { scope: "col", text: h });
      }))]),
      el("tbody", {}, sessions.slice().reverse().map(function (s) {
        return el("tr", { "data-session": s.id }, [
          el("th", { scope: "row", text: longDate(new Date(s.started)) }),
          el("td", { text: s.routine.title }),
          el("td", { text: OUTCOME_TEXT[s.outcome] + (s.outcome === "completed" ? "" : ", " + s.steps_done + " of " + s.steps.length + " steps") }),
          el("td", { text: s.pain_before === null ? "–" : String(s.pain_before) }),
          el("td", { text: s.pain_after === null ? "–" : String(s.pain_after) }),
        ]);
      })),
    ]);
    return figure("progress-pain", "Pain after each session", summary, chart, table);
  }

  var message = el("p", { className: "progress-message", role: "status" });

  function say(text) { message.textContent = text; }

  function actions(sessions) {
    var fileId = "progress-import";
    var file = el("input", { type: "file", id: fileId, accept: ".json,application/json" });
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen) return;
      var reader = new FileReader();
      reader.onload = function () {
        var found = LOG.parseImport(String(reader.result));
        if (!found.sessions.length) { say(found.problem || "The file holds no session."); return; }
        var merged = LOG.merge(LOG.load().sessions, found.sessions);
        if (!LOG.save(merged.sessions)) { say("This browser did not let the guide save the sessions."); return; }
        render();
        say("Loaded " + merged.added + (merged.added === 1 ? " new session" : " new sessions") +
            (merged.already ? "; " + merged.already + " " + (merged.already === 1 ? "was" : "were") + " already here" : "") +
            "." + (found.problem ? " " + found.problem : ""));
        document.getElementById(fileId).focus();
      };
      reader.onerror = function () { say("The file could not be read."); };
      reader.readAsText(chosen);
    });
    var confirmBox = el("div", { className: "progress-confirm", hidden: "" });
    var remove = button("Delete all my data", "progress-delete", function () {
      confirmBox.hidden = false;
      confirmBox.querySelector("button").focus();
    });
    function cancel() { confirmBox.hidden = true; remove.focus(); }
    confirmBox.appendChild(el("p", { id: "progress-confirm-text", text: "Delete every session, your own routine and your settings from this browser? This cannot be undone; save a copy first if you may want it." }));
    confirmBox.appendChild(button("Yes, delete everything", "md-button--primary progress-delete-yes", function () {
      LOG.clear();
      try {
        Object.keys(window.localStorage).forEach(function (key) {
          if (key.indexOf("backguide-") === 0) window.localStorage.removeItem(key);
        });
      } catch (error) { /* nothing kept */ }
      render();
      say("Deleted: this browser keeps nothing of yours for the guide now.");
      document.querySelector(".progress-delete").focus();
    }));
    confirmBox.appendChild(button("Cancel", "progress-delete-no", cancel));
    confirmBox.addEventListener("keydown", function (event) { if (event.key === "Escape") cancel(); });
    var stamp = new Date().toISOString().slice(0, 10);
    return el("section", { className: "progress-actions", "aria-labelledby": "progress-data" }, [
      el("h2", { id: "progress-data", text: "Your data" }),
      el("p", { text: "Save a copy to keep it or to move it to another browser; load it there to merge it (a session already there is not added twice)." }),
      el("p", {}, [
        button("Save as CSV (spreadsheet)", "progress-csv", function () {
          LOG.download("back-sessions-" + stamp + ".csv", "text/csv", LOG.toCSV(LOG.load().sessions));
        }),
        button("Save as JSON (to load again)", "progress-json", function () {
          LOG.download("back-sessions-" + stamp + ".json", "application/json", LOG.toJSON(LOG.load().sessions));
        }),
      ]),
      el("p", {}, [el("label", { for: fileId, text: "Load a saved JSON file: " }), file]),
      el("p", {}, [remove]),
      confirmBox,
    ]);
  }

  function render() {
    var found = LOG.load();
    var sessions = found.sessions;
    var parts = [];
    if (found.problem) parts.push(el("p", { className: "progress-problem", role: "note", text: found.problem }));
    parts.push(el("h2", { id: "progress-summary", text: "Your sessions" }));
    if (!sessions.length) {
      parts.push(el("p", { text: "No session is logged in this browser yet. Play a routine and it appears here." }));
    } else {
      var completed = sessions.filter(function (s) { return s.outcome === "completed"; }).length;
      parts.push(el("p", { className: "progress-total",
        text: sessions.length + (sessions.length === 1 ? " session" : " sessions") + " logged, " + completed + " completed." }));
      parts.push(weeksChart(weeks(sessions, new Date())));
      parts.push(painChart(sessions));
    }
    parts.push(actions(sessions));
    parts.push(message);
    root.replaceChildren.apply(root, parts);
    root.hidden = false;
  }

  render();
})();
