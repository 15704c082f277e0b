/* A dose in words, in the reader's browser: the twin of generator/dose.py's dose_text. A browser
 * test holds the two to the same text for every home exercise's range. */
(function () {
  "use strict";

  window.BackGuide = window.BackGuide || {};

  /* values: {hold_seconds, reps, sets, duration_minutes}; eachSide: the method's own fact. */
  window.BackGuide.doseText = function (values, eachSide) {
    var parts = [];
    if (values.hold_seconds) parts.push("hold " + values.hold_seconds + " seconds");
    if (values.reps) parts.push(values.reps + " times");
    if (values.sets && values.sets > 1) parts.push(values.sets + " sets");
    if (values.duration_minutes) parts.push(values.duration_minutes + " minutes");
    if (eachSide) parts.push("each side");
    var text = parts.join(", ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
})();
