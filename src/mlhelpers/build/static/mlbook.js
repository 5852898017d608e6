/* The book's own script, on every page (added by mlhelpers.build.sphinx_ext).
 *
 * 1. Scrollable outputs (wide tables) become keyboard-focusable regions, so a
 *    keyboard user can scroll them (axe-core: scrollable-region-focusable).
 * 2. Keyboard access to plotly's own chart controls in the static book.
 *
 * plotly.js draws dropdowns, buttons and sliders as SVG that only a mouse can
 * use. This script makes each control reachable with Tab and usable with the
 * keyboard by replaying the mouse events plotly already listens to, so the
 * chart behaves exactly as it does for a click:
 *   - dropdown headers and buttons: role=button, Enter or Space activates;
 *   - sliders: role=slider, arrow keys / Home / End move between steps.
 * It runs on pages that hold a chart (mlhelpers.build.sphinx_ext adds it there).
 */
(function () {
  "use strict";
  var STYLE = ".mlbook-plotly g[tabindex]:focus{outline:none}" +
    ".mlbook-plotly g[tabindex]:focus>rect,.mlbook-plotly g[tabindex]:focus .slider-grip-rect" +
    "{stroke:#000!important;stroke-width:3px!important}";

  function text(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }

  function fire(el, type, x, y) {
    var r = el.getBoundingClientRect();
    var cx = x === undefined ? r.left + r.width / 2 : x;
    var cy = y === undefined ? r.top + r.height / 2 : y;
    el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, view: window, clientX: cx, clientY: cy}));
  }

  function onActivate(el, fn, onEscape) {
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); fn(); }
      else if (ev.key === "Escape" && onEscape) { ev.preventDefault(); onEscape(); }
    });
  }

  function backToHeader(menu) {
    var header = menu.querySelector("g.updatemenu-header");
    if (header) {
      header.setAttribute("aria-label", "Menu: " + text(header) + " (Enter opens the choices)");
      header.focus();
    }
  }

  function enhanceMenus(gd) {
    gd.querySelectorAll("g.updatemenu-header").forEach(function (h) {
      if (h.hasAttribute("tabindex")) { return; }
      h.setAttribute("tabindex", "0");
      h.setAttribute("role", "button");
      h.setAttribute("aria-haspopup", "true");
      h.setAttribute("aria-label", "Menu: " + text(h) + " (Enter opens the choices)");
      onActivate(h, function () {
        fire(h, "click");
        setTimeout(function () {
          var first = gd.querySelector("g.updatemenu-dropdown-button-group g.updatemenu-dropdown-button");
          if (first) { enhance(gd); first.focus(); }
        }, 50);
      });
    });
    gd.querySelectorAll("g.updatemenu-button, g.updatemenu-dropdown-button").forEach(function (b) {
      if (b.hasAttribute("tabindex")) { return; }
      b.setAttribute("tabindex", "0");
      b.setAttribute("role", "button");
      b.setAttribute("aria-label", text(b) || "Chart option");
      onActivate(b, function () {
        var inDropdown = b.closest("g.updatemenu-dropdown-button-group");
        var menu = b.closest("g.updatemenu-container");
        fire(b, "click");
        if (inDropdown && menu) { setTimeout(function () { backToHeader(menu); }, 50); }
      }, function () {
        var menu = b.closest("g.updatemenu-container");
        var header = menu && menu.querySelector("g.updatemenu-header");
        if (b.closest("g.updatemenu-dropdown-button-group") && header) {
          fire(header, "click");  // a second click on the header closes the list
          setTimeout(function () { backToHeader(menu); }, 50);
        }
      });
    });
  }

  function enhanceSliders(gd) {
    gd.querySelectorAll("g.slider-group").forEach(function (s, i) {
      var rail = s.querySelector("rect.slider-rail-touch-rect") || s.querySelector("rect.slider-rail-rect");
      if (!rail || s.hasAttribute("tabindex")) { return; }
      var opts = function () { return ((gd._fullLayout || {}).sliders || [])[i] || {}; };
      var steps = function () { return (opts().steps || []).filter(function (st) { return st.visible !== false; }); };
      var update = function () {
        var st = steps(), k = opts().active || 0;
        s.setAttribute("aria-valuemin", "0");
        s.setAttribute("aria-valuemax", String(Math.max(st.length - 1, 0)));
        s.setAttribute("aria-valuenow", String(k));
        s.setAttribute("aria-valuetext", st[k] ? String(st[k].label) : String(k));
      };
      s.setAttribute("tabindex", "0");
      s.setAttribute("role", "slider");
      var prefix = (opts().currentvalue || {}).prefix || "";
      s.setAttribute("aria-label", prefix ? "Slider: " + prefix.replace(/[:\s]+$/, "") : "Chart slider");
      update();
      s.addEventListener("keydown", function (ev) {
        var st = steps(), k = opts().active || 0, target = k;
        if (ev.key === "ArrowRight" || ev.key === "ArrowUp") { target = Math.min(k + 1, st.length - 1); }
        else if (ev.key === "ArrowLeft" || ev.key === "ArrowDown") { target = Math.max(k - 1, 0); }
        else if (ev.key === "Home") { target = 0; }
        else if (ev.key === "End") { target = st.length - 1; }
        else { return; }
        ev.preventDefault();
        var ticks = s.querySelectorAll("rect.slider-tick-rect");
        var tick = ticks[target];
        if (!tick || target === k) { return; }
        var tr = tick.getBoundingClientRect(), rr = rail.getBoundingClientRect();
        var x = tr.left + tr.width / 2, y = rr.top + rr.height / 2;
        fire(rail, "mousedown", x, y);
        fire(gd, "mouseup", x, y);
        setTimeout(update, 50);
      });
      gd.on && gd.on("plotly_sliderchange", update);
    });
  }

  function enhance(gd) { enhanceMenus(gd); enhanceSliders(gd); }

  function watch(gd) {
    if (gd.dataset.mlbookKeyboard) { return; }
    gd.dataset.mlbookKeyboard = "1";
    var pending = false;
    new MutationObserver(function () {
      if (pending) { return; }
      pending = true;
      setTimeout(function () { pending = false; enhance(gd); }, 30);
    }).observe(gd, {childList: true, subtree: true});
    enhance(gd);
  }

  function scrollableRegions() {
    document.querySelectorAll(".cell_output .output, .cell_output > div, .table-wrapper, div.highlight pre").forEach(function (el) {
      if (el.hasAttribute("tabindex") || el.closest(".mlbook-plotly")) { return; }
      var style = getComputedStyle(el);
      var scrolls = /(auto|scroll)/.test(style.overflowX + style.overflowY) &&
        (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
      if (scrolls) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", "Scrollable output: use the arrow keys to scroll");
      }
    });
  }

  window.mlbookKeyboard = watch;
  document.addEventListener("DOMContentLoaded", function () {
    var style = document.createElement("style");
    style.textContent = STYLE;
    document.head.appendChild(style);
    scrollableRegions();
  });
  window.addEventListener("resize", scrollableRegions);
})();
