/* A routine in the browser, shared by "Make my routine" and the player: the routine's address
 * (#steps=cat-camel.r8,bridge.h5.r10), how long its steps take, and what to check first.
 * Reads the guide's data script (guide-data.js, shape in generator/guide_data.py). */
(function () {
  "use strict";

  var BG = window.BackGuide = window.BackGuide || {};
  var DATA = window.BACKGUIDE_DATA;
  if (!DATA) return;
  var FIELDS = ["hold_seconds", "reps", "sets", "duration_minutes"];
  // Tables without a prototype, read with has(): an id from an address ("constructor", "__proto__",
  // "toString") can only name an exercise or a condition of the guide.
  var methods = Object.create(null);
  DATA.methods.forEach(function (m) { methods[m.id] = m; });
  var conditions = Object.create(null);
  DATA.conditions.forEach(function (c) { conditions[c.id] = c.title; });
  var MAX_KEPT_LENGTH = 2000;  // characters; a full routine takes a few hundred
  var DOSE_BIT = /^[a-z][0-9]{1,6}$/;

  function has(table, key) { return Object.prototype.hasOwnProperty.call(table, key); }

  function clamp(value, range) {
    var number = parseInt(value, 10);
    if (isNaN(number)) number = range[0];
    return Math.min(range[1], Math.max(range[0], number));
  }

  /* A new step of a method at the low end of each part of its range. */
  function newStep(method) {
    var step = { method: method.id };
    FIELDS.forEach(function (field) { if (method.dose[field]) step[field] = method.dose[field][0]; });
    return step;
  }

  function encodeSteps(steps) {
    return steps.map(function (step) {
      return [step.method].concat(FIELDS.filter(function (f) { return step[f]; })
        .map(function (f) { return f.charAt(0) + step[f]; })).join(".");
    }).join(",");
  }

  /* Steps from their address form; doses kept inside the range. What cannot be used (an unknown
     exercise, a malformed dose, a ninth step) goes to `dropped` when it is given. */
  function decodeSteps(text, dropped) {
    var steps = [];
    dropped = dropped || [];
    (text || "").split(",").forEach(function (item) {
      if (!item) return;
      var bits = item.split("."), id = bits[0];
      if (!has(methods, id) || steps.length >= DATA.max_steps) { dropped.push(item); return; }
      var method = methods[id], step = newStep(method);
      bits.slice(1).forEach(function (bit) {
        var field = FIELDS.filter(function (f) { return f.charAt(0) === bit.charAt(0); })[0];
        if (DOSE_BIT.test(bit) && field && method.dose[field]) step[field] = clamp(bit.slice(1), method.dose[field]);
        else dropped.push(item + " (" + bit + ")");
      });
      steps.push(step);
    });
    return steps;
  }

  /* The fragment's parts ({steps, conditions, routine}), from an address or from storage. Never
     throws: an overlong text, an unknown part or a malformed escape goes to `dropped`. */
  function parseHash(hash, dropped) {
    var found = Object.create(null);
    dropped = dropped || [];
    if (typeof hash !== "string" || !hash) return found;
    if (hash.length > MAX_KEPT_LENGTH) {
      dropped.push("a routine too long to be one of this guide's");
      return found;
    }
    hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      var key = at < 0 ? pair : pair.slice(0, at);
      if (key !== "steps" && key !== "conditions" && key !== "routine") return;
      try { found[key] = decodeURIComponent(at < 0 ? "" : pair.slice(at + 1)); }
      catch (error) { dropped.push(pair.slice(at + 1)); }
    });
    return found;
  }

  /* Conditions from their address form: only the guide's own, each once. */
  function decodeConditions(text, dropped) {
    var found = [];
    (text || "").split(",").forEach(function (id) {
      if (!id) return;
      if (has(conditions, id)) { if (found.indexOf(id) < 0) found.push(id); }
      else if (dropped) dropped.push(id);
    });
    return found;
  }

  /* About how long a step takes: each hold (or paced repetition), on each side, in each set, plus
     a little time to get into position. */
  function stepSeconds(step) {
    var method = methods[step.method];
    if (step.duration_minutes) return step.duration_minutes * 60;
    var each = (step.hold_seconds || method.tempo_seconds) * (step.reps || 1) * (step.sets || 1);
    return each * (method.dose.each_side ? 2 : 1) + 15;
  }

  function totalMinutes(steps) {
    var seconds = steps.reduce(function (sum, step) { return sum + stepSeconds(step); }, 0);
    return Math.max(1, Math.round(seconds / 60));
  }

  function minutesText(minutes) {
    return minutes === 1 ? "1 minute" : minutes + " minutes";
  }

  /* Each condition the steps' methods are to be avoided with, once, with the steps it concerns:
     the same computation as the build's (generator/graph.py check_first), for a reader's routine. */
  function checkFirst(steps) {
    var found = [], byCondition = {};
    steps.forEach(function (step, index) {
      methods[step.method].avoid_if.forEach(function (avoid) {
        if (!conditions[avoid.condition]) return;
        var entry = byCondition[avoid.condition];
        if (!entry) {
          entry = byCondition[avoid.condition] = { condition: avoid.condition,
            title: conditions[avoid.condition], steps: [] };
          found.push(entry);
        }
        entry.steps.push({ number: index + 1, method: step.method, note: avoid.note });
      });
    });
    return found;
  }

  BG.routine = {
    FIELDS: FIELDS, methods: methods, conditions: conditions, has: has, clamp: clamp,
    newStep: newStep, encodeSteps: encodeSteps, decodeSteps: decodeSteps, parseHash: parseHash,
    decodeConditions: decodeConditions,
    stepSeconds: stepSeconds, totalMinutes: totalMinutes, minutesText: minutesText,
    checkFirst: checkFirst,
  };
})();
