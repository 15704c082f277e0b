/* "Make my routine": choose home exercises, set their doses within the safe range, print a card,
 * start it in the player.
 *
 * Plain JavaScript, no framework and no request: the data comes from guide-data.js (a script, so
 * the page also works from file://), the address and timing rules from routine.js. The routine
 * lives in the address's fragment (shareable, bookmarkable) and in localStorage. Every text from
 * the data goes in with textContent. After each action, focus stays where the reader is, and a
 * status line says what changed and the running total.
 */
(function () {
  "use strict";

  var DATA = window.BACKGUIDE_DATA;
  var BG = window.BackGuide;
  var root = document.getElementById("routine-builder");
  var cardHost = document.getElementById("builder-card");
  var emptyNote = document.getElementById("builder-card-empty");
  var blankCard = cardHost && cardHost.querySelector(".routine-card");
  if (!DATA || !root || !blankCard || !emptyNote || !BG || !BG.routine) return;
  var R = BG.routine;

  var STORAGE_KEY = "backguide-routine";
  var DOSE_FIELDS = R.FIELDS;
  var DOSE_LABELS = { hold_seconds: "Hold (seconds)", reps: "Times", sets: "Sets",
                      duration_minutes: "Minutes" };
  var methods = R.methods;
  var conditionTitles = R.conditions;

  // The site root, from this page's own address (the page sits at the root of the site).
  var base = new URL(".", window.location.href);

  var state = { steps: [], conditions: [], filters: { area: "", equipment: "", difficulty: "" },
                pending: null };

  // One status line for the whole page, made once, so each change is announced (a live region
  // that is re-created with every render would not be).
  var status = document.createElement("p");
  status.className = "builder-status";
  status.setAttribute("role", "status");
  root.parentNode.insertBefore(status, root.nextSibling);

  /* ---- helpers ------------------------------------------------------------------------------ */

  var el = BG.el;

  function doseText(step) {
    return BG.doseText(step, methods[step.method].dose.each_side);
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

  function totalText() {
    return state.steps.length
      ? "About " + R.minutesText(R.totalMinutes(state.steps)) + ", " + state.steps.length + " of " +
        DATA.max_steps + " steps."
      : "No steps yet: add exercises from the list.";
  }

  function say(text) {
    status.textContent = text + " " + totalText();
  }

  function warningsFor(method) {
    return method.avoid_if.filter(function (a) { return state.conditions.indexOf(a.condition) >= 0; });
  }

  /* ---- keeping the routine: the address fragment and localStorage --------------------------- */

  function encode() {
    var parts = ["steps=" + R.encodeSteps(state.steps)];
    if (state.conditions.length) parts.push("conditions=" + state.conditions.join(","));
    return parts.join("&");
  }

  /* A kept routine ("steps=bridge.h5.r10,cat-camel&conditions=pregnancy"), from an address or from
     localStorage. Never throws: what it cannot use goes to `dropped`, to be shown to the reader. */
  function decode(text) {
    var dropped = [];
    var hash = R.parseHash(text, dropped);
    return {
      steps: R.decodeSteps(hash.steps, dropped),
      conditions: R.decodeConditions(hash.conditions, dropped),
      dropped: dropped,
    };
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

  /* The card's own address: this page with the routine in it, on the published site where the
     build knew its address, else this copy's own (none for a file:// copy). */
  function cardUrl() {
    var page = DATA.site.pages.builder + "#" + encode();
    if (DATA.site.site_url) return new URL(page, DATA.site.site_url).href;
    if (/^https?:$/.test(window.location.protocol)) return new URL(page, base).href;
    return null;
  }

  /* ---- the actions ----------------------------------------------------------------------------- */

  function add(method) {
    if (state.steps.length >= DATA.max_steps) return;
    var before = [];
    state.steps.forEach(function (step, i) { if (step.method === method.id) before.push(i + 1); });
    state.steps.push(R.newStep(method));
    state.pending = null;
    var number = state.steps.length;
    var full = number >= DATA.max_steps;
    changed(full ? "#builder-steps" : '[data-add="' + method.id + '"]');
    say(before.length
      ? method.title + " is already in your routine (step " + before.join(", ") + "): added it again as step " + number + "."
      : "Added " + method.title + " as step " + number + ".");
  }

  function askFirst(method) {
    state.pending = method.id;
    render('[data-confirm="' + method.id + '"] .builder-confirm-yes');
    say("Check first before adding " + method.title + ".");
  }

  function cancelPending(method) {
    state.pending = null;
    render('[data-add="' + method.id + '"]');
    status.textContent = "Not added: " + method.title + ".";
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
        // A step the new tick rules out needs the reader's clear yes to stay: asked in the step.
        var hits = state.steps.filter(function (step) {
          return methods[step.method].avoid_if.some(function (a) { return a.condition === condition.id; });
        });
        hits.forEach(function (step) { step.ask = input.checked; });
        changed("#" + id);
        var hit = hits.length;
        status.textContent = (input.checked ? "Ticked: " : "Unticked: ") + condition.title + "." +
          (input.checked && hit ? " " + hit + (hit === 1 ? " of your steps is" : " of your steps are") +
            " not advised with it: keep or remove " + (hit === 1 ? "it" : "each") +
            " in your routine." : "");
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

  /* Adding an exercise that a ticked condition rules out needs a clear yes. */
  function confirmBox(method) {
    var warnings = warningsFor(method);
    var yes = el("button", { type: "button", className: "md-button md-button--primary builder-confirm-yes",
                             text: "Add it anyway" });
    var no = el("button", { type: "button", className: "md-button builder-confirm-no", text: "Do not add it" });
    yes.addEventListener("click", function () { add(method); });
    no.addEventListener("click", function () { cancelPending(method); });
    var box = el("div", { className: "builder-confirm", role: "group", "data-confirm": method.id,
                          "aria-labelledby": "builder-confirm-" + method.id }, [
      el("p", { id: "builder-confirm-" + method.id }, [
        el("strong", { text: "Check first: " + method.title + " is not advised if you have " +
          warnings.map(function (w) { return conditionTitles[w.condition].toLowerCase(); }).join(" or ") + "." }),
      ]),
    ]);
    warnings.forEach(function (w) { box.appendChild(el("p", { text: w.note })); });
    box.appendChild(el("p", { text: "Add it only if a doctor or physiotherapist has said it is fine for you." }));
    box.appendChild(el("p", {}, [yes, " ", no]));
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); cancelPending(method); }
    });
    return box;
  }

  /* A step in the routine that a newly ticked condition rules out: keep it only with a clear yes. */
  function keepBox(step, index, method) {
    var keep = el("button", { type: "button", className: "md-button md-button--primary builder-keep",
                              text: "Keep it", "aria-label": "Keep it: " + method.title });
    var drop = el("button", { type: "button", className: "md-button builder-drop",
                              text: "Remove it", "aria-label": "Remove it: " + method.title });
    keep.addEventListener("click", function () {
      step.ask = false;
      changed(".builder-step:nth-child(" + (index + 1) + ") .builder-remove");
      say("Kept " + method.title + ".");
    });
    drop.addEventListener("click", function () {
      state.steps.splice(index, 1);
      var next = Math.min(index, state.steps.length - 1);
      changed(next >= 0 ? ".builder-step:nth-child(" + (next + 1) + ") .builder-remove" : "#builder-steps");
      say("Removed " + method.title + ".");
    });
    return el("div", { className: "builder-confirm", role: "group", "aria-label": "Keep " + method.title + "?" }, [
      el("p", { text: "Keep it only if a doctor or physiotherapist has said it is fine for you." }),
      el("p", {}, [keep, " ", drop]),
    ]);
  }

  function renderChoices() {
    var full = state.steps.length >= DATA.max_steps;
    var list = el("ul", { className: "builder-choices" });
    DATA.methods.filter(matches).forEach(function (method) {
      var addButton = el("button", { type: "button", className: "md-button builder-add",
                                     text: "Add", "aria-label": "Add " + method.title,
                                     "data-add": method.id });
      addButton.disabled = full;
      addButton.addEventListener("click", function () {
        if (warningsFor(method).length) askFirst(method);
        else add(method);
      });
      var item = el("li", {}, [
        el("a", { href: new URL(method.url, base).href, text: method.title }),
        " (" + method.difficulty + "; " + (method.equipment.join(", ") || "no equipment") + ") ",
        addButton,
      ]);
      if (state.pending === method.id && !full) item.appendChild(confirmBox(method));
      list.appendChild(item);
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
    var key = offset < 0 ? "up" : "down";
    var button = el("button", { type: "button", className: "md-button builder-move builder-move-" + key,
      text: label, "aria-label": label + ": " + methods[state.steps[index].method].title });
    var target = index + offset;
    button.disabled = target < 0 || target >= state.steps.length;
    button.addEventListener("click", function () {
      var moved = state.steps.splice(index, 1)[0];
      state.steps.splice(target, 0, moved);
      var at = ".builder-step:nth-child(" + (target + 1) + ") ";
      var stillPossible = offset < 0 ? target > 0 : target < state.steps.length - 1;
      changed(at + (stillPossible ? ".builder-move-" + key : ".builder-move-" + (key === "up" ? "down" : "up")));
      say("Moved " + methods[moved.method].title + " to step " + (target + 1) + ".");
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
          step[field] = R.clamp(input.value, range);
          input.value = step[field];
          changed("#" + id);
          say(method.title + ": " + doseText(step) + ".");
        });
        doses.appendChild(el("span", { className: "builder-dose" }, [
          el("label", { for: id, text: DOSE_LABELS[field] + " (" + range[0] + "–" + range[1] + ")" }),
          " ", input,
        ]));
      });
      var remove = el("button", { type: "button", className: "md-button builder-remove",
                                  text: "Remove", "aria-label": "Remove " + method.title });
      remove.addEventListener("click", function () {
        state.steps.splice(index, 1);
        var next = Math.min(index, state.steps.length - 1);
        changed(next >= 0 ? ".builder-step:nth-child(" + (next + 1) + ") .builder-remove" : "#builder-steps");
        say("Removed " + method.title + ".");
      });
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
      if (step.ask && warningsFor(method).length) item.appendChild(keepBox(step, index, method));
      list.appendChild(item);
    });
    var section = el("section", { className: "builder-section", "aria-labelledby": "builder-steps" }, [
      el("h2", { id: "builder-steps", text: "Your routine", tabindex: "-1" }),
      el("p", { className: "builder-total", text: totalText() }),
      list,
    ]);
    if (state.steps.length) {
      var print = el("button", { type: "button", className: "md-button", text: "Print my card" });
      print.addEventListener("click", function () { window.print(); });
      var play = el("a", { className: "md-button md-button--primary builder-start",
                           href: new URL(DATA.site.pages.player + "#steps=" + R.encodeSteps(state.steps), base).href,
                           text: "Start this routine" });
      section.appendChild(el("p", { className: "builder-go" }, [play, " ", print]));
    }
    return section;
  }

  /* ---- the card: the blank card the build wrote into the page, filled in ------------------- */

  function fill(scope, name, text) {
    var slot = scope.querySelector('[data-card-slot="' + name + '"]');
    if (slot) slot.textContent = text;
    return slot;
  }

  var SVG = "http://www.w3.org/2000/svg";

  /* A QR code as SVG elements (no markup from strings), black on white, like the built cards'. */
  function qrSvg(url) {
    if (typeof window.qrcode !== "function") return null;
    var code = window.qrcode(0, "M");
    code.addData(url);
    code.make();
    var size = code.getModuleCount(), border = 2, path = [];
    for (var r = 0; r < size; r++) {
      for (var c = 0; c < size; c++) {
        if (code.isDark(r, c)) path.push("M" + (c + border) + " " + (r + border) + "h1v1h-1z");
      }
    }
    var svg = document.createElementNS(SVG, "svg");
    var full = size + 2 * border;
    svg.setAttribute("viewBox", "0 0 " + full + " " + full);
    svg.setAttribute("class", "card-qr-code");
    svg.setAttribute("role", "img");
    var title = document.createElementNS(SVG, "title");
    title.textContent = "QR code: " + url;
    var back = document.createElementNS(SVG, "rect");
    back.setAttribute("width", full);
    back.setAttribute("height", full);
    back.setAttribute("fill", "#fff");
    var dark = document.createElementNS(SVG, "path");
    dark.setAttribute("d", path.join(""));
    dark.setAttribute("fill", "#000");
    svg.appendChild(title);
    svg.appendChild(back);
    svg.appendChild(dark);
    return svg;
  }

  /* An exercise's key poses for the card: SVG elements built from the data, which holds the
     build's own drawing as [tag, {attribute: value}, children or text]. No markup is parsed, and
     only the elements and attributes the renderer writes are made. */
  var FIGURE_TAGS = { svg: true, g: true, path: true, title: true };
  var FIGURE_ATTRIBUTES = { "class": true, d: true, viewBox: true, width: true, height: true,
                            role: true, "aria-label": true, transform: true };

  function figureNode(data) {
    if (!Array.isArray(data) || !has(FIGURE_TAGS, data[0])) return null;
    var node = document.createElementNS(SVG, data[0]);
    var attributes = data[1] || {};
    Object.keys(attributes).forEach(function (name) {
      if (has(FIGURE_ATTRIBUTES, name)) node.setAttribute(name, String(attributes[name]));
    });
    if (typeof data[2] === "string") node.textContent = data[2];
    else if (Array.isArray(data[2])) {
      data[2].forEach(function (child) {
        var made = figureNode(child);
        if (made) node.appendChild(made);
      });
    }
    return node;
  }

  function has(table, key) {
    return typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key);
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
      var figures = item.querySelector('[data-card-slot="figures"]');
      if (figures) {
        (method.card_figure || []).forEach(function (svg) {
          var made = figureNode(svg);
          if (made) figures.appendChild(made);
        });
      }
      var warnings = fill(item, "warnings", "");
      warningsFor(method).forEach(function (warning) {
        warnings.appendChild(el("span", { className: "card-warning" }, [
          " ", el("strong", { text: "Check first:" }), " " + warning.note,
        ]));
      });
      list.appendChild(item);
    });
    template.remove();
    fill(card, "minutes", R.minutesText(R.totalMinutes(state.steps)));
    fill(card, "equipment", routineEquipment().join(", ") || "a little space");
    // As current as its least recently reviewed exercise.
    var oldest = state.steps.map(function (s) { return methods[s.method]; })
      .sort(function (a, b) { return a.reviewed < b.reviewed ? -1 : a.reviewed > b.reviewed ? 1 : 0; })[0];
    fill(card, "reviewed", oldest.reviewed_text);
    var url = cardUrl();
    var qrSlot = card.querySelector('[data-card-slot="qr"]');
    var qr = url && qrSvg(url);
    if (qr && qrSlot) qrSlot.appendChild(qr);
    else if (qrSlot) qrSlot.remove();
    fill(card, "url", url || "“Make my routine” in " + DATA.site.title + ".");
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
      else {
        var heading = root.querySelector("#builder-steps");
        if (heading) heading.focus();
      }
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
