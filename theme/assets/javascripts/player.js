/* The player: a routine one step at a time, with a timer for holds, a paced count for repetitions,
 * sides, sets and rests; optional spoken cues (a tone where speech is missing); the screen kept on;
 * a session log with pain scores (session-log.js); progression within the safe range; a calendar
 * file for reminders. The routine comes from the address: #routine=<id> or the builder's #steps=.
 *
 * Plain JavaScript, no framework, no request. Every text from the data goes in with textContent.
 * Keys while playing: Space pauses or resumes, Right arrow skips a step, Left arrow goes back. */
(function () {
  "use strict";

  var DATA = window.BACKGUIDE_DATA;
  var BG = window.BackGuide;
  var root = document.getElementById("player");
  var chooser = document.getElementById("player-choose");
  if (!DATA || !BG || !BG.routine || !BG.log || !root) return;
  var R = BG.routine, LOG = BG.log, methods = R.methods;

  var READY_SECONDS = 10;   // to read the step and get into position
  var RELAX_SECONDS = 3;    // between two holds
  var SWITCH_SECONDS = 5;   // "now the other side"
  var REST_SECONDS = 20;    // between sets
  var CUES_KEY = "backguide-cues";
  var ROUTINE_KEY = "backguide-routine"; // the builder's own copy (make-my-routine.html)
  var TICK_MS = 200;
  var siteRoot = new URL(".", window.location.href); // play.html sits at the site's root

  /* ---- small helpers ----------------------------------------------------------------------- */

  var el = BG.el;

  function button(text, className, onClick, label) {
    var b = el("button", { type: "button", className: "md-button player-button " + (className || ""),
                           text: text, "aria-label": label || null });
    b.addEventListener("click", onClick);
    return b;
  }

  function pageUrl(path) { return new URL(path, siteRoot).href; }

  /* The address a reader can come back to (or a calendar can open): the published site's if the
     build knew it, else this copy's own. */
  function publicUrl(path) {
    var base = window.location.protocol === "file:" && DATA.site.site_url ? DATA.site.site_url : siteRoot;
    return new URL(path, base).href;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function storageGet(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function storageSet(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* */ } }

  /* ---- the routine from the address ---------------------------------------------------------- */

  function routineFromAddress() {
    var hash = R.parseHash(window.location.hash);
    if (hash.routine) {
      var fixed = DATA.routines.filter(function (r) { return r.id === hash.routine; })[0];
      if (!fixed) return null;
      return { id: fixed.id, title: fixed.title, goal: fixed.goal, url: fixed.url,
               card: fixed.card_url, steps: fixed.steps.map(function (s) {
                 var copy = {}; Object.keys(s).forEach(function (k) { copy[k] = s[k]; }); return copy;
               }), checkFirst: fixed.check_first, fixed: true,
               address: DATA.site.pages.player + "#routine=" + fixed.id };
    }
    if (hash.steps) {
      var steps = R.decodeSteps(hash.steps);
      if (!steps.length) return null;
      var encoded = R.encodeSteps(steps);
      return { id: "mine", title: "My routine", goal: "Exercises I chose from " + DATA.site.title + ".",
               url: DATA.site.pages.builder + "#steps=" + encoded, card: DATA.site.pages.builder + "#steps=" + encoded,
               steps: steps, checkFirst: R.checkFirst(steps), fixed: false,
               address: DATA.site.pages.player + "#steps=" + encoded };
    }
    return null;
  }

  /* ---- the timeline: every phase of the session, in order ------------------------------------ */

  function phasesOf(steps) {
    var phases = [];
    steps.forEach(function (step, index) {
      var method = methods[step.method];
      var sides = method.dose.each_side ? 2 : 1;
      var sets = step.sets || 1;
      var base = { step: index, sets: sets, sides: sides };
      function add(kind, seconds, extra) {
        var phase = { kind: kind, seconds: seconds };
        Object.keys(base).forEach(function (k) { phase[k] = base[k]; });
        Object.keys(extra || {}).forEach(function (k) { phase[k] = extra[k]; });
        phases.push(phase);
      }
      add("ready", READY_SECONDS, { set: 1, side: 1, first: true });
      for (var set = 1; set <= sets; set++) {
        for (var side = 1; side <= sides; side++) {
          var at = { set: set, side: side };
          if (side > 1) add("switch", SWITCH_SECONDS, at);
          if (step.duration_minutes) {
            add("hold", step.duration_minutes * 60, { set: set, side: side, rep: 1, reps: 1 });
          } else if (step.hold_seconds) {
            var reps = step.reps || 1;
            for (var rep = 1; rep <= reps; rep++) {
              add("hold", step.hold_seconds, { set: set, side: side, rep: rep, reps: reps });
              if (rep < reps) add("relax", RELAX_SECONDS, { set: set, side: side, rep: rep, reps: reps });
            }
          } else {
            add("reps", step.reps * method.tempo_seconds,
                { set: set, side: side, reps: step.reps, tempo: method.tempo_seconds });
          }
        }
        if (set < sets) add("rest", REST_SECONDS, { set: set + 1 });
      }
    });
    return phases;
  }

  /* ---- cues: speech, a tone where speech is missing, the screen kept on ---------------------- */

  var cues = { on: storageGet(CUES_KEY) === "on", audio: null };

  function speak(text) {
    if (!cues.on) return;
    if ("speechSynthesis" in window && window.SpeechSynthesisUtterance) {
      try {
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = document.documentElement.lang || "en-GB";
        window.speechSynthesis.speak(utterance);
        return;
      } catch (error) { /* fall through to the tone */ }
    }
    tone();
  }

  function tone() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      cues.audio = cues.audio || new Context();
      var oscillator = cues.audio.createOscillator(), gain = cues.audio.createGain();
      var now = cues.audio.currentTime;
      oscillator.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, now);
      gain.gain.exponentialRampToValueAtTime(0.001, now + 0.18);
      oscillator.connect(gain).connect(cues.audio.destination);
      oscillator.start(now);
      oscillator.stop(now + 0.2);
    } catch (error) { /* no sound: the screen still shows everything */ }
  }

  var wake = { lock: null };

  function keepAwake() {
    if (wake.lock || !navigator.wakeLock || !navigator.wakeLock.request) return;
    try {
      navigator.wakeLock.request("screen").then(function (lock) {
        wake.lock = lock;
        if (lock && lock.addEventListener) {
          lock.addEventListener("release", function () { if (wake.lock === lock) wake.lock = null; });
        }
      }, function () { /* refused (battery saver): play on */ });
    } catch (error) { /* not allowed here */ }
  }

  function letSleep() {
    var lock = wake.lock;
    wake.lock = null;
    if (lock && lock.release) { try { lock.release(); } catch (error) { /* */ } }
  }

  document.addEventListener("visibilitychange", function () {
    // The browser drops the lock while the page is hidden: ask again when it is shown.
    if (document.visibilityState === "visible" && play && !play.paused && !play.over) keepAwake();
  });

  /* ---- the page's parts ---------------------------------------------------------------------- */

  var routine = null;
  var play = null; // the session being played
  var status = el("p", { className: "player-status guide-visually-hidden", role: "status",
                         "aria-live": "polite", "aria-atomic": "true" });

  function announce(text) {
    status.textContent = "";
    // A new text in a second task, so the same words are announced again.
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function show(panel, focusTarget) {
    root.replaceChildren(panel, status);
    root.hidden = false;
    if (chooser) chooser.hidden = true;
    var target = focusTarget === false ? null : focusTarget || panel.querySelector("h2");
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(BUTTON|A|INPUT|SELECT|SUMMARY)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }

  /* A disclosure (the emergency signs, the calendar): Escape closes it and focus returns to it. */
  function disclosure(summaryText, className, children) {
    var details = el("details", { className: "player-disclosure " + (className || "") }, [
      el("summary", { text: summaryText }),
    ].concat([el("div", { className: "player-disclosure-body" }, children)]));
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
        event.stopPropagation();
      }
    });
    return details;
  }

  function emergencySigns() {
    var flags = DATA.red_flags;
    var list = el("ul", {}, flags.emergency.symptoms.map(function (s) { return el("li", { text: s }); }));
    return disclosure("Emergency signs: stop and get help", "danger player-red-flags", [
      el("p", {}, [el("strong", { text: flags.emergency.action })]),
      el("p", { text: "Stop and get help at once if you have:" }), list,
      el("p", {}, [el("strong", { text: flags.urgent.title + " (" + DATA.site.urgent_line + "): " }),
                   flags.urgent.line]),
      el("p", {}, [el("a", { href: pageUrl(DATA.site.pages.help), text: "When to get help" })]),
    ]);
  }

  function painScale(name, legend, hint) {
    var box = el("fieldset", { className: "player-pain" }, [el("legend", { text: legend })]);
    if (hint) box.appendChild(el("p", { className: "player-hint", text: hint }));
    var row = el("div", { className: "player-pain-row" });
    for (var n = 0; n <= 10; n++) {
      var id = "pain-" + name + "-" + n;
      var input = el("input", { type: "radio", name: "pain-" + name, id: id, value: String(n) });
      row.appendChild(el("span", { className: "player-pain-choice" }, [
        input, el("label", { for: id, text: String(n) }),
      ]));
    }
    box.appendChild(row);
    box.appendChild(el("p", { className: "player-hint", "aria-hidden": "true",
                              text: "0 is no pain, 10 the worst you can imagine." }));
    return box;
  }

  function chosenPain(scope, name) {
    var chosen = scope.querySelector('input[name="pain-' + name + '"]:checked');
    return chosen ? parseInt(chosen.value, 10) : null;
  }

  function doseOf(step) { return BG.doseText(step, methods[step.method].dose.each_side); }

  /* Each condition once, with the steps it concerns; the reasons are on each exercise's page. */
  function checkFirstList(list) {
    return el("ul", { className: "player-check-first" }, list.map(function (check) {
      var steps = check.steps.map(function (c) { return c.number + " (" + methods[c.method].title + ")"; });
      return el("li", {}, [el("strong", { text: check.title + ": " }),
                           (steps.length === 1 ? "step " : "steps ") + steps.join(", ")]);
    }));
  }

  /* ---- the first screen: what the routine is, what to check first --------------------------- */

  function introPanel() {
    var minutes = R.totalMinutes(routine.steps);
    var panel = el("section", { className: "player-panel player-intro", "aria-labelledby": "player-title" }, [
      el("h2", { id: "player-title", text: routine.title }),
      el("p", { text: routine.goal }),
      el("p", { className: "player-meta",
                text: "About " + R.minutesText(minutes) + ", " + plural(routine.steps.length, "step", "steps") + "." }),
    ]);
    panel.appendChild(el("h3", { text: "Check first" }));
    if (routine.checkFirst.length) {
      panel.appendChild(el("p", { text: "Skip a step, or ask a doctor or physiotherapist first, if one of these applies to you (each exercise's page says why):" }));
      panel.appendChild(checkFirstList(routine.checkFirst));
    } else {
      panel.appendChild(el("p", { text: "No condition rules out these steps. Read each exercise's page if you are unsure." }));
    }
    panel.appendChild(el("p", { text: "Move gently and within comfort. Stop if anything hurts more than mild discomfort." }));
    panel.appendChild(emergencySigns());
    panel.appendChild(el("h3", { text: "The steps" }));
    panel.appendChild(el("ol", { className: "player-step-list" }, routine.steps.map(function (step) {
      var method = methods[step.method];
      return el("li", {}, [el("a", { href: pageUrl(method.url), text: method.title }), ": " + doseOf(step)]);
    })));

    var cuesBox = el("input", { type: "checkbox", id: "player-cues" });
    cuesBox.checked = cues.on;
    cuesBox.addEventListener("change", function () {
      cues.on = cuesBox.checked;
      storageSet(CUES_KEY, cues.on ? "on" : "off");
    });
    var form = el("div", { className: "player-start-form" }, [
      painScale("before", "How is your back now? (optional)", "Score it before you start, to compare afterwards."),
      el("p", { className: "player-option" }, [cuesBox, " ", el("label", { for: "player-cues",
        text: "Spoken cues (a voice says each step and counts down; a beep where the browser cannot speak)" })]),
    ]);
    var start = button("Start", "md-button--primary player-start", function () { begin(chosenPain(panel, "before")); });
    form.appendChild(start);
    panel.appendChild(form);
    panel.appendChild(calendarDisclosure());
    panel.appendChild(el("p", {}, [
      el("a", { href: pageUrl(routine.fixed ? routine.url : routine.card),
                text: routine.fixed ? "Read the routine's page" : "Change this routine in Make my routine" }),
    ]));
    return panel;
  }

  /* ---- playing ------------------------------------------------------------------------------- */

  var view = {};

  function playPanel() {
    view.stepNumber = el("p", { className: "player-step-number" });
    view.title = el("h2", { id: "player-step-title", className: "player-step-title", tabindex: "-1" });
    view.figure = el("img", { className: "player-figure", alt: "", hidden: "" });
    view.dose = el("p", { className: "player-dose" });
    view.instruction = el("p", { className: "player-instruction" });
    view.cue = el("p", { className: "player-cue" });
    view.phase = el("p", { className: "player-phase" });
    view.count = el("p", { className: "player-count", "aria-hidden": "true" });
    view.detail = el("p", { className: "player-detail" });
    view.bar = el("div", { className: "player-progress-bar" });
    view.pause = button("Pause", "player-pause", togglePause);
    var panel = el("section", { className: "player-panel player-playing", "aria-labelledby": "player-step-title" }, [
      view.stepNumber, view.title, view.figure, view.dose,
      el("div", { className: "player-clock" }, [view.phase, view.count, view.detail]),
      el("div", { className: "player-progress", "aria-hidden": "true" }, [view.bar]),
      el("div", { className: "player-controls" }, [
        button("Back", "player-back", back, "Back: previous step"),
        view.pause,
        button("Skip", "player-skip", skip, "Skip: next step"),
        button("Finish", "player-finish", function () { finish(false); }, "Finish now"),
      ]),
      button("Stop: this hurts", "player-stop", stopHurts),
      view.instruction, view.cue,
      el("p", { className: "player-keys", text: "Keys: Space pauses or resumes, Left and Right arrows go back or skip." }),
    ]);
    view.panel = panel;
    return panel;
  }

  function begin(painBefore) {
    // Everything that needs the reader's tap (iOS speaks and plays only then) happens here.
    if (cues.on && !("speechSynthesis" in window)) tone();
    play = { phases: phasesOf(routine.steps), index: 0, started: new Date(), phaseStart: Date.now(),
             pausedAt: null, paused: false, over: false, painBefore: painBefore, lastShown: null,
             spokenRep: 0, spokenSecond: null, timer: null, id: LOG.newId() };
    show(playPanel(), view.title);
    // The step, its figure, the clock and the controls fill the screen: on a phone the page's
    // introduction would otherwise keep the clock below the fold while the reader is on the floor.
    view.panel.scrollIntoView({ block: "start" });
    enterPhase(0);
    keepAwake();
    play.timer = setInterval(tick, TICK_MS);
  }

  function phase() { return play.phases[play.index]; }

  function elapsed() {
    var now = play.paused ? play.pausedAt : Date.now();
    return (now - play.phaseStart) / 1000;
  }

  function enterPhase(index) {
    play.index = index;
    play.phaseStart = play.paused ? play.pausedAt : Date.now();
    play.spokenRep = 0;
    play.spokenSecond = null;
    var p = phase(), step = routine.steps[p.step], method = methods[step.method];
    if (p.kind === "ready") {
      view.stepNumber.textContent = "Step " + (p.step + 1) + " of " + routine.steps.length;
      view.title.textContent = method.title;
      view.dose.textContent = doseOf(step);
      view.instruction.textContent = method.instruction;
      view.cue.textContent = "Safety: " + method.key_cue;
      if (method.figure) {
        view.figure.src = pageUrl(method.figure);
        view.figure.alt = method.figure_alt || "Figure: " + method.title;
        view.figure.hidden = false;
      } else {
        view.figure.removeAttribute("src");
        view.figure.hidden = true;
      }
      announce("Step " + (p.step + 1) + " of " + routine.steps.length + ": " + method.title + ". " + doseOf(step) + ".");
      speak(method.title + ". " + doseOf(step) + ". Get ready.");
    } else if (p.kind === "hold") {
      speak(p.rep === 1 ? (step.duration_minutes ? plural(step.duration_minutes, "minute", "minutes") + ". Begin."
                           : "Hold for " + p.seconds + " seconds.") : "Hold. " + p.rep + " of " + p.reps + ".");
    } else if (p.kind === "relax") {
      speak("Rest.");
    } else if (p.kind === "switch") {
      announce("Now the other side.");
      speak("Now the other side.");
    } else if (p.kind === "rest") {
      announce("Rest for " + p.seconds + " seconds, then set " + p.set + " of " + p.sets + ".");
      speak("Rest. Then set " + p.set + " of " + p.sets + ".");
    } else if (p.kind === "reps") {
      speak("Repeat " + p.reps + " times, slowly.");
    }
    view.panel.setAttribute("data-phase", p.kind);
    view.panel.setAttribute("data-step", String(p.step + 1));
    render();
  }

  var PHASE_LABELS = { ready: "Get ready", hold: "Hold", relax: "Rest", switch: "Now the other side",
                       rest: "Rest between sets", reps: "Repetition" };

  function render() {
    var p = phase(), t = elapsed();
    var remaining = Math.max(0, Math.ceil(p.seconds - t - 1e-9));
    var label = PHASE_LABELS[p.kind], count = String(remaining), detail = [];
    if (p.kind === "reps") {
      var rep = Math.min(p.reps, Math.floor(t / p.tempo) + 1);
      label = "Repetition " + rep + " of " + p.reps;
      count = String(rep);
      view.panel.setAttribute("data-rep", String(rep));
    } else if (p.kind === "hold" && p.reps > 1) {
      detail.push(p.rep + " of " + p.reps);
    }
    if (p.kind === "hold" || p.kind === "relax" || p.kind === "ready" || p.kind === "switch" || p.kind === "rest") {
      view.panel.removeAttribute("data-rep");
    }
    if (p.sets > 1 && p.kind !== "ready") detail.push("set " + p.set + " of " + p.sets);
    if (p.sides > 1 && p.kind !== "ready" && p.kind !== "rest") detail.push(p.side === 1 ? "first side" : "other side");
    if (play.paused) label = "Paused: " + label;
    view.phase.textContent = label;
    view.count.textContent = count;
    view.count.setAttribute("data-unit", p.kind === "reps" ? "count" : "seconds");
    view.detail.textContent = detail.join(", ");
    view.panel.setAttribute("data-remaining", String(remaining));
    var done = play.index + Math.min(1, t / p.seconds);
    view.bar.style.width = (100 * done / play.phases.length).toFixed(1) + "%";
  }

  function tick() {
    if (!play || play.paused || play.over) return;
    // Catch up whole phases if the page was held back (a hidden tab gets few timer calls).
    while (elapsed() >= phase().seconds) {
      var overshoot = (elapsed() - phase().seconds) * 1000;
      if (play.index + 1 >= play.phases.length) { finish(true); return; }
      enterPhase(play.index + 1);
      play.phaseStart -= overshoot;
    }
    var p = phase(), t = elapsed(), remaining = Math.ceil(p.seconds - t - 1e-9);
    if (p.kind === "reps") {
      var rep = Math.min(p.reps, Math.floor(t / p.tempo) + 1);
      if (rep !== play.spokenRep) { play.spokenRep = rep; speak(String(rep)); }
    } else if ((p.kind === "hold" || p.kind === "rest") && p.seconds >= 5 && remaining <= 3 && remaining >= 1 &&
               play.spokenSecond !== remaining) {
      play.spokenSecond = remaining;
      speak(String(remaining));
    }
    render();
  }

  function togglePause() {
    if (!play || play.over) return;
    if (play.paused) {
      play.phaseStart += Date.now() - play.pausedAt;
      play.paused = false;
      view.pause.textContent = "Pause";
      announce("Playing.");
      keepAwake();
    } else {
      play.pausedAt = Date.now();
      play.paused = true;
      view.pause.textContent = "Resume";
      announce("Paused.");
      letSleep();
    }
    render();
  }

  function firstPhaseOf(stepIndex) {
    for (var i = 0; i < play.phases.length; i++) if (play.phases[i].step === stepIndex) return i;
    return -1;
  }

  function back() {
    if (!play || play.over) return;
    var current = phase().step, start = firstPhaseOf(current);
    // Like a music player: at the very start of a step, the step before; later, this step again.
    var target = play.index === start && elapsed() < 3 && current > 0 ? firstPhaseOf(current - 1) : start;
    enterPhase(target);
    view.title.focus();
  }

  function skip() {
    if (!play || play.over) return;
    var next = firstPhaseOf(phase().step + 1);
    if (next < 0) { finish(true); return; }
    enterPhase(next);
    view.title.focus();
  }

  function endPlay() {
    play.over = true;
    clearInterval(play.timer);
    letSleep();
    if ("speechSynthesis" in window && !cues.on) { /* nothing queued */ }
  }

  function record(outcome) {
    var session = {
      id: play.id, started: play.started.toISOString(), ended: new Date().toISOString(), outcome: outcome,
      routine: { id: routine.id, title: routine.title, address: routine.address },
      steps: routine.steps.map(function (step) {
        var copy = { method: step.method, title: methods[step.method].title };
        R.FIELDS.forEach(function (f) { if (step[f]) copy[f] = step[f]; });
        return copy;
      }),
      // Steps done: all of them, or those before the one the session ended in.
      steps_done: outcome === "completed" ? routine.steps.length : phase().step,
      pain_before: play.painBefore, pain_after: null,
    };
    session.steps_done = Math.min(session.steps_done, routine.steps.length);
    play.session = session;
    play.saved = LOG.put(session);
  }

  /* ---- the end: "How is your back now?", progression, reminders ------------------------------ */

  function finish(reachedEnd) {
    if (!play || play.over) return;
    var lastStep = play.index + 1 >= play.phases.length;
    endPlay();
    record(reachedEnd || lastStep ? "completed" : "ended");
    speak(reachedEnd ? "Well done. That is the end of the routine." : "Session finished.");
    announce("Session finished.");
    show(endPanel(), null);
  }

  function endPanel() {
    var completed = play.session.outcome === "completed";
    var panel = el("section", { className: "player-panel player-end", "aria-labelledby": "player-end-title" }, [
      el("h2", { id: "player-end-title", text: completed ? "Well done: routine finished" : "Session finished" }),
      el("p", { text: completed ? "You did all " + plural(routine.steps.length, "step", "steps") + " of " + routine.title + "."
                                : "You finished early, during step " + (play.session.steps_done + 1) + " of " + routine.steps.length + "." }),
    ]);
    panel.appendChild(scoreForm(panel));
    return panel;
  }

  function scoreForm(panel) {
    var saved = el("p", { className: "player-saved", role: "status" });
    var after = el("div", { className: "player-after" });
    var form = el("div", { className: "player-score" }, [
      painScale("after", "How is your back now?", null),
      button("Save", "md-button--primary player-save", function () {
        play.session.pain_after = chosenPain(panel, "after");
        play.saved = LOG.put(play.session);
        saved.textContent = play.saved
          ? "Saved in this browser" + (play.session.pain_after === null ? ", without a score." : ": pain " + play.session.pain_after + " out of 10.")
          : "This browser did not let the guide save the session.";
        after.replaceChildren.apply(after, afterSaving());
        var offer = after.querySelector("h3");
        (offer || saved).setAttribute("tabindex", "-1");
        (offer || saved).focus();
      }),
    ]);
    return el("div", {}, [form, saved, after]);
  }

  function afterSaving() {
    var parts = [];
    var history = LOG.load().sessions;
    var pain = play.session.pain_after, before = play.session.pain_before;
    if (pain !== null && before !== null && pain > before) {
      parts.push(el("p", { className: "player-advice", text: "Your pain is higher than when you started. Rest, and go more gently next time, or try fewer steps. If it does not settle, or you notice any emergency sign, get help." }));
      parts.push(el("p", {}, [el("a", { href: pageUrl(DATA.site.pages.help), text: "When to get help" })]));
    }
    if (LOG.progressionDue(history, routine.id, routine.steps)) parts.push(progressionOffer());
    parts.push(el("p", {}, [el("a", { href: pageUrl(DATA.site.pages.progress), text: "See My progress" })]));
    parts.push(calendarDisclosure());
    if (play.session.outcome !== "stopped") {
      parts.push(button("Play it again", "player-again", function () { start(true); }));
    }
    return parts;
  }

  function progressionOffer() {
    var one = LOG.progressed(routine.steps, methods, 1), two = LOG.progressed(routine.steps, methods, 2);
    var box = el("section", { className: "player-progression", "aria-labelledby": "player-progression-title" }, [
      el("h3", { id: "player-progression-title", text: "Ready for a little more?" }),
    ]);
    if (!one.changes.length) {
      box.appendChild(el("p", { text: "You have done this routine three times in a row without your pain rising. Every step is already at the top of its safe range, so keep it as it is." }));
      return box;
    }
    var source = DATA.site.progression_source;
    box.appendChild(el("p", {}, [
      "You have done this routine three times in a row without your pain rising. NHS inform suggests adding 1 or 2 repetitions every few days",
      source ? " (" : "", source ? el("a", { href: pageUrl(source.url), text: source.title }) : null, source ? ")" : "",
      ". You could add them to these steps, never beyond the top of each exercise's safe range:",
    ]));
    box.appendChild(el("ul", {}, two.changes.map(function (c) {
      var oneMore = one.changes.filter(function (o) { return o.index === c.index; })[0];
      return el("li", { className: "player-progression-step", "data-method": c.method, "data-top": String(c.top),
                        "data-one": String(oneMore.to), "data-two": String(c.to) }, [
        el("strong", { text: methods[c.method].title + ": " }),
        c.from + " times now; " + oneMore.to + (c.to !== oneMore.to ? " or " + c.to : "") + " (the most is " + c.top + ")",
      ]);
    })));
    var result = el("p", { role: "status", className: "player-progression-result" });
    function accept(extra) {
      var next = LOG.progressed(routine.steps, methods, extra).steps;
      var encoded = R.encodeSteps(next);
      storageSet(ROUTINE_KEY, "steps=" + encoded);
      result.replaceChildren(
        "Saved as your own routine, with the new repetitions. ",
        el("a", { href: pageUrl(DATA.site.pages.builder + "#steps=" + encoded), text: "Print its card" }),
        " or ",
        el("a", { href: pageUrl(DATA.site.pages.player + "#steps=" + encoded), text: "play it next time" }),
        "."
      );
      box.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      result.setAttribute("tabindex", "-1");
      result.focus();
    }
    box.appendChild(el("div", { className: "player-controls" }, [
      button("Add 1 repetition", "player-add-one", function () { accept(1); }),
      button("Add 2 repetitions", "player-add-two", function () { accept(2); }),
    ]));
    box.appendChild(result);
    return box;
  }

  /* ---- "Stop: this hurts" ------------------------------------------------------------------- */

  function stopHurts() {
    if (!play || play.over) return;
    endPlay();
    record("stopped");
    if ("speechSynthesis" in window) { try { window.speechSynthesis.cancel(); } catch (e) { /* */ } }
    var flags = DATA.red_flags;
    var panel = el("section", { className: "player-panel player-stopped", "aria-labelledby": "player-stop-title" }, [
      el("h2", { id: "player-stop-title", text: "Stopped. What to do now" }),
      el("ol", {}, [
        el("li", { text: "Stop the exercise and ease out of the position slowly." }),
        el("li", { text: "Rest in a position that feels comfortable. Do not try that step again today." }),
        el("li", {}, [el("strong", { text: flags.emergency.action + " " }),
                      "if you have any of these signs:"]),
      ]),
      el("ul", { className: "player-stop-signs" }, flags.emergency.symptoms.map(function (s) { return el("li", { text: s }); })),
      el("p", {}, [el("strong", { text: flags.urgent.title + " (" + DATA.site.urgent_line + "): " }), flags.urgent.line + "."]),
      el("p", {}, [el("strong", { text: flags.soon.title + ": " }), flags.soon.line + "."]),
      el("p", {}, [el("a", { href: pageUrl(DATA.site.pages.help), text: "When to get help" })]),
    ]);
    panel.appendChild(scoreForm(panel));
    announce("Session stopped.");
    show(panel, null);
  }

  /* ---- "Add to my calendar": an .ics file written here ------------------------------------- */

  var DAYS = [["MO", "Monday"], ["TU", "Tuesday"], ["WE", "Wednesday"], ["TH", "Thursday"],
              ["FR", "Friday"], ["SA", "Saturday"], ["SU", "Sunday"]];

  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  /* Lines of at most 75 octets, continued with a space (RFC 5545, 3.1). */
  function fold(line) {
    var out = [], current = "", size = 0;
    for (var i = 0; i < line.length; i++) {
      var ch = line[i], bytes = new TextEncoder().encode(ch).length;
      if (size + bytes > (out.length ? 74 : 75)) { out.push(current); current = ""; size = 0; }
      current += ch;
      size += bytes;
    }
    out.push(current);
    return out.join("\r\n ");
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function localStamp(d) {
    return d.getFullYear() + two(d.getMonth() + 1) + two(d.getDate()) + "T" + two(d.getHours()) + two(d.getMinutes()) + "00";
  }
  function utcStamp(d) { return d.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, ""); }

  /* The calendar file: the first chosen day on or after now at the chosen time (local, floating
     time), repeated daily (every day chosen) or weekly on the chosen days. */
  function calendarFile(days, time, now) {
    var parts = time.split(":"), first = null;
    for (var ahead = 0; ahead < 8 && !first; ahead++) {
      var day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead,
                         parseInt(parts[0], 10), parseInt(parts[1], 10), 0);
      var code = DAYS[(day.getDay() + 6) % 7][0];
      if (days.indexOf(code) >= 0 && day > now) first = day;
    }
    var url = publicUrl(routine.address);
    var rule = days.length === 7 ? "FREQ=DAILY" : "FREQ=WEEKLY;BYDAY=" + days.join(",");
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//" + icsText(DATA.site.title) + "//Player//EN",
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT",
      "UID:" + play_id() + "@backguide", "DTSTAMP:" + utcStamp(now),
      "DTSTART:" + localStamp(first), "DURATION:PT" + R.totalMinutes(routine.steps) + "M",
      "RRULE:" + rule, "SUMMARY:" + icsText(routine.title),
      "DESCRIPTION:" + icsText("Time for your back routine: " + routine.title + ". Open it here: " + url),
      "URL:" + url, "END:VEVENT", "END:VCALENDAR",
    ];
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function play_id() { return routine.id + "-" + Date.now().toString(36); }

  function calendarDisclosure() {
    var boxes = DAYS.map(function (day) {
      var id = "calendar-" + day[0].toLowerCase() + "-" + Math.random().toString(36).slice(2, 7);
      var input = el("input", { type: "checkbox", id: id, value: day[0] });
      input.checked = true;
      return el("span", { className: "player-day" }, [input, el("label", { for: id, text: day[1] })]);
    });
    var timeId = "calendar-time-" + Math.random().toString(36).slice(2, 7);
    var time = el("input", { type: "time", id: timeId, value: "08:00", required: "" });
    var note = el("p", { role: "status", className: "player-calendar-note" });
    var make = button("Download the calendar file", "player-calendar-download", function () {
      var days = boxes.map(function (b) { return b.querySelector("input"); })
        .filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      if (!days.length) { note.textContent = "Choose at least one day."; return; }
      if (!/^\d\d:\d\d$/.test(time.value)) { note.textContent = "Choose a time."; return; }
      LOG.download(routine.id + ".ics", "text/calendar", calendarFile(days, time.value, new Date()));
      note.textContent = "Saved " + routine.id + ".ics: open it to add the reminder to your calendar.";
    });
    return disclosure("Remind me: add to my calendar", "player-calendar", [
      el("fieldset", {}, [el("legend", { text: "Days" })].concat(boxes)),
      el("p", {}, [el("label", { for: timeId, text: "Time " }), time]),
      make, note,
      el("p", { className: "player-hint", text: "The file is made in your browser; the event links back to this routine." }),
    ]);
  }

  /* ---- keys ---------------------------------------------------------------------------------- */

  document.addEventListener("keydown", function (event) {
    if (!play || play.over || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target, tag = target && target.tagName;
    if (/^(INPUT|SELECT|TEXTAREA|BUTTON|A|SUMMARY)$/.test(tag) || (target && target.isContentEditable)) return;
    if (event.key === " " || event.key === "Spacebar") { event.preventDefault(); togglePause(); }
    else if (event.key === "ArrowRight") { event.preventDefault(); skip(); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); back(); }
  });

  /* ---- start ---------------------------------------------------------------------------------- */

  function start(moveFocus) {
    if (play && !play.over) endPlay();
    play = null;
    routine = routineFromAddress();
    if (!routine) {
      root.hidden = true;
      if (chooser) chooser.hidden = false;
      return;
    }
    show(introPanel(), moveFocus === true ? null : false);
  }

  // Expose the calendar file for tests and for other pages (no state inside).
  BG.player = { phasesOf: phasesOf };
  window.addEventListener("hashchange", function () { start(true); });
  start(false);
})();
