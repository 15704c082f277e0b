/* Building page elements from data in the reader's browser, shared by the routine builder, the
 * player and "My progress". Text goes in as text (textContent, text nodes), never as markup. */
(function () {
  "use strict";

  var BG = window.BackGuide = window.BackGuide || {};

  /* el("p", {className: "note", text: "Hold"}, [child, "more text"]); an attribute that is null,
   * undefined or false is left off, and so is a child that is empty. */
  BG.el = function (tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  };
})();
