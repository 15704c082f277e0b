/* Registers the guide's service worker (written by the build, generator/offline.py) so the guide
 * opens and the player runs with the network off. Only over http(s): from file:// a service
 * worker cannot run, and the copy works without it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !/^https?:$/.test(window.location.protocol)) return;
  var root = new URL("../../", script.src); // this script sits in assets/javascripts/
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname })
      .catch(function () { /* no offline copy: the guide works online as before */ });
  });
})();
