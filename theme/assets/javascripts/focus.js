/* Keyboard focus goes only where the reader can see: Material's closed navigation drawer, its
 * closed panels (sections, table of contents) and the closed search are inert; one that opens
 * takes focus, holds it (Tab cycles inside), closes on Escape and gives focus back to the control
 * that opened it. The header's menu, search and colour-scheme controls become real buttons.
 *
 * Loaded on every page after Material's bundle; plain JavaScript, no framework, no request.
 * Without JavaScript nothing here runs and Material's CSS-only toggles work as before.
 */
(function () {
  "use strict";

  // Material's own breakpoints: below 76.25em the navigation is a drawer; below 60em the search
  // covers the screen (a modal); from 60em it sits in the header and drops its results down.
  var DRAWER = window.matchMedia("(max-width: 76.234375em)");
  var SEARCH_MODAL = window.matchMedia("(max-width: 59.984375em)");

  var drawerToggle = document.getElementById("__drawer");
  var searchToggle = document.getElementById("__search");
  var drawer = document.querySelector(".md-sidebar--primary");
  var primaryNav = drawer && drawer.querySelector(".md-nav--primary");
  var search = document.querySelector("[data-md-component=search]");
  var query = search && search.querySelector("input.md-search__input");
  if (!drawerToggle || !searchToggle) return;

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), " +
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]";

  /* ---- helpers ---------------------------------------------------------------------------- */

  function shown(el) {
    return el.getClientRects().length > 0 && window.getComputedStyle(el).visibility !== "hidden";
  }

  function focusables(container) {
    return Array.prototype.filter.call(container.querySelectorAll(FOCUSABLE), function (el) {
      return el.tabIndex >= 0 && !el.closest("[inert]") && shown(el);
    });
  }

  function button(className, label, icon) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = className;
    made.setAttribute("aria-label", label);
    if (icon) made.appendChild(icon.cloneNode(true));
    return made;
  }

  function hiddenText(text) {
    var span = document.createElement("span");
    span.className = "guide-visually-hidden";
    span.textContent = text;
    return span;
  }

  /* ---- the header's controls as buttons ----------------------------------------------------- */

  // Material's menu and search controls are <label>s for hidden checkboxes: a mouse can use
  // them, Tab cannot reach them. Each gets a real button beside it; the label stays for no-JS.
  var menuLabel = document.querySelector(".md-header label[for=__drawer]");
  var searchLabel = document.querySelector(".md-header label[for=__search]");
  /* A real button in place of a header label that toggles ``panel``; ``open`` moves focus in. */
  function headerButton(label, panel, panelId, className, name, open) {
    panel.id = panel.id || panelId;
    var made = button("md-header__button md-icon guide-header-button " + className, name,
      label.querySelector("svg"));
    made.setAttribute("aria-controls", panel.id);
    made.addEventListener("click", function () { open(made); });
    label.hidden = true;
    label.after(made);
    return made;
  }
  var menuButton = menuLabel && drawer
    ? headerButton(menuLabel, drawer, "guide-navigation", "guide-menu-button", "Menu", openDrawer)
    : null;
  var searchButton = searchLabel && search && query
    ? headerButton(searchLabel, search, "guide-search", "guide-search-button", "Search", openSearch)
    : null;

  // The colour scheme: Material's radios are visually hidden, and the focused one is named for
  // the scheme it does not select. A button per scheme switch, named (and titled) for what it
  // does, replaces them for keys and screen readers; the radios stay as Material's state.
  var palette = document.querySelector("[data-md-component=palette]");
  if (palette) {
    var radios = Array.prototype.slice.call(palette.querySelectorAll("input.md-option"));
    var switches = radios.map(function (radio) {
      var label = radio.nextElementSibling;  // switches away from this radio's scheme
      if (!label || !label.matches("label[for]")) return null;
      var made = button("md-header__button md-icon guide-header-button guide-palette-button",
        label.title, label.querySelector("svg"));
      made.title = label.title;
      made.addEventListener("click", function () {
        var next = document.getElementById(label.htmlFor);
        if (next) next.click();
        var shownNow = sync();
        if (shownNow && shownNow !== made) shownNow.focus();
      });
      return made;
    });
    var sync = function () {
      var current = null;
      radios.forEach(function (radio, index) {
        if (!switches[index]) return;
        switches[index].hidden = !radio.checked;
        if (radio.checked) current = switches[index];
      });
      if (!current && switches[0]) {
        switches[0].hidden = false;
        current = switches[0];
      }
      return current;
    };
    radios.forEach(function (radio) {
      radio.inert = true;
      radio.addEventListener("change", sync);
    });
    palette.classList.add("guide-palette");
    palette.after.apply(palette, switches.filter(Boolean));
    sync();
  }

  /* ---- the navigation's panels -------------------------------------------------------------- */

  function toggleOf(panel) {
    var item = panel.parentElement;
    return item && item.querySelector(":scope > input.md-toggle");
  }

  // Every nested panel of the navigation (sections and the table of contents).
  var panels = primaryNav
    ? Array.prototype.filter.call(primaryNav.querySelectorAll("nav.md-nav"), toggleOf)
    : [];

  // In the drawer a panel's title is its "back" control, and the active page's "table of
  // contents" label opens a panel: Material leaves both out of the Tab order. Icon-only section
  // toggles get a name.
  panels.forEach(function (panel) {
    var title = panel.querySelector(":scope > label.md-nav__title");
    if (title) {
      title.classList.add("guide-panel-back");
      title.prepend(hiddenText("Back from "));
    }
    var opener = document.querySelector("label.md-nav__link[for='" + toggleOf(panel).id + "']");
    if (opener && !opener.textContent.trim() && title) {
      opener.appendChild(hiddenText(title.textContent.replace("Back from ", "").trim() +
        " section"));
    }
  });

  function setDrawerTabStops() {
    var inDrawer = DRAWER.matches;
    panels.forEach(function (panel) {
      var title = panel.querySelector(":scope > label.md-nav__title");
      if (title) title.tabIndex = inDrawer ? 0 : -1;
    });
    document.querySelectorAll(".md-nav--primary label.md-nav__link[for=__toc]")
      .forEach(function (label) { label.tabIndex = inDrawer ? 0 : -1; });
  }

  // The innermost open panel: what the open drawer shows.
  function currentPanel() {
    var panel = primaryNav;
    for (;;) {
      var next = panels.filter(function (candidate) {
        return candidate.parentElement.closest("nav.md-nav") === panel &&
          toggleOf(candidate).checked && shown(candidate);
      })[0];
      if (!next) return panel;
      panel = next;
    }
  }

  /* ---- what is inert ------------------------------------------------------------------------ */

  var marked = [];  // the elements this script made inert

  function outside(el, stop, into) {
    for (var node = el; node && node !== stop && node.parentElement; node = node.parentElement) {
      Array.prototype.forEach.call(node.parentElement.children, function (sibling) {
        // Material's overlays close the drawer and search on a click: they stay clickable.
        if (sibling !== node && !sibling.matches("script, style, link, .md-overlay")) {
          into.push(sibling);
        }
      });
    }
  }

  function drawerOpen() { return DRAWER.matches && drawerToggle.checked && !!drawer; }
  function searchModalOpen() { return SEARCH_MODAL.matches && searchToggle.checked && !!search; }

  function update() {
    var inert = [];
    panels.forEach(function (panel) {
      if (!toggleOf(panel).checked) inert.push(panel);
    });
    if (drawer && DRAWER.matches) {
      if (!drawerToggle.checked) {
        inert.push(drawer);
      } else {
        outside(drawer, document.body, inert);
        outside(currentPanel(), primaryNav.parentElement, inert);
      }
    }
    if (search) {
      if (SEARCH_MODAL.matches) {
        if (!searchToggle.checked) inert.push(search);
        else outside(search, document.body, inert);
      } else if (!searchToggle.checked) {
        inert.push(search.querySelector(".md-search__output"));
      }
    }
    marked.forEach(function (el) {
      if (inert.indexOf(el) < 0) el.inert = false;
    });
    inert.forEach(function (el) {
      if (el) el.inert = true;
    });
    marked = inert.filter(Boolean);
    if (menuButton) menuButton.setAttribute("aria-expanded", String(drawerOpen()));
    if (searchButton) searchButton.setAttribute("aria-expanded", String(searchModalOpen()));
    if (search) {
      if (searchModalOpen()) search.setAttribute("aria-modal", "true");
      else search.removeAttribute("aria-modal");
    }
  }

  /* ---- opening, closing and where focus goes ------------------------------------------------ */

  var drawerOpener = null;
  var searchOpener = null;
  var followed = null;  // the target of a link followed inside the drawer or search

  function openDrawer(opener) {
    drawerOpener = opener;
    if (!drawerToggle.checked) drawerToggle.click();
  }

  function openSearch(opener) {
    searchOpener = opener;
    if (!searchToggle.checked) searchToggle.click();
    query.focus();  // in the click itself, so a phone shows its keyboard
  }

  function giveFocusBack(panel, opener) {
    if (followed) {
      // A link inside took the reader somewhere on this page: focus goes there, not back.
      if (!followed.matches(FOCUSABLE)) followed.tabIndex = -1;
      followed.focus();
      followed = null;
      return;
    }
    var active = document.activeElement;
    if (opener && shown(opener) && (!active || active === document.body || panel.contains(active))) {
      opener.focus();
    }
  }

  // Without scrolling: a panel still sliding in would be scrolled sideways out of its drawer.
  function focusInto(panel) {
    var first = focusables(panel)[0];
    if (first) first.focus({ preventScroll: true });
  }

  drawerToggle.addEventListener("change", function () {
    update();
    if (!DRAWER.matches) return;
    if (drawerToggle.checked) {
      followed = null;
      drawerOpener = drawerOpener || menuButton;
      focusInto(currentPanel());
    } else {
      giveFocusBack(drawer, drawerOpener || menuButton);
      drawerOpener = null;
    }
  });

  searchToggle.addEventListener("change", function () {
    update();
    if (searchToggle.checked) followed = null;
    if (!searchToggle.checked && SEARCH_MODAL.matches) {
      giveFocusBack(search, searchOpener || searchButton);
      searchOpener = null;
    }
  });

  // A panel of the open drawer: focus moves into the panel that opens, and back to the control
  // that opened a panel that closes.
  panels.forEach(function (panel) {
    toggleOf(panel).addEventListener("change", function () {
      update();
      if (!drawerOpen()) return;
      if (this.checked) {
        focusInto(panel);
      } else {
        var opener = document.querySelector("label.md-nav__link[for='" + this.id + "']");
        if (opener && shown(opener)) opener.focus({ preventScroll: true });
      }
    });
  });

  // A link inside the open drawer or search to a place on this page: Material closes the panel,
  // and focus goes to that place (captured before Material's own click handler).
  document.addEventListener("click", function (event) {
    var box = modal();
    var link = event.target instanceof Element && event.target.closest("a[href]");
    if (!box || !link || !box.contains(link)) return;
    var url = new URL(link.href, window.location.href);
    if (url.pathname !== window.location.pathname || !url.hash) return;
    followed = document.getElementById(decodeURIComponent(url.hash.slice(1)));
  }, true);

  function modal() {
    if (searchModalOpen()) return search;
    if (drawerOpen()) return drawer;
    return null;
  }

  // Captured before Material's own key handlers, which close the search on Tab.
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var active = document.activeElement;
    if (event.key === "Escape") {
      if (searchToggle.checked && search) {
        event.stopPropagation();
        event.preventDefault();
        if (SEARCH_MODAL.matches) {
          searchToggle.click();  // focus goes back to the search button
        } else {
          // In the header the search box is the control: focus stays in it, the results close.
          // From a result, focus goes back to the box first; Material opens the results when the
          // box takes focus (1ms later), so they close after that.
          if (active === query) {
            searchToggle.click();
          } else {
            query.focus();
            window.setTimeout(function () {
              if (searchToggle.checked) searchToggle.click();
            }, 50);
          }
        }
      } else if (drawerOpen()) {
        event.stopPropagation();
        event.preventDefault();
        drawerToggle.click();
      }
      return;
    }
    if (event.key === " " && active && active.matches("label[tabindex]")) {
      event.preventDefault();  // a label acting as a button: Space presses it, as Enter does
      active.click();
      return;
    }
    if (event.key !== "Tab") return;
    var box = modal();
    if (!box) return;
    event.stopPropagation();
    var stops = focusables(box);
    if (!stops.length) return;
    var first = stops[0];
    var last = stops[stops.length - 1];
    if (!box.contains(active)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }, true);

  // In the header, typing in the search box after Escape opens the results again.
  if (query) {
    query.addEventListener("input", function () {
      if (!searchToggle.checked) searchToggle.click();
    });
  }

  function relayout() {
    setDrawerTabStops();
    update();
  }
  DRAWER.addEventListener("change", relayout);
  SEARCH_MODAL.addEventListener("change", relayout);
  relayout();
  if (searchModalOpen()) searchOpener = searchButton;  // opened by a ?q= address
})();
