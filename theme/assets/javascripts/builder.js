/* "Make my routine": choose home exercises, set their doses within the safe range, print a card.
 *
 * Plain JavaScript, no framework and no request: the data comes from builder-data.js (a script, so
 * the page also works from file://). The routine lives in the address's fragment (shareable,
 * bookmarkable) and in localStorage. Every text from the data goes in with textContent.
 */
(function () {
  "use strict";

  var DATA = window.BACKGUIDE_BUILDER;
  var root = document.getElementById("routine-builder");
  var cardHost = document.getElementById("builder-card");
  var emptyNote = document.getElementById("builder-card-empty");
  var blankCard = cardHost && cardHost.querySelector(".routine-card");
  if (!DATA || !root || !blankCard || !emptyNote || !window.BackGuide) return;

  var STORAGE_KEY = "backguide-routine";
  var DOSE_FIELDS = ["hold_seconds", "reps", "sets", "duration_minutes"];
  var DOSE_LABELS = { hold_seconds: "Hold (seconds)", reps: "Times", sets: "Sets",
                      duration_minutes: "Minutes" };
  // Tables without a prototype, read with has(): an id from an address ("constructor", "__proto__",
  // "toString") can only name an exercise or a condition of the guide.
  var methods = Object.create(null);
  DATA.methods.forEach(function (m) { methods[m.id] = m; });
  var conditionTitles = Object.create(null);
  DATA.conditions.forEach(function (c) { conditionTitles[c.id] = c.title; });

  // The site root, from this page's own address (the page sits at the root of the site).
  var base = new URL(".", window.location.href);

  var state = { steps: [], conditions: [], filters: { area: "", equipment: "", difficulty: "" } };

  /* ---- helpers ------------------------------------------------------------------------------ */

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else if (name === "className") node.className = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clamp(value, range) {
    var number = parseInt(value, 10);
    if (isNaN(number)) number = range[0];
    return Math.min(range[1], Math.max(range[0], number));
  }

  function newStep(method) {
    var step = { method: method.id };
    DOSE_FIELDS.forEach(function (field) {
      var range = method.dose[field];
      if (range) step[field] = range[0];
    });
    return step;
  }

  function doseText(step) {
    return window.BackGuide.doseText(step, methods[step.method].dose.each_side);
  }

  /* What the routine needs, in the order its steps first need it (as on the built cards). */
  function routineEquipment() {
    var needed = [];
    state.steps.forEach(function (step) {
      methods[step.method].equipment.forEach(function (item) {
        if (needed.indexOf(item) < 0) needed.push(item);
      });
    });
    return needed;
  }

  /* About how long a step takes: holding (or about 4 seconds a movement), on each side, plus a
     little time to get into position. */
  function stepSeconds(step) {
    var method = methods[step.method];
    if (step.duration_minutes) return step.duration_minutes * 60;
    var each = (step.hold_seconds || 4) * (step.reps || 1) * (step.sets || 1);
    return each * (method.dose.each_side ? 2 : 1) + 15;
  }

  function totalMinutes() {
    var seconds = state.steps.reduce(function (sum, step) { return sum + stepSeconds(step); }, 0);
    return Math.max(1, Math.round(seconds / 60));
  }

  function warningsFor(method) {
    return method.avoid_if.filter(function (a) { return state.conditions.indexOf(a.condition) >= 0; });
  }

  /* ---- keeping the routine: the address fragment and localStorage --------------------------- */

  function encode() {
    var steps = state.steps.map(function (step) {
      return [step.method].concat(DOSE_FIELDS.filter(function (f) { return step[f]; })
        .map(function (f) { return f.charAt(0) + step[f]; })).join(".");
    });
    var parts = ["steps=" + steps.join(",")];
    if (state.conditions.length) parts.push("conditions=" + state.conditions.join(","));
    return parts.join("&");
  }

  function has(table, key) { return Object.prototype.hasOwnProperty.call(table, key); }

  var MAX_KEPT_LENGTH = 2000;  // characters; a full routine takes a few hundred
  var DOSE_BIT = /^[a-z][0-9]{1,6}$/;

  /* A kept routine ("steps=bridge.h5.r10,cat-camel&conditions=pregnancy"), from an address or from
     localStorage. Never throws: what it cannot use goes to `dropped`, to be shown to the reader. */
  function decode(text) {
    var found = { steps: [], conditions: [], dropped: [] };
    if (typeof text !== "string" || !text) return found;
    if (text.length > MAX_KEPT_LENGTH) {
      found.dropped.push("a routine too long to be one of this guide's");
      return found;
    }
    text.replace(/^#/, "").split("&").forEach(function (pair) {
      var cut = pair.indexOf("=");
      var key = cut < 0 ? pair : pair.slice(0, cut), raw = cut < 0 ? "" : pair.slice(cut + 1);
      if (key !== "steps" && key !== "conditions") return;
      var value;
      try { value = decodeURIComponent(raw); } catch (error) { found.dropped.push(raw); return; }
      value.split(",").forEach(function (item) {
        if (!item) return;
        if (key === "conditions") {
          if (has(conditionTitles, item) && found.conditions.indexOf(item) < 0) found.conditions.push(item);
          else found.dropped.push(item);
          return;
        }
        var bits = item.split("."), id = bits[0];
        if (!has(methods, id) || found.steps.length >= DATA.max_steps) { found.dropped.push(item); return; }
        var method = methods[id], step = newStep(method);
        bits.slice(1).forEach(function (bit) {
          var field = DOSE_FIELDS.filter(function (f) { return f.charAt(0) === bit.charAt(0); })[0];
          if (DOSE_BIT.test(bit) && field && method.dose[field]) step[field] = clamp(bit.slice(1), method.dose[field]);
          else found.dropped.push(item + " (" + bit + ")");
        });
        found.steps.push(step);
      });
    });
    return found;
  }

  /* Says, in one short line above the builder, what a kept routine held that could not be used. */
  function showDropped(dropped) {
    if (!dropped.length) return;
    var shown = dropped.slice(0, 3).map(function (item) {
      return item.length > 40 ? item.slice(0, 40) + "…" : item;
    });
    var note = el("p", { className: "builder-dropped", role: "status",
      text: "Left out of the saved routine, as this guide has no such exercise or setting: " +
            shown.join(", ") + (dropped.length > 3 ? " and " + (dropped.length - 3) + " more" : "") + "." });
    root.parentNode.insertBefore(note, root);
  }

  function save() {
    var text = encode();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + text);
    }
    try { window.localStorage.setItem(STORAGE_KEY, text); } catch (error) { /* private mode */ }
  }

  function load() {
    var hash = window.location.hash || "";
    var text = /^#?(steps|conditions)=/.test(hash) || /&(steps|conditions)=/.test(hash) ? hash : "";
    if (!text) {
      try { text = window.localStorage.getItem(STORAGE_KEY) || ""; } catch (error) { text = ""; }
    }
    var found = decode(text);
    state.steps = found.steps;
    state.conditions = found.conditions;
    showDropped(found.dropped);
    if (found.dropped.length) save();  // keep only what was understood
  }

  /* ---- the controls -------------------------------------------------------------------------- */

  function select(label, name, values) {
    var id = "builder-filter-" + name;
    var control = el("select", { id: id });
    control.appendChild(el("option", { value: "", text: "Any" }));
    values.forEach(function (value) {
      var option = el("option", { value: value, text: value.replace(/-/g, " ") });
      if (state.filters[name] === value) option.selected = true;
      control.appendChild(option);
    });
    control.addEventListener("change", function () {
      state.filters[name] = control.value;
      render("#" + id);
    });
    return el("div", { className: "builder-filter" }, [el("label", { for: id, text: label }), control]);
  }

  function unique(list) {
    return list.filter(function (v, i) { return list.indexOf(v) === i; }).sort();
  }

  function renderFilters() {
    var all = DATA.methods;
    return el("fieldset", { className: "builder-filters" }, [
      el("legend", { text: "Filter the exercises" }),
      select("Body area", "area", unique([].concat.apply([], all.map(function (m) { return m.body_areas; })))),
      select("Equipment", "equipment", unique([].concat.apply([], all.map(function (m) { return m.equipment; })))),
      select("Difficulty", "difficulty", unique(all.map(function (m) { return m.difficulty; }))),
    ]);
  }

  function renderConditions() {
    var box = el("fieldset", { className: "builder-conditions" }, [
      el("legend", { text: "Do any of these apply to you?" }),
    ]);
    DATA.conditions.forEach(function (condition) {
      var id = "builder-condition-" + condition.id;
      var input = el("input", { type: "checkbox", id: id, value: condition.id });
      input.checked = state.conditions.indexOf(condition.id) >= 0;
      input.addEventListener("change", function () {
        state.conditions = DATA.conditions.map(function (c) { return c.id; }).filter(function (cid) {
          var box = document.getElementById("builder-condition-" + cid);
          return box && box.checked;
        });
        changed();
      });
      box.appendChild(el("div", { className: "builder-condition" }, [
        input, " ", el("label", { for: id, text: condition.title }),
      ]));
    });
    return box;
  }

  function matches(method) {
    var f = state.filters;
    return (!f.area || method.body_areas.indexOf(f.area) >= 0) &&
           (!f.equipment || method.equipment.indexOf(f.equipment) >= 0) &&
           (!f.difficulty || method.difficulty === f.difficulty);
  }

  function renderChoices() {
    var full = state.steps.length >= DATA.max_steps;
    var list = el("ul", { className: "builder-choices" });
    DATA.methods.filter(matches).forEach(function (method) {
      var add = el("button", { type: "button", className: "md-button builder-add",
                               text: "Add", "aria-label": "Add " + method.title });
      add.disabled = full;
      add.addEventListener("click", function () {
        if (state.steps.length < DATA.max_steps) { state.steps.push(newStep(method)); changed(); }
      });
      list.appendChild(el("li", {}, [
        el("a", { href: new URL(method.url, base).href, text: method.title }),
        " (" + method.difficulty + "; " + (method.equipment.join(", ") || "no equipment") + ") ",
        add,
      ]));
    });
    if (!list.children.length) list.appendChild(el("li", { text: "No exercise matches these filters." }));
    var section = el("section", { className: "builder-section", "aria-labelledby": "builder-choices" }, [
      el("h2", { id: "builder-choices", text: "Exercises to choose from" }), list,
    ]);
    if (full) section.appendChild(el("p", { className: "builder-full",
      text: "A card holds " + DATA.max_steps + " steps at most, so it fits one page." }));
    return section;
  }

  function moveButton(label, index, offset) {
    var button = el("button", { type: "button", className: "md-button builder-move", text: label,
      "aria-label": label + ": " + methods[state.steps[index].method].title });
    var target = index + offset;
    button.disabled = target < 0 || target >= state.steps.length;
    button.addEventListener("click", function () {
      var moved = state.steps.splice(index, 1)[0];
      state.steps.splice(target, 0, moved);
      changed(".builder-step:nth-child(" + (target + 1) + ") .builder-move");
    });
    return button;
  }

  function renderSteps() {
    var list = el("ol", { className: "builder-steps" });
    state.steps.forEach(function (step, index) {
      var method = methods[step.method];
      var doses = el("div", { className: "builder-doses" });
      DOSE_FIELDS.forEach(function (field) {
        var range = method.dose[field];
        if (!range) return;
        var id = "builder-step-" + index + "-" + field;
        var input = el("input", { type: "number", id: id, min: range[0], max: range[1], step: 1,
                                  value: step[field], inputmode: "numeric" });
        input.addEventListener("change", function () {
          step[field] = clamp(input.value, range);
          input.value = step[field];
          changed("#" + id);
        });
        doses.appendChild(el("span", { className: "builder-dose" }, [
          el("label", { for: id, text: DOSE_LABELS[field] + " (" + range[0] + "–" + range[1] + ")" }),
          " ", input,
        ]));
      });
      var remove = el("button", { type: "button", className: "md-button builder-remove",
                                  text: "Remove", "aria-label": "Remove " + method.title });
      remove.addEventListener("click", function () { state.steps.splice(index, 1); changed(); });
      var item = el("li", { className: "builder-step" }, [
        el("strong", { text: method.title }), " ", doses,
        el("div", { className: "builder-step-actions" }, [
          moveButton("Move up", index, -1), moveButton("Move down", index, 1), remove,
        ]),
      ]);
      warningsFor(method).forEach(function (warning) {
        item.appendChild(el("p", { className: "builder-warning" }, [
          el("strong", { text: "Check first (" + conditionTitles[warning.condition] + "): " }),
          warning.note,
        ]));
      });
      list.appendChild(item);
    });
    var section = el("section", { className: "builder-section", "aria-labelledby": "builder-steps" }, [
      el("h2", { id: "builder-steps", text: "Your routine" }),
      el("p", { className: "builder-total", "aria-live": "polite",
                text: state.steps.length ? "About " + totalMinutes() + " minutes, " +
                  state.steps.length + " of " + DATA.max_steps + " steps."
                  : "No steps yet: add exercises from the list." }),
      list,
    ]);
    if (state.steps.length) {
      var print = el("button", { type: "button", className: "md-button md-button--primary",
                                 text: "Print my card" });
      print.addEventListener("click", function () { window.print(); });
      section.appendChild(print);
    }
    return section;
  }

  /* ---- the card: the blank card the build wrote into the page, filled in ------------------- */

  function fill(scope, name, text) {
    var slot = scope.querySelector('[data-card-slot="' + name + '"]');
    if (slot) slot.textContent = text;
    return slot;
  }

  function renderCard() {
    var card = blankCard.cloneNode(true);
    var template = card.querySelector("template");
    var list = card.querySelector(".card-steps");
    state.steps.forEach(function (step) {
      var method = methods[step.method];
      var item = template.content.firstElementChild.cloneNode(true);
      fill(item, "name", method.title);
      fill(item, "instruction", method.instruction);
      fill(item, "dose", doseText(step));
      fill(item, "cue", method.key_cue);
      var warnings = fill(item, "warnings", "");
      warningsFor(method).forEach(function (warning) {
        warnings.appendChild(el("span", { className: "card-warning" }, [
          " ", el("strong", { text: "Check first:" }), " " + warning.note,
        ]));
      });
      list.appendChild(item);
    });
    template.remove();
    fill(card, "minutes", String(totalMinutes()));
    fill(card, "equipment", routineEquipment().join(", ") || "a little space");
    return card;
  }

  /* ---- wiring -------------------------------------------------------------------------------- */

  function render(focusSelector) {
    root.replaceChildren(renderFilters(), renderConditions(), renderChoices(), renderSteps());
    var hasSteps = state.steps.length > 0;
    cardHost.replaceChildren.apply(cardHost, hasSteps ? [renderCard()] : []);
    cardHost.hidden = !hasSteps;
    emptyNote.hidden = hasSteps;
    if (focusSelector) {
      var target = root.querySelector(focusSelector);
      if (target && !target.disabled) target.focus();
    }
  }

  function changed(focusSelector) {
    save();
    render(focusSelector);
  }

  load();
  root.hidden = false;
  render();
})();
