/* The book's own script, on every page (added by mlhelpers.build.sphinx_ext).
 *
 * 1. Scrollable outputs (wide tables) become keyboard-focusable regions, so a
 *    keyboard user can scroll them (axe-core: scrollable-region-focusable),
 *    and the theme's buttons get names that contain what they show.
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
    "{stroke:#000!important;stroke-width:3px!important}" +
    "html[data-theme=dark] .mlbook-plotly g[tabindex]:focus>rect{stroke:#fff!important}";

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
    // all the measuring first, then all the changes: a change between two
    // measurements would make the browser lay the page out again for each element
    var found = [];
    document.querySelectorAll(".cell_output .output, .cell_output > div, .table-wrapper, div.highlight pre").forEach(function (el) {
      if (el.hasAttribute("tabindex") || el.closest(".mlbook-plotly")) { return; }
      var style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowX + style.overflowY) &&
        (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) { found.push(el); }
    });
    found.forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", "Scrollable output: use the arrow keys to scroll");
    });
  }

  /* Label in name (WCAG 2.5.3): a control's accessible name must contain the
   * words it shows. The theme's search buttons show "Search Ctrl+K" under the
   * label "Search", and the colour-mode button's icons carry titles (Light,
   * Dark, System Settings) that are not in its label "Color mode". */
  function labelInName() {
    document.querySelectorAll("button[aria-label], summary[aria-label]").forEach(function (el) {
      var shown = text(el), label = (el.getAttribute("aria-label") || "").toLowerCase();
      if (shown && label.replace(/\s+/g, "").indexOf(shown.toLowerCase().replace(/\s+/g, "")) < 0) {
        el.setAttribute("aria-label", shown);
      }
    });
    document.querySelectorAll(".theme-switch-button i[title]").forEach(function (i) {
      i.removeAttribute("title");
      i.setAttribute("aria-hidden", "true");
    });
  }

  window.mlbookKeyboard = watch;
  // the script is deferred: the page is parsed, and the style is in before any chart is drawn
  var style = document.createElement("style");
  style.textContent = STYLE;
  document.head.appendChild(style);
  document.addEventListener("DOMContentLoaded", function () {
    labelInName();
    // after the first frame that shows the charts: measuring every output's box
    // before it held that frame back (by 0.07-0.25 s on chapter 4, with its 13 charts)
    requestAnimationFrame(function () {
      setTimeout(function () {
        scrollableRegions();
        document.documentElement.dataset.mlbookRegions = "ready";
      }, 0);
    });
  });
  window.addEventListener("resize", scrollableRegions);
})();

/* 3. Charts that lay out for the width they get and follow the theme.
 *
 * The renderer (mlhelpers.build.mystnb_plotly) hands every figure to
 * window.mlbookPlot(el, fig) instead of calling Plotly.newPlot itself. One
 * rule, adapt(fig, width, dark), turns the stored figure into the one to draw,
 * in a single pass before the first draw (no second draw):
 *   - the title sits at the top of the chart and wraps (<br>) at the width;
 *   - controls that would overlap each other or run past the edge are stacked
 *     one per row under the title, inside the chart; a row of buttons too wide
 *     for the width becomes a dropdown; labels too long are shortened with "...";
 *   - below 700 px: the legend lies horizontally above the plot, the source
 *     note becomes text under the chart, long category labels wrap, axis titles
 *     wrap, explicit ticks thin out and category ticks rotate so none overlap,
 *     heatmap cell labels give way to the hover when cells are too small,
 *     small multiples re-flow into fewer columns (the panels now at the left
 *     and bottom carry the shared axes' labels), the labels of horizontal bars
 *     move above their bars, and the margins are computed for the labels;
 *   - at any width, a wrapped x axis title moves the source note down;
 *   - traces with no hover template get a formatted one;
 *   - in dark mode a dark house template: background, text, grid, controls and
 *     hover labels, with near-black and near-white colours swapped and text
 *     colours lightened to a contrast of at least 4.5:1; the palette's hues
 *     (Okabe-Ito, colour-blind safe) are kept.
 * The stored JSON is read once; nothing is stored twice. On a change of width
 * or of <html data-theme> (the theme's light/dark switch) the chart is redrawn
 * with Plotly.react and the reader's choices in its controls are replayed.
 */
(function () {
  "use strict";
  var NARROW = 700;
  var DARK = {bg: "#1a1d23", text: "#e6e6e6", muted: "#c2c2c2", grid: "#3b4048", line: "#9aa0a6",
    menuBg: "#2b3038", menuBorder: "#9aa0a6", hoverBg: "#2b3038"};
  var LIGHT_BG = "#ffffff";
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  var ctx = null;

  function clone(x) { return x === undefined ? undefined : JSON.parse(JSON.stringify(x)); }
  function get(obj, path) {
    return path.split(".").reduce(function (o, k) { return o === undefined || o === null ? undefined : o[k]; }, obj);
  }
  function strip(s) { return String(s === undefined || s === null ? "" : s).replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]+>/g, ""); }
  function width(s, size, bold) {
    if (!ctx) { ctx = document.createElement("canvas").getContext("2d"); }
    ctx.font = (bold ? "bold " : "") + size + "px " + FONT;
    return strip(s).split("\n").reduce(function (m, line) { return Math.max(m, ctx.measureText(line).width); }, 0);
  }
  /* The numbers of a data array, plain or in plotly's typed form {dtype, bdata}. */
  var TYPED = {f8: Float64Array, f4: Float32Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array};
  function numbers(v) {
    if (Array.isArray(v)) { return v.filter(function (x) { return typeof x === "number"; }); }
    if (v && typeof v.bdata === "string" && TYPED[v.dtype]) {
      var bin = atob(v.bdata), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
      return Array.prototype.slice.call(new TYPED[v.dtype](bytes.buffer));
    }
    return [];
  }
  function lines(s) { return strip(s).split("\n").length; }

  /* Wrap plotly text (which may hold <br>, <b>, <i>, <sup>) at maxW px by inserting <br>. */
  function wrap(s, maxW, size, bold) {
    if (s === undefined || s === null || s === "") { return s; }
    var parts = String(s).split(/<br\s*\/?>/i);
    var out = [];
    parts.forEach(function (part) {
      var sup = /<sup>/i.test(part), sz = sup ? size * 0.75 : size;
      if (width(part, sz, bold) <= maxW) { out.push(part); return; }
      var open = sup ? "<sup>" : "", close = sup ? "</sup>" : "";
      var words = part.replace(/<\/?sup>/gi, "").split(" "), line = "";
      words.forEach(function (w) {
        var trial = line ? line + " " + w : w;
        if (line && width(trial, sz, bold) > maxW) { out.push(open + line + close); line = w; } else { line = trial; }
      });
      if (line) { out.push(open + line + close); }
    });
    return out.join("<br>");
  }
  function shorten(label, maxW, size) {
    var s = strip(label).replace(/\n/g, " ");
    if (width(s, size) <= maxW) { return label; }
    while (s.length > 4 && width(s + "\u2026", size) > maxW) { s = s.slice(0, -1); }
    return s.replace(/\s+$/, "") + "\u2026";
  }

  /* ---- colours -------------------------------------------------------- */
  function parse(c) {
    if (typeof c !== "string") { return null; }
    var s = c.trim().toLowerCase(), m;
    if (s === "white") { return [255, 255, 255, 1]; }
    if (s === "black") { return [0, 0, 0, 1]; }
    if ((m = /^#([0-9a-f]{3})$/.exec(s))) { return [0, 1, 2].map(function (i) { return parseInt(m[1][i] + m[1][i], 16); }).concat([1]); }
    if ((m = /^#([0-9a-f]{6})$/.exec(s))) { return [0, 2, 4].map(function (i) { return parseInt(m[1].substr(i, 2), 16); }).concat([1]); }
    if ((m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s))) {
      return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    }
    return null;
  }
  function hsl(rgb) {
    var r = rgb[0] / 255, g = rgb[1] / 255, b = rgb[2] / 255, mx = Math.max(r, g, b), mn = Math.min(r, g, b);
    var l = (mx + mn) / 2, h = 0, s = 0, d = mx - mn;
    if (d) {
      s = l > 0.5 ? d / (2 - mx - mn) : d / (mx + mn);
      h = mx === r ? (g - b) / d + (g < b ? 6 : 0) : mx === g ? (b - r) / d + 2 : (r - g) / d + 4;
      h /= 6;
    }
    return [h, s, l];
  }
  function rgbOf(h, s, l) {
    function f(p, q, t) {
      if (t < 0) { t += 1; } if (t > 1) { t -= 1; }
      return t < 1 / 6 ? p + (q - p) * 6 * t : t < 1 / 2 ? q : t < 2 / 3 ? p + (q - p) * (2 / 3 - t) * 6 : p;
    }
    if (!s) { return [l * 255, l * 255, l * 255]; }
    var q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
    return [f(p, q, h + 1 / 3) * 255, f(p, q, h) * 255, f(p, q, h - 1 / 3) * 255];
  }
  function css(rgb, a) {
    var hex = "#" + rgb.slice(0, 3).map(function (v) { return ("0" + Math.round(Math.max(0, Math.min(255, v))).toString(16)).slice(-2); }).join("");
    if (a === undefined || a >= 1) { return hex; }
    return "rgba(" + rgb.slice(0, 3).map(Math.round).join(",") + "," + a + ")";
  }
  function luminance(rgb) {
    var c = rgb.slice(0, 3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  /* A colour for the dark template: very light colours (backgrounds, tints,
   * white) turn dark, near-black greys turn light; mid colours (the palette) stay. */
  function darkColour(c, isText) {
    var rgb = parse(c);
    if (!rgb) { return c; }
    var x = hsl(rgb), h = x[0], s = x[1], l = x[2], out;
    if (l >= 0.8) { out = rgbOf(h, s * 0.45, 0.11 + (1 - l) * 0.9); }
    else if (s < 0.2 && l <= 0.45) { out = rgbOf(h, s, 1 - l * 0.75); }
    else { out = rgb.slice(0, 3); }
    if (isText) {
      var bg = parse(DARK.bg), k = hsl(out);
      for (var i = 0; i < 20 && contrast(out, bg) < 4.6; i++) { k[2] = Math.min(1, k[2] + 0.04); out = rgbOf(k[0], k[1], k[2]); }
    }
    return css(out, rgb[3]);
  }
  function darken(obj, inText) {
    if (Array.isArray(obj)) { return obj.map(function (v) { return darken(v, inText); }); }
    if (obj && typeof obj === "object") {
      var out = {};
      Object.keys(obj).forEach(function (k) {
        var text = inText || /font$|^font|textfont|^text$/i.test(k);
        out[k] = k === "colorway" ? obj[k].map(function (c) { return darkColour(c, false); }) : darken(obj[k], text);
      });
      return out;
    }
    return typeof obj === "string" ? darkColour(obj, inText) : obj;
  }

  /* ---- the one layout rule ---------------------------------------------- */
  function tpl(layout, path) {
    var v = get(layout, path);
    return v !== undefined ? v : get(layout, "template.layout." + path);
  }
  function axisNames(layout, letter) {
    var names = Object.keys(layout).filter(function (k) { return new RegExp("^" + letter + "axis\\d*$").test(k); });
    if (names.indexOf(letter + "axis") < 0) { names.unshift(letter + "axis"); }
    return names;
  }
  function traceAxis(t, letter) {
    var a = t[letter + "axis"] || letter;
    return letter + "axis" + a.slice(1);
  }
  function categories(fig, letter, axis) {
    var seen = [], add = function (v) { if (typeof v === "string" && seen.indexOf(v) < 0) { seen.push(v); } };
    fig.data.forEach(function (t) {
      if (traceAxis(t, letter) !== axis) { return; }
      if (Array.isArray(t[letter])) { t[letter].forEach(add); return; }
      // a box or violin with no positions is placed at its name along the category axis
      var along = (t.orientation === "h") ? "y" : "x";
      if ((t.type === "box" || t.type === "violin") && letter === along && t[letter] === undefined && t[letter + "0"] === undefined && t.name) { add(t.name); }
    });
    (fig.layout.updatemenus || []).forEach(function (m) {
      (m.buttons || []).forEach(function (b) {
        (b.args || []).forEach(function (a) {
          if (a && Array.isArray(a[letter])) { a[letter].forEach(function (v) { (Array.isArray(v) ? v : [v]).forEach(add); }); }
        });
      });
    });
    return seen;
  }

  function formatHover(t, layout) {
    if (t.hovertemplate || t.hoverinfo === "skip" || t.hoverinfo === "none") { return; }
    if (["bar", "scatter"].indexOf(t.type || "scatter") < 0) { return; }
    var xt = strip(tpl(layout, traceAxis(t, "x") + ".title.text") || "").replace(/\n/g, " ");
    var yt = strip(tpl(layout, traceAxis(t, "y") + ".title.text") || "").replace(/\n/g, " ");
    var name = t.name ? "<b>" + t.name + "</b><br>" : "";
    if (t.type === "bar" && t.orientation === "h") { t.hovertemplate = "<b>%{y}</b><br>" + (xt ? xt + ": " : "") + "%{x}<extra></extra>"; }
    else if (t.type === "bar") { t.hovertemplate = "<b>%{x}</b><br>" + (yt ? yt + ": " : "") + "%{y}<extra></extra>"; }
    else { t.hovertemplate = name + (xt || "x") + ": %{x:.3~r}<br>" + (yt || "y") + ": %{y:.3~r}<extra></extra>"; }
  }

  function menuSize(m, size) {
    var labels = (m.buttons || []).map(function (b) { return b.label || ""; });
    var ws = labels.map(function (l) { return width(l, size) + 18; });
    var h = size * 1.25 + 18;  // measured: 33 px at 12 px
    if ((m.type || "dropdown") === "dropdown") { return {w: Math.max.apply(null, ws.concat([40])) + 28, h: h}; }
    if (m.direction === "down" || m.direction === "up") { return {w: Math.max.apply(null, ws), h: h * labels.length}; }
    return {w: ws.reduce(function (a, b) { return a + b + 2; }, 0), h: h};
  }

  /* Small multiples side by side too narrow to read are re-flowed into fewer
   * columns (one, when later columns carry their own category labels); subplot
   * titles move with their panels. Returns the new height of the plotting area. */
  function reflow(data, layout, W, plotH) {
    var pairs = {};
    data.forEach(function (t) { var xa = traceAxis(t, "x"), ya = traceAxis(t, "y"); pairs[xa + "|" + ya] = [xa, ya]; });
    var list = Object.keys(pairs).map(function (k) { return pairs[k]; });
    var dom = function (n) { return (layout[n] && layout[n].domain) || [0, 1]; };
    var key = function (d) { return d[0].toFixed(3); };
    var cols = [], rows = [];
    list.forEach(function (p) {
      if (cols.indexOf(key(dom(p[0]))) < 0) { cols.push(key(dom(p[0]))); }
      if (rows.indexOf(dom(p[1])[1].toFixed(3)) < 0) { rows.push(dom(p[1])[1].toFixed(3)); }
    });
    if (list.length < 2 || cols.length < 2) { return plotH; }
    cols.sort(function (a, b) { return a - b; });
    rows.sort(function (a, b) { return b - a; });
    var labelled = list.some(function (p) {
      return cols.indexOf(key(dom(p[0]))) > 0 && categories({data: data, layout: layout}, "y", p[1]).length > 0;
    });
    var newCols = labelled ? 1 : Math.max(1, Math.min(cols.length, Math.floor((W - 40) / 150)));
    if (newCols >= cols.length) { return plotH; }
    var cells = list.map(function (p) {
      return {p: p, r: rows.indexOf(dom(p[1])[1].toFixed(3)), c: cols.indexOf(key(dom(p[0]))), x: dom(p[0]).slice(), y: dom(p[1]).slice()};
    }).sort(function (a, b) { return a.r - b.r || a.c - b.c; });
    // Shared axes label only the panels at the edge (y at the left, x at the bottom).
    // The edge moves with the new grid: the panels now at the left or the bottom get the labels.
    var shown = function (n) { return !layout[n] || layout[n].showticklabels !== false; };
    var sharedY = cells.some(function (cell) { return !shown(cell.p[1]); }) &&
      cells.every(function (cell) { return cell.c > 0 || shown(cell.p[1]); });
    var sharedX = cells.some(function (cell) { return !shown(cell.p[0]); }) &&
      cells.every(function (cell) { return cell.r < rows.length - 1 || shown(cell.p[0]); });
    var nRows = Math.ceil(cells.length / newCols);
    var xTitled = list.some(function (p) { return get(layout, p[0] + ".title.text"); });
    // between rows: the next panel's title, and the x labels (and title) unless only the last row has them
    var cellPx = Math.max(140, plotH * (cells[0].y[1] - cells[0].y[0])), gapPx = sharedX ? 44 : xTitled ? 92 : 64;
    var newH = nRows * cellPx + (nRows - 1) * gapPx, gx = 0.1, w = (1 - gx * (newCols - 1)) / newCols;
    var anns = layout.annotations || [];
    cells.forEach(function (cell, k) {
      var r = Math.floor(k / newCols), c = k % newCols;
      var top = 1 - r * (cellPx + gapPx) / newH, x0 = c * (w + gx);
      var nx = [x0, Math.min(1, x0 + w)], ny = [Math.max(0, top - cellPx / newH), top];
      anns.forEach(function (a) {
        if (a._moved || a.xref !== "paper" || a.yref !== "paper" || a.xanchor !== "center") { return; }
        if (a.x >= cell.x[0] - 1e-6 && a.x <= cell.x[1] + 1e-6 && Math.abs(a.y - cell.y[1]) < 0.02) {
          a.x = (nx[0] + nx[1]) / 2; a.y = ny[1]; a._moved = true;
        }
      });
      layout[cell.p[0]] = Object.assign({}, layout[cell.p[0]] || {}, {domain: nx});
      layout[cell.p[1]] = Object.assign({}, layout[cell.p[1]] || {}, {domain: ny});
    });
    anns.forEach(function (a) { delete a._moved; });
    cells.forEach(function (cell, k) {
      if (sharedY) { layout[cell.p[1]].showticklabels = k % newCols === 0; }
      if (sharedX) { layout[cell.p[0]].showticklabels = k + newCols >= cells.length; }
    });
    return newH;
  }

  /* The most categories an axis shows at once. A menu that switches between groups of
   * traces (one study at a time) shows only one group's categories, so the plot need
   * only be tall enough for the largest group. Falls back to all of them when the menus
   * change the data or the traces shown in a way this does not follow. */
  function shownAtOnce(data, layout, letter, axis, cats) {
    var visible = function (t) { return t.visible !== false && t.visible !== "legendonly"; };
    var states = [data.map(visible)], unknown = false;
    (layout.updatemenus || []).concat(layout.sliders || []).forEach(function (m) {
      (m.buttons || m.steps || []).forEach(function (b) {
        (b.args || []).forEach(function (a, k) {
          if (!a || typeof a !== "object" || Array.isArray(a)) { return; }
          if (letter in a) { unknown = true; }
          if (k === 0 && "visible" in a) {
            if (Array.isArray(a.visible) && a.visible.length === data.length && (b.args || []).length < 3) {
              states.push(a.visible.map(function (v) { return v === true; }));
            } else { unknown = true; }
          }
        });
      });
    });
    if (unknown) { return cats.length; }
    return states.reduce(function (most, shown) {
      var seen = {};
      data.forEach(function (t, i) {
        if (!shown[i] || traceAxis(t, letter) !== axis) { return; }
        if (Array.isArray(t[letter])) { t[letter].forEach(function (c) { if (typeof c === "string") { seen[c] = 1; } }); }
        // a box or violin with no positions sits at its name (as in categories())
        else if ((t.type === "box" || t.type === "violin") && letter === (t.orientation === "h" ? "y" : "x") &&
          t[letter] === undefined && t[letter + "0"] === undefined && t.name) { seen[t.name] = 1; }
      });
      return Math.max(most, Object.keys(seen).length);
    }, 0) || cats.length;
  }

  /* Horizontal bars whose category labels would take more than a quarter of a
   * phone's width leave the bars a sliver: the labels move above their bars, which
   * then get the whole width. Only a chart of horizontal bars on one category axis,
   * whose menus do not change which bars are shown.
   * Returns the new height of the plotting area. */
  function labelsAboveBars(data, layout, W, plotH) {
    if (!data.length || data.some(function (t) { return t.type !== "bar" || t.orientation !== "h" || traceAxis(t, "y") !== "yaxis"; })) { return plotH; }
    if (axisNames(layout, "y").length > 1 || axisNames(layout, "x").length > 1) { return plotH; }
    // not when the menus change which bars are shown (the labels would have to follow)
    var changes = (layout.updatemenus || []).concat(layout.sliders || []).some(function (m) {
      return (m.buttons || m.steps || []).some(function (b) {
        return (b.args || []).some(function (a) { return a && typeof a === "object" && ("y" in a || "visible" in a); });
      });
    });
    if (changes || data.some(function (t) { return t.visible === false || t.visible === "legendonly"; })) { return plotH; }
    var ya = layout.yaxis || {}, cats = categories({data: data, layout: layout}, "y", "yaxis");
    if (!cats.length || ya.showticklabels === false || ya.type === "linear" || ya.tickvals || get(ya, "title.text")) { return plotH; }
    var size = 11;
    if (cats.reduce(function (m, c) { return Math.max(m, width(c, size)); }, 0) + 14 <= W * 0.25) { return plotH; }
    var texts = cats.map(function (c) { return wrap(strip(c).replace(/\n/g, " "), W - 40, size); });
    var labelH = Math.max.apply(null, texts.map(function (t) { return lines(t); })) * (size + 3);
    // each category's band: the bar, with room for its label in the half gap above it
    var bar = 20, band = Math.max(plotH / cats.length, bar + 2 * (labelH + 4));
    layout.bargap = 1 - bar / band;
    layout.yaxis = Object.assign({}, ya, {showticklabels: false, ticks: ""});
    layout.annotations = (layout.annotations || []).concat(cats.map(function (c, i) {
      return {text: texts[i], xref: "paper", x: 0, xanchor: "left", yref: "y", y: c, yanchor: "bottom", yshift: bar / 2 + 2,
        showarrow: false, align: "left", font: {size: size}, name: "mlbook-bar-label",
        // on the chart's background, so a line across the plot (a median) passes behind the label
        bgcolor: tpl(layout, "paper_bgcolor") || LIGHT_BG};
    }));
    return Math.round(band * cats.length);
  }

  /* A label anchored at its left to a point on the x axis (a bar's value beside the bar's end)
   * must end inside the chart. Where one would not, the figure's fixed x range is widened to
   * make room for it. The labels a menu's choices write count too (the menus of the figure as
   * stored, long ones included). Only the first x axis, and only a numeric range the figure fixes. */
  function labelsInRange(layout, fig, W, margin, fs) {
    var ax = layout.xaxis || {}, r = ax.range;
    if (!Array.isArray(r) || typeof r[0] !== "number" || typeof r[1] !== "number" || r[1] <= r[0] || ax.type === "log") { return; }
    var plotW = W - margin.l - margin.r, room = W - margin.l - 4, need = r[1];
    var menus = (get(fig, "layout.updatemenus") || []).concat(get(fig, "layout.sliders") || []);
    (layout.annotations || []).forEach(function (a, i) {
      if ((a.xref || "x") !== "x" || a.xanchor !== "left" || a.showarrow !== false) { return; }
      var size = get(a, "font.size") || fs, pad = 2 * ((a.borderpad === undefined ? 1 : a.borderpad) + (a.borderwidth || 0));
      var fit = function (x, text) {
        if (typeof x !== "number" || text === undefined || x <= r[0]) { return; }
        var w = width(text, size) + (a.xshift || 0) + pad + 2;
        if (room - w < plotW * 0.3) { return; }  // too long to fit by any range: leave the figure's
        need = Math.max(need, r[0] + (x - r[0]) * plotW / (room - w));
      };
      fit(a.x, a.text);
      menus.forEach(function (m) {
        (m.buttons || m.steps || []).forEach(function (b) {
          (b.args || []).forEach(function (arg) {
            if (!arg || typeof arg !== "object") { return; }
            var k = "annotations[" + i + "].";
            if ((k + "x") in arg || (k + "text") in arg) {
              fit((k + "x") in arg ? arg[k + "x"] : a.x, (k + "text") in arg ? arg[k + "text"] : a.text);
            }
          });
        });
      });
    });
    if (need > r[1]) { layout.xaxis = Object.assign({}, ax, {range: [r[0], Math.ceil(need)]}); }
  }

  /* The left margin the y axis needs (automargin grows it further only if this falls short):
   * category labels (wrapped at wrapW), or about 44 px of numbers, plus the axis title. */
  function yNeed(layout, data, tfs, wrapW) {
    var need = 0;
    axisNames(layout, "y").forEach(function (name) {
      var ax = layout[name] || {}, dom = ax.domain, cats = categories({data: data, layout: layout}, "y", name);
      if (ax.side === "right" || ax.overlaying) { return; }
      var w = 44;
      if (ax.tickvals) { w = (ax.ticktext || ax.tickvals).reduce(function (mx, t) { return Math.max(mx, width(String(t), tfs)); }, 0) + 12; }
      else if (cats.length && ax.type !== "linear" && ax.type !== "log") {
        w = cats.reduce(function (mx, c) { return Math.max(mx, width(wrapW ? wrap(strip(c).replace(/\n/g, " "), wrapW, tfs) : c, tfs)); }, 0) + 14;
      }
      if (ax.showticklabels === false || ax.visible === false) { w = 0; }
      if (get(ax, "title.text")) { w += tfs + 8; }
      // only y axes at the chart's left edge push the left margin: those whose x axis starts at 0
      var xa = layout[(ax.anchor && ax.anchor !== "free" ? ax.anchor : "x").replace(/^x/, "xaxis")];
      if (((xa && xa.domain) || [0, 1])[0] <= 0.001) { need = Math.max(need, w); }
    });
    return need;
  }

  /* The bottom margin the x axes need on a phone, where the source note moves under
   * the chart: tick labels (upright, rotated or wrapped) plus the axis title. Only axes
   * drawn at the bottom of the chart count. An estimate that falls short costs plotly
   * one more drawing pass (automargin), so it errs on the generous side. */
  function xNeed(layout, data, tfs, top) {
    var need = 0;
    axisNames(layout, "x").forEach(function (name) {
      var ax = layout[name] || {};
      if ((ax.side === "top") !== !!top || ax.overlaying || ax.visible === false) { return; }
      var anchor = ax.anchor && ax.anchor !== "free" ? ax.anchor.replace(/^y/, "yaxis") : "yaxis";
      var ydom = (layout[anchor] && layout[anchor].domain) || [0, 1];
      if (top ? ydom[1] < 0.999 : ydom[0] > 0.001) { return; }
      var h = 0;
      if (ax.showticklabels !== false) {
        var texts = (ax.ticktext || ax.tickvals || categories({data: data, layout: layout}, "x", name)).map(function (t) { return String(t); });
        var angle = Math.abs(ax.tickangle || 0);
        if (angle >= 60 && texts.length) { h = texts.reduce(function (m, t) { return Math.max(m, width(t, tfs)); }, 0) * Math.sin(angle * Math.PI / 180); }
        else { h = texts.reduce(function (m, t) { return Math.max(m, lines(t)); }, 1) * tfs * 1.3; }
        h += 12;
      }
      if (get(ax, "title.text")) { h += lines(ax.title.text) * (get(ax, "title.font.size") || 12) * 1.3 + 12; }
      need = Math.max(need, h);
    });
    return need ? Math.ceil(need + 8) : 0;
  }

  /* Re-wrap a table's header and cells for columns sharing ``avail`` px (by
   * columnwidth); also in menu arguments that set its cells. Returns the height
   * the tallest version of the table needs. */
  function fitTable(t, ti, menus, avail) {
    var ncol = ((t.header || {}).values || (t.cells || {}).values || []).length;
    if (!ncol) { return 0; }
    var cw = Array.isArray(t.columnwidth) && t.columnwidth.length === ncol ? t.columnwidth : [];
    while (cw.length < ncol) { cw = cw.concat([1]); }
    var total = cw.reduce(function (a, b) { return a + b; }, 0);
    var cfs = get(t, "cells.font.size") || 12, hfs = get(t, "header.font.size") || 12;
    // each column at least as wide as its longest word, the rest shared by columnwidth
    var need = cw.map(function () { return 40; });
    var words = function (values, size) {
      (values || []).forEach(function (col, j) {
        (Array.isArray(col) ? col : [col]).forEach(function (v) {
          if (typeof v !== "string") { return; }
          var bold = /<b>/i.test(v);
          strip(v).split(/\s+/).forEach(function (w) { need[j] = Math.max(need[j], width(w, size, bold) + 22); });
        });
      });
    };
    words((t.header || {}).values, hfs); words((t.cells || {}).values, cfs);
    menus.forEach(function (m) { (m.buttons || []).forEach(function (b) { var a = (b.args || [])[0]; if (a && Array.isArray(a["cells.values"])) { a["cells.values"].forEach(function (v) { words(v, cfs); }); } }); });
    var share = cw.map(function (c) { return avail * c / total; });
    var px = share.map(function (v, j) { return Math.max(v, need[j]); });
    var over = px.reduce(function (a, b) { return a + b; }, 0) - avail;
    if (over > 0) {
      var slack = px.reduce(function (a, v, j) { return a + Math.max(0, v - need[j]); }, 0);
      if (slack > 0) { px = px.map(function (v, j) { return v - Math.max(0, v - need[j]) * Math.min(1, over / slack); }); }
    }
    t.columnwidth = px.map(function (v) { return Math.round(v); });
    px = px.map(function (v) { return Math.max(30, (v - 20) * 0.92); });  // cell padding, and a margin for the font
    var minH = typeof get(t, "cells.height") === "number" ? get(t, "cells.height") : 20;
    var one = function (v, j, size) {
      if (typeof v !== "string") { return v; }
      // the author's line breaks go, except one after a bold lead ("<b>reported</b><br>...")
      var flat = v.replace(/(<\/b>)<br\s*\/?>/gi, "$1\u0000").replace(/<br\s*\/?>/gi, " ").replace(/\s+/g, " ").replace(/\u0000/g, "<br>");
      return wrap(flat, px[j], size, /<b>/i.test(v) && !/<\/b>./i.test(v));
    };
    var cols = function (values, size) {
      return (values || []).map(function (col, j) { return Array.isArray(col) ? col.map(function (v) { return one(v, j, size); }) : one(col, j, size); });
    };
    var height = function (header, cells) {
      var h = (header || []).reduce(function (m, v) { return Math.max(m, lines(v) * hfs * 1.35 + 12); }, minH);
      var rows = Math.max.apply(null, (cells || []).map(function (c) { return Array.isArray(c) ? c.length : 1; }).concat([0]));
      for (var i = 0; i < rows; i++) {
        var lh = minH;
        (cells || []).forEach(function (c) { var v = Array.isArray(c) ? c[i] : c; lh = Math.max(lh, lines(v) * cfs * 1.35 + 12); });
        h += lh;
      }
      return h;
    };
    if (t.header && t.header.values) { t.header = Object.assign({}, t.header, {values: cols(t.header.values, hfs)}); }
    if (t.cells && t.cells.values) { t.cells = Object.assign({}, t.cells, {values: cols(t.cells.values, cfs)}); }
    var tallest = height((t.header || {}).values, (t.cells || {}).values);
    menus.forEach(function (m) {
      (m.buttons || []).forEach(function (b) {
        var a = (b.args || [])[0];
        if (!a || !Array.isArray(a["cells.values"])) { return; }
        var k = a["cells.values"].length === 1 ? 0 : ti;
        a["cells.values"][k] = cols(a["cells.values"][k], cfs);
        tallest = Math.max(tallest, height((t.header || {}).values, a["cells.values"][k]));
      });
    });
    return Math.ceil(tallest);
  }

  function adapt(fig, W, dark) {
    var data = clone(fig.data) || [], layout = clone(fig.layout) || {};
    var narrow = W < NARROW;
    var fs = narrow ? 12 : (tpl(layout, "font.size") || 14);
    var H0 = layout.height || 450;
    var m0 = {t: tpl(layout, "margin.t"), b: tpl(layout, "margin.b"), l: tpl(layout, "margin.l"), r: tpl(layout, "margin.r")};
    m0 = {t: m0.t === undefined ? 100 : m0.t, b: m0.b === undefined ? 80 : m0.b, l: m0.l === undefined ? 80 : m0.l, r: m0.r === undefined ? 80 : m0.r};
    var margin = {t: m0.t, b: m0.b, l: m0.l, r: m0.r, pad: 0};
    var info = {note: null};
    data.forEach(function (t) { formatHover(t, layout); });

    // Title: top of the chart, wrapped at the width.
    var title = typeof layout.title === "string" ? {text: layout.title} : (layout.title || {});
    var tsize = narrow ? 16 : (get(title, "font.size") || tpl(layout, "title.font.size") || 18);
    var wrapTitle = function (s) { return wrap(s, W - 24, tsize, false); };
    if (title.text) { title.text = wrapTitle(title.text); }
    title.font = Object.assign({}, title.font || {}, {size: tsize});
    Object.assign(title, {x: 0, xanchor: "left", xref: "container", yref: "container", y: 1, yanchor: "top", automargin: false,
      pad: {l: 8, t: 10, r: 8, b: 0}});
    layout.title = title;
    var titleH = title.text ? 10 + lines(title.text) * tsize * 1.3 + 6 : 8;

    // Button arguments that set a title or a note get the same wrapping.
    var menus = layout.updatemenus || [];
    menus.forEach(function (m) {
      (m.buttons || []).forEach(function (b) {
        (b.args || []).forEach(function (a) {
          if (!a || typeof a !== "object" || Array.isArray(a)) { return; }
          Object.keys(a).forEach(function (k) {
            if (k === "title.text" || k === "title") { a[k] = typeof a[k] === "string" ? wrapTitle(a[k]) : a[k]; }
            else if (/axis\d*\.title\.text$/.test(k) && narrow) { a[k] = wrap(a[k], W * 0.8, fs); }
            else if (/^annotations\[\d+\]\.text$/.test(k)) { a[k] = wrap(a[k], W - 24, fs); }
          });
        });
      });
    });

    // A dropdown of many choices (one trust among 151) is shown as a native <select>
    // above the chart instead (mlbookPlot makes it): plotly measures every choice's
    // label each time it draws the menu, and its open list runs far past a phone's
    // screen, where a native select opens the system's own picker.
    var native = [];
    if (menus.some(function (m) { return isLongMenu(m); })) {
      menus = menus.filter(function (m) { if (isLongMenu(m)) { native.push(m); return false; } return true; });
      layout.updatemenus = menus;
    }

    // Notes above the plot (paper y >= 1, left-anchored) wrap and join the top stack;
    // subplot titles (centred) stay where they are.
    var anns = layout.annotations || [];
    var topNotes = [], subTitles = 0;
    anns.forEach(function (a) {
      if (a.yref === "paper" && a.y >= 1 && (a.xanchor || "auto") !== "center" && a.name !== "source") { topNotes.push(a); }
      else if (a.yref === "paper" && a.y >= 1 && a.xanchor === "center") { subTitles = Math.max(subTitles, lines(a.text) * ((get(a, "font.size") || fs) * 1.3)); }
    });

    // Controls: keep the author's places when they fit; otherwise stack them.
    var mfs = narrow ? 12 : fs;
    var avail = W - 16;
    var leftDesk = Math.max(m0.l, yNeed(layout, data, get(layout, "yaxis.tickfont.size") || tpl(layout, "font.size") || 14, 0));
    var plotW0 = W - leftDesk - m0.r;
    var sizes = menus.map(function (m) {
      var left = narrow ? 8 : Math.max(8, leftDesk + (m.x === undefined ? -0.05 : m.x) * plotW0);
      var room = (m.xanchor || "right") === "left" ? W - 8 - left : avail;
      m.font = Object.assign({size: mfs}, m.font || {});
      m.font.size = mfs;
      var sz = menuSize(m, mfs);
      if (sz.w > room && (m.type === "buttons") && (m.direction || "left") !== "down") {
        m.type = "dropdown"; m.direction = "down"; m.showactive = true;
        if (m.active === undefined) { m.active = 0; }
        sz = menuSize(m, mfs);
      }
      if (sz.w > room) {
        (m.buttons || []).forEach(function (b) { b.label = shorten(b.label || "", room - 50, mfs); });
        sz = menuSize(m, mfs);
      }
      return sz;
    });
    var boxes = menus.map(function (m, i) {
      var x = leftDesk + (m.x === undefined ? -0.05 : m.x) * plotW0, xa = m.xanchor || "right";
      var left = xa === "right" ? x - sizes[i].w : xa === "center" ? x - sizes[i].w / 2 : x;
      return {l: left, r: left + sizes[i].w, y: m.y === undefined ? 1 : m.y};
    });
    var clash = boxes.some(function (b, i) {
      if (b.l < -2 || b.r > W + 2) { return true; }
      return boxes.some(function (c, j) { return j > i && Math.abs(b.y - c.y) < 0.08 && b.l < c.r && c.l < b.r; });
    });
    var lgd = layout.legend || {};
    if (!clash && menus.length && (lgd.orientation === "h") && (lgd.y === undefined ? 1 : lgd.y) >= 1) {
      var lw = data.reduce(function (s2, t) { return s2 + (t.showlegend === false ? 0 : width(t.name || "", 12) + 46); }, 0);
      var lx = m0.l + (lgd.x === undefined ? 0 : lgd.x) * plotW0, lxa = lgd.xanchor || "left";
      var ll = lxa === "right" ? lx - lw : lxa === "center" ? lx - lw / 2 : lx;
      clash = boxes.some(function (b) { return Math.abs(b.y - (lgd.y === undefined ? 1 : lgd.y)) < 0.1 && b.l < ll + lw && ll < b.r; });
    }
    // without its long dropdown, the chart's top margin is computed, not the author's room for it
    var stack = narrow || clash || native.length > 0;

    var plotH0 = Math.max(H0 - m0.t - m0.b, 160);
    if (narrow) { plotH0 = reflow(data, layout, W, plotH0); }
    if (narrow) { plotH0 = labelsAboveBars(data, layout, W, plotH0); }
    axisNames(layout, "x").forEach(function (name) {
      var ax = layout[name], t = get(ax || {}, "title.text");
      if (ax && ax.type === "log" && !ax.tickvals && !ax.dtick) { ax.dtick = 1; }  // decades: minor digits collide
      if (!t || narrow) { return; }
      var d = ax.domain || [0, 1];
      ax.title = Object.assign({}, ax.title, {text: wrap(t, Math.max(160, plotW0 * (d[1] - d[0]) - 10), tpl(layout, "font.size") || 14)});
    });
    // Margins are computed here rather than left to plotly's automargin, which draws
    // a chart again whenever the margins it finds differ from those it was given.
    if (!narrow) { margin.l = Math.ceil(leftDesk) + 10; }
    if (narrow) {
      margin.l = Math.max(Math.min(m0.l, 12), Math.ceil(yNeed(layout, data, 11, Math.max(110, W * 0.4))) + 8);
    }

    // Legend: above the plot, horizontal, when narrow (side legends leave a sliver of plot).
    var NO_LEGEND = ["treemap", "sunburst", "icicle", "table", "heatmap", "indicator"];
    var inLegend = function (t) { return t.showlegend !== false && t.visible !== false && NO_LEGEND.indexOf(t.type) < 0; };
    var showLegend = layout.showlegend !== false && data.filter(inLegend).length > (layout.showlegend === true ? 0 : 1);
    var legendH = 0;
    if (stack && showLegend) {
      // kept when a menu leaves one trace shown (plotly would drop it and leave its room empty)
      layout.showlegend = true;
      var lfs = 12, items = [], groups = {};
      var lAvail = W - margin.l - Math.min(m0.r, narrow ? 12 : m0.r) - 4;
      data.forEach(function (t) {
        if (t.showlegend !== false && NO_LEGEND.indexOf(t.type) < 0 && t.name && width(t.name, lfs) > lAvail - 50) {
          t.name = wrap(strip(t.name).replace(/\n/g, " "), lAvail - 50, lfs);
        }
        if (!inLegend(t) || (t.legendgroup && groups[t.legendgroup] && t.showlegend !== true)) { return; }
        if (t.legendgroup) { groups[t.legendgroup] = 1; }
        items.push({w: width(t.name || "trace", lfs) + 46, h: lines(t.name || "") * (lfs + 4) + 6});
      });
      // one row when every entry fits in it, else one entry a row (plotly's wrapping is not predictable)
      var oneRow = items.reduce(function (s2, it) { return s2 + it.w; }, 0) <= lAvail;
      legendH = oneRow ? Math.max.apply(null, items.map(function (it) { return it.h; }).concat([lfs + 10]))
        : items.reduce(function (s2, it) { return s2 + Math.max(it.h, lfs + 8); }, 0);
      var ltitle = get(layout, "legend.title.text");
      legendH += (ltitle ? lfs + 10 : 0) + 6;
      layout.legend = Object.assign({}, layout.legend || {}, {orientation: "h", x: 0, xanchor: "left", xref: "paper", y: 1, yanchor: "bottom",
        yref: "paper", font: {size: lfs}, traceorder: "normal"});
      if (!oneRow) { layout.legend.orientation = "v"; }
      if (subTitles) { layout.legend.y = 1 + (subTitles + 4) / plotH0; }
      delete layout.legend.entrywidth; delete layout.legend.entrywidthmode;
      if (ltitle) { layout.legend.title = {text: strip(ltitle).replace(/\n/g, " "), side: "top"}; }
    }

    if (stack) {
      // from the plot upwards: subplot titles, legend, notes, then the controls (last one lowest)
      var offset = subTitles + legendH + (legendH ? 4 : 0);
      topNotes.forEach(function (a) {
        a.text = wrap(a.text, W - 24, get(a, "font.size") || fs);
        a.x = 0; a.xref = "paper"; a.xanchor = "left"; a.y = 1; a.yanchor = "bottom"; a.yshift = offset + 2;
        a.xshift = -Math.max(0, margin.l - 8);
        offset += lines(a.text) * (get(a, "font.size") || fs) * 1.3 + 6;
      });
      for (var i = menus.length - 1; i >= 0; i--) {
        var m = menus[i];
        m.x = 0; m.xanchor = "left"; m.y = 1; m.yanchor = "bottom";
        m.pad = {t: 0, r: 0, l: -Math.max(0, margin.l - 8), b: offset + 6};
        offset += sizes[i].h + 8;
      }
      margin.t = Math.max(titleH + offset + 6, menus.length || legendH ? 0 : titleH + 10);
      if (!menus.length && !legendH && !topNotes.length) { margin.t = Math.max(titleH + subTitles + 12, 40); }
    } else {
      margin.t = Math.max(m0.t, titleH + 6 + (legendH || 0));
    }
    if (!stack && menus.length === 0 && title.text) {
      // the title must not run into what sits above the plot (legend, subplot titles)
      margin.t = Math.max(m0.t, titleH + subTitles + 8);
    }

    if (narrow) {
      margin.r = Math.min(m0.r, 12);
      var plotW = W - margin.l - margin.r - 10;
      // Axes: wrap titles, wrap or rotate category labels, thin explicit ticks.
      ["x", "y"].forEach(function (letter) {
        axisNames(layout, letter).forEach(function (name) {
          var ax = layout[name] = layout[name] || {};
          var dom = ax.domain || [0, 1], span = (dom[1] - dom[0]);
          var len = letter === "x" ? plotW * span : plotH0 * span;
          var tfs = 11;
          ax.tickfont = Object.assign({}, ax.tickfont || {}, {size: tfs});
          ax.automargin = true;
          if (ax.title && ax.title.text) { ax.title = Object.assign({}, ax.title, {text: wrap(ax.title.text, Math.max(120, len - 10), 12), font: {size: 12}}); }
          var cats = categories({data: data, layout: layout}, letter, name);
          if (ax.type !== "date" && ax.type !== "log" && ax.type !== "linear" && cats.length && !ax.tickvals) {
            if (letter === "y") {
              var maxW = Math.max(110, W * 0.4);
              if (cats.some(function (c) { return width(c, tfs) > maxW; })) {
                ax.tickmode = "array"; ax.tickvals = cats;
                ax.ticktext = cats.map(function (c) { return wrap(strip(c).replace(/\n/g, " "), maxW, tfs); });
              }
              var most = (ax.ticktext || cats).reduce(function (mx, c) { return Math.max(mx, lines(c)); }, 1);
              var rowsPx = shownAtOnce(data, layout, "y", name, cats) * (most * tfs * 1.3 + 4);
              if (rowsPx > plotH0 * span) { plotH0 = Math.ceil(rowsPx / span); }
            } else {
              var slot = len / cats.length - 6;
              var wrapped = cats.map(function (c) { return wrap(strip(c).replace(/\n/g, " "), Math.max(slot, 40), tfs); });
              var fits = wrapped.every(function (c) { return width(c, tfs) <= slot; });
              if (fits) { ax.tickmode = "array"; ax.tickvals = cats; ax.ticktext = wrapped; ax.tickangle = 0; }
              else {
                ax.tickangle = -90; ax.tickmode = "array"; ax.tickvals = cats;
                ax.ticktext = cats.map(function (c) { return strip(c).replace(/\n/g, " "); });
                if (cats.length * (tfs + 4) > len) {  // too many even upright: every k-th
                  var kk = Math.ceil(cats.length * (tfs + 4) / len);
                  ax.tickvals = cats.filter(function (_, j) { return j % kk === 0; });
                  ax.ticktext = ax.tickvals.map(function (c) { return strip(c).replace(/\n/g, " "); });
                }
              }
            }
          } else if (ax.tickvals && ax.tickvals.length > 2) {
            var texts = (ax.ticktext || ax.tickvals).map(String);
            var need = texts.reduce(function (s, t) { return s + (letter === "x" ? width(t, tfs) + 10 : tfs * 1.6); }, 0);
            var k = Math.ceil(need * (ax.type === "log" ? 1.6 : 1) / Math.max(len, 1));
            if (k > 1) {
              ax.tickvals = ax.tickvals.filter(function (_, j) { return j % k === 0; });
              if (ax.ticktext) { ax.ticktext = ax.ticktext.filter(function (_, j) { return j % k === 0; }); }
            }
          } else if (ax.type === "log" && !ax.dtick) {
            ax.dtick = 1;
          } else if (letter === "x" && !cats.length) {
            ax.nticks = Math.max(2, Math.floor(len / 60));
          }
        });
      });
      // Labels outside horizontal bars that would take more than half of the plot's
      // width break into lines, here and in the choices of the chart's menus.
      axisNames(layout, "x").forEach(function (name) {
        var ax = layout[name] || {}, dom = ax.domain || [0, 1], maxW = Math.max(60, plotW * (dom[1] - dom[0]) * 0.5);
        var wrapAll = function (v, size) { return Array.isArray(v) ? v.map(function (x) { return wrapAll(x, size); }) : (typeof v === "string" ? wrap(v, maxW, size) : v); };
        data.forEach(function (t, ti) {
          if (traceAxis(t, "x") !== name || t.type !== "bar" || t.orientation !== "h" || t.textposition !== "outside" || !Array.isArray(t.text)) { return; }
          var size = get(t, "textfont.size") || fs;
          if (!t.text.some(function (v) { return width(String(v), size) > maxW; })) { return; }
          t.text = wrapAll(t.text, size);
          menus.concat(native).forEach(function (m) {
            (m.buttons || []).forEach(function (b) {
              var a = (b.args || [])[0];
              if (a && Array.isArray(a.text) && (a.text.length === 1 || a.text.length === data.length)) {
                var i = a.text.length === 1 ? 0 : ti;
                a.text[i] = wrapAll(a.text[i], size);
              }
            });
          });
        });
      });
      // Text labels beside points or outside bars: widen the x range so they stay in the chart.
      axisNames(layout, "x").forEach(function (name) {
        var ax = layout[name] || {}, lw = 0, rw = 0, lo = Infinity, hi = -Infinity;
        if (ax.type === "date" || ax.type === "log" || ax.type === "category") { return; }
        data.forEach(function (t) {
          if (traceAxis(t, "x") !== name || t.visible === false) { return; }
          numbers(t.x).forEach(function (v) { if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
          var texts = Array.isArray(t.text) ? t.text : (t.text ? [t.text] : []);
          if (!texts.length) { return; }
          var tw = texts.reduce(function (m, v) { return Math.max(m, width(String(v), get(t, "textfont.size") || fs)); }, 0) + 8;
          var pos = String(t.textposition || "");
          var isText = (t.mode || "").indexOf("text") >= 0;
          if ((isText && /left/.test(pos)) ) { lw = Math.max(lw, tw); }
          if ((isText && /right/.test(pos)) || (t.type === "bar" && t.orientation === "h" && pos === "outside")) { rw = Math.max(rw, tw); }
        });
        if (!(lw || rw) || !isFinite(lo)) { return; }
        var r = ax.range ? ax.range.slice() : [lo - (hi - lo) * 0.04, hi + (hi - lo) * 0.04];
        if (r[0] === r[1]) { return; }
        var len = plotW * ((ax.domain || [0, 1])[1] - (ax.domain || [0, 1])[0]);
        var pxPer = (len - lw - rw) / Math.max(r[1] - r[0], 1e-9);
        if (pxPer <= 0 || len - lw - rw < 56) { return; }
        ax.range = [r[0] - (lw / pxPer), r[1] + (rw / pxPer)];
        ax.autorange = false;
        // the wider range squeezes explicit ticks closer together: keep every k-th
        if (ax.tickvals && ax.tickvals.length > 2 && typeof ax.tickvals[0] === "number") {
          var gap = Math.abs(ax.tickvals[1] - ax.tickvals[0]) * len / (ax.range[1] - ax.range[0]);
          var widest = (ax.ticktext || ax.tickvals).reduce(function (m, v) { return Math.max(m, width(String(v), 11)); }, 0);
          var every = Math.ceil((widest + 8) / Math.max(gap, 1));
          if (every > 1) {
            ax.tickvals = ax.tickvals.filter(function (_, j) { return j % every === 0; });
            if (ax.ticktext) { ax.ticktext = ax.ticktext.filter(function (_, j) { return j % every === 0; }); }
          }
        }
        layout[name] = ax;
      });
      // Heatmap cell labels give way to the hover when cells are too small to hold them.
      data.forEach(function (t) {
        if (t.type !== "heatmap" || !(t.text || t.texttemplate)) { return; }
        var ncol = Array.isArray(t.z) && t.z[0] ? t.z[0].length : 1;
        if (plotW / ncol < 70) { t.texttemplate = ""; t.text = undefined; }
      });
      // The source note becomes text under the chart; other notes wrap.
      anns.forEach(function (a) {
        if (a.name === "source") { info.note = a.text; a.visible = false; }
        else if (topNotes.indexOf(a) < 0) {
          // a subplot's title may take its panel's width (stacked panels are as wide as the plot)
          var wmax = Math.max(100, plotW * 0.6);
          if (a.xanchor === "center" && a.xref === "paper" && a.yref === "paper") {
            axisNames(layout, "x").forEach(function (n) {
              var d = (layout[n] || {}).domain;
              if (d && a.x >= d[0] - 1e-6 && a.x <= d[1] + 1e-6) { wmax = Math.max(wmax, plotW * (d[1] - d[0]) - 8); }
            });
          }
          a.text = wrap(a.text, wmax, get(a, "font.size") || fs);
        }
      });
      margin.b = Math.max(10, xNeed(layout, data, 11));
      // x axes drawn above the plot (a heatmap's columns) need room under the title
      margin.t += xNeed(layout, data, 11, true);
      (layout.sliders || []).forEach(function (s) {
        s.pad = Object.assign({}, s.pad || {}, {t: Math.max(get(s, "pad.t") || 0, 70)});
        s.font = {size: 11};
        margin.b = Math.max(margin.b, s.pad.t + 92);  // the slider sits below the plot
      });
      // polar charts keep room for their angular labels
      if (layout.polar) {
        margin.l = margin.r = 8;
        var theta = [];
        data.forEach(function (t) { (t.theta || []).forEach(function (v) { if (typeof v === "string" && theta.indexOf(v) < 0) { theta.push(v); } }); });
        var pa = layout.polar.angularaxis = Object.assign({}, layout.polar.angularaxis || {});
        if (theta.length && !pa.tickvals) {
          pa.tickmode = "array"; pa.tickvals = theta;
          pa.ticktext = theta.map(function (v) { return wrap(strip(v), Math.max(60, W * 0.2), 10); });
        }
        pa.tickfont = {size: 10};
        layout.polar.domain = {x: [0.2, 0.8], y: [0, 1]};
      }
      layout.hoverlabel = Object.assign({}, layout.hoverlabel || {}, {font: Object.assign({}, get(layout, "hoverlabel.font") || {}, {size: 12})});
      layout.font = Object.assign({}, layout.font || {}, {size: fs});
    }
    // The end tick labels of a numeric x axis reach past the plot's edges.
    var NOT_CARTESIAN = ["table", "treemap", "sunburst", "icicle", "pie", "indicator", "scatterpolar", "barpolar"];
    var cartesian = data.some(function (t) { return NOT_CARTESIAN.indexOf(t.type) < 0; });
    var numericX = cartesian && axisNames(layout, "x").some(function (n) {
      var t = (layout[n] || {}).type;
      return t === "date" || ((t === "linear" || t === undefined) && !categories({data: data, layout: layout}, "x", n).length);
    });
    if (numericX) { margin.r = Math.max(margin.r, narrow ? 28 : 34); margin.l = Math.max(margin.l, 26); }
    // A side legend (desktop) pushes the right margin: give it the room it will take.
    var lx0 = get(layout, "legend.x") === undefined ? tpl(layout, "legend.x") : get(layout, "legend.x");
    if (!stack && showLegend && (get(layout, "legend.orientation") || tpl(layout, "legend.orientation") || "v") === "v" && (lx0 === undefined || lx0 >= 1)) {
      var sfs = get(layout, "legend.font.size") || tpl(layout, "legend.font.size") || tpl(layout, "font.size") || 14;
      var sw = data.filter(inLegend).reduce(function (m, t) { return Math.max(m, width(t.name || "trace", sfs) + 46); }, 0);
      var stl = get(layout, "legend.title.text");
      if (stl) { sw = Math.max(sw, width(stl, sfs) + 12); }
      margin.r = Math.max(margin.r, Math.ceil(sw + 22));
    }
    if (cartesian) { labelsInRange(layout, fig, W, margin, fs); }
    // Tables: the cells' text is broken into lines for the width the columns get
    // (in the choices of the chart's menus too), and the chart grows to hold the
    // tallest table, so that no cell is cut and the table does not scroll.
    var tallest = 0;
    if (data.length && data.every(function (t) { return t.type === "table"; })) {
      if (narrow) { margin.l = margin.r = 8; }
      data.forEach(function (t, ti) {
        tallest = Math.max(tallest, fitTable(t, ti, menus.concat(native), W - margin.l - margin.r - 4));
      });
      if (narrow) { plotH0 = Math.max(plotH0, tallest + 8); }
    }
    // Desktop: the source note's place under the plot allows for a one-line x axis
    // title; each further line of a wrapped title moves the note down (and the chart grows).
    var extraB = 0;
    if (!narrow && cartesian) {
      var xfs = tpl(layout, "font.size") || 14, more = 0;
      axisNames(layout, "x").forEach(function (n) {
        var ax = layout[n] || {}, t = get(ax, "title.text");
        if (t && ax.side !== "top" && ax.visible !== false) { more = Math.max(more, lines(t) - 1); }
      });
      extraB = more ? Math.ceil(more * xfs * 1.55) + 2 : 0;  // measured: a title line is about 1.5 font sizes
      anns.forEach(function (a) { if (extraB && a.name === "source" && a.yref === "paper" && a.y <= 0) { a.yshift = (a.yshift || 0) - extraB; } });
      margin.b += extraB;
    }
    layout.margin = margin;
    var height = narrow ? Math.round(plotH0 + margin.t + Math.max(Math.min(m0.b, 110), margin.b)) : Math.round(Math.max(H0, H0 - m0.t + margin.t) + extraB);
    if (tallest) { height = Math.max(height, Math.ceil(margin.t + (narrow ? Math.max(Math.min(m0.b, 110), margin.b) : margin.b) + tallest + 8)); }
    layout.height = height;
    // A title of several lines anchored at its top is drawn too high by plotly:
    // centre it in its band instead, which plotly places exactly.
    if (title.text) {
      // measured: plotly draws the first line of a middle-anchored title just under y
      Object.assign(title, {yanchor: "middle", y: 1 - (10 + tsize * 0.95) / height});
    }
    layout.autosize = true;
    // a reader's zoom, pan and legend clicks survive a redraw for a new width or theme
    if (layout.uirevision === undefined) { layout.uirevision = "mlbook"; }
    delete layout.width;

    if (dark) {
      // labels drawn on the chart's background (to hide a line behind them) take the dark one
      var paper = parse(tpl(layout, "paper_bgcolor") || LIGHT_BG), onBackground = (layout.annotations || []).map(function (a) {
        var c = parse(a.bgcolor);
        return a.name === "mlbook-bar-label" || !!(c && paper && c[3] === 1 && [0, 1, 2].every(function (i) { return c[i] === paper[i]; }));
      });
      data = darken(data, false);
      var keepTemplate = layout.template;
      layout = darken(layout, false);
      layout.template = darken(keepTemplate, false);
      layout.paper_bgcolor = DARK.bg; layout.plot_bgcolor = DARK.bg;
      (layout.annotations || []).forEach(function (a, i) { if (onBackground[i]) { a.bgcolor = DARK.bg; } });
      layout.font = Object.assign({}, layout.font || {}, {color: DARK.text});
      layout.title.font = Object.assign({}, layout.title.font || {}, {color: DARK.text});
      ["x", "y"].forEach(function (letter) {
        axisNames(layout, letter).forEach(function (n) {
          layout[n] = Object.assign({}, layout[n] || {}, {gridcolor: DARK.grid, linecolor: DARK.line, tickcolor: DARK.line, zerolinecolor: DARK.line});
        });
      });
      if (layout.polar) {
        layout.polar = Object.assign({}, layout.polar, {bgcolor: DARK.bg,
          radialaxis: Object.assign({}, layout.polar.radialaxis || {}, {gridcolor: DARK.grid, linecolor: DARK.line}),
          angularaxis: Object.assign({}, layout.polar.angularaxis || {}, {gridcolor: DARK.grid, linecolor: DARK.line})});
      }
      layout.legend = Object.assign({}, layout.legend || {}, {bgcolor: "rgba(26,29,35,0.85)", font: Object.assign({}, get(layout, "legend.font") || {}, {color: DARK.text})});
      layout.hoverlabel = Object.assign({}, layout.hoverlabel || {}, {bgcolor: DARK.hoverBg, bordercolor: DARK.line,
        font: Object.assign({}, get(layout, "hoverlabel.font") || {}, {color: DARK.text})});
      (layout.annotations || []).forEach(function (a) {
        var c = get(a, "font.color");
        a.font = Object.assign({}, a.font || {}, {color: c && contrast(parse(c) || [0, 0, 0], parse(DARK.bg)) >= 4.5 ? c : DARK.muted});
      });
      (layout.updatemenus || []).forEach(function (m) {
        // plotly fills the active button with a fixed light colour (#F4FAFF): light buttons, dark text
        Object.assign(m, {bgcolor: "#d5d9df", bordercolor: DARK.line});
        m.font = Object.assign({}, m.font || {}, {color: "#1a1a1a"});
      });
      (layout.sliders || []).forEach(function (s) {
        Object.assign(s, {bgcolor: DARK.menuBg, bordercolor: DARK.menuBorder, activebgcolor: "#56B4E9", tickcolor: DARK.line});
        s.font = Object.assign({}, s.font || {}, {color: DARK.text});
        s.currentvalue = Object.assign({}, s.currentvalue || {}, {font: Object.assign({}, get(s, "currentvalue.font") || {}, {color: DARK.text})});
      });
    }
    ["x", "y"].forEach(function (letter) {
      axisNames(layout, letter).forEach(function (n) {
        layout[n] = layout[n] || {};
        if (layout[n].ticklabeloverflow === undefined) { layout[n].ticklabeloverflow = "allow"; }
      });
    });
    var edge = stack ? topNotes.map(function (a) { return anns.indexOf(a); }) : [];
    return {data: data, layout: layout, height: height, note: info.note, stacked: stack, edge: edge, legendH: legendH, native: native};
  }

  var LONG_MENU = 20;
  function isLongMenu(m) { return (m.type || "dropdown") === "dropdown" && (m.buttons || []).length > LONG_MENU; }

  /* The native selects for a chart's long dropdowns (made once, above the chart). */
  function nativeMenus(el, native) {
    native.forEach(function (m, k) {
      var id = el.id + "-choice-" + k, sel = document.getElementById(id);
      if (!sel) {
        var wrap = document.createElement("div"), label = document.createElement("label");
        wrap.className = "mlbook-choice";
        sel = document.createElement("select");
        sel.id = id;
        label.htmlFor = id;
        label.textContent = strip(m.name || "Show").replace(/\n/g, " ");
        (m.buttons || []).forEach(function (b, j) {
          var o = document.createElement("option");
          o.value = String(j);
          o.textContent = strip(b.label || "").replace(/\n/g, " ");
          sel.appendChild(o);
        });
        sel.value = String(m.active || 0);
        wrap.appendChild(label); wrap.appendChild(sel);
        el.parentNode.insertBefore(wrap, el);
        sel.addEventListener("change", function () { choose(el, k); });
      }
      sel._mlbookMenu = m;  // the arguments as wrapped for the current width
    });
  }
  function choose(el, k) {
    var sel = document.getElementById(el.id + "-choice-" + k);
    var b = sel && sel._mlbookMenu && (sel._mlbookMenu.buttons || [])[Number(sel.value)];
    if (!b || !b.method || b.method === "skip") { return Promise.resolve(); }
    return Plotly[b.method].apply(null, [el].concat(b.args || []));
  }

  function isDark() { return document.documentElement.getAttribute("data-theme") === "dark"; }

  function showNote(el, note) {
    var box = el.parentNode, p = box.querySelector(".mlbook-chart-note");
    if (!note) { if (p) { p.hidden = true; } return; }
    if (!p) { p = document.createElement("p"); p.className = "mlbook-chart-note"; box.appendChild(p); }
    p.hidden = false;
    p.innerHTML = "";
    strip(note).split("\n").forEach(function (line, i) {
      if (i) { p.appendChild(document.createElement("br")); }
      p.appendChild(document.createTextNode(line));
    });
  }

  function plot(el, fig) {
    var W = el.clientWidth || el.parentNode.clientWidth || 700, dark = isDark();
    var a = adapt(fig, W, dark);
    el.style.height = a.height + "px";
    showNote(el, a.note);
    el._mlbook = Object.assign(el._mlbook || {}, {fig: fig, w: W, dark: dark, a: a});
    el.setAttribute("data-mlbook-layout", (W < NARROW ? "narrow" : "wide") + " " + (dark ? "dark" : "light"));
    return a;
  }

  /* Stacked controls sit at the chart's left edge. Their x is relative to the
   * plotting area, whose left margin automargin may have widened past the
   * estimate: move them (a redraw of the controls only, not of the chart). */
  function alignMenus(el, a) {
    var size = el._fullLayout && el._fullLayout._size, patch = {}, n = 0;
    if (!size || !a.stacked) { return; }
    (a.layout.annotations || []).forEach(function (note, i) {
      if (a.edge.indexOf(i) >= 0 && Math.abs(-Math.max(0, size.l - 8) - (note.xshift || 0)) > 1) {
        patch["annotations[" + i + "].xshift"] = -Math.max(0, size.l - 8); n += 1;
      }
    });
    (a.layout.updatemenus || []).forEach(function (m, i) {
      var want = -Math.max(0, size.l - 8);
      if (Math.abs(want - ((m.pad || {}).l || 0)) > 1) { patch["updatemenus[" + i + "].pad.l"] = want; n += 1; }
    });
    var lg = el._fullLayout.legend, extra = lg && a.legendH ? Math.ceil((lg._height || 0) - a.legendH) : 0;
    if (extra > 2) { a.legendH += extra; }
    if (extra > 2) {
      (a.layout.updatemenus || []).forEach(function (m, i) { patch["updatemenus[" + i + "].pad.b"] = ((m.pad || {}).b || 0) + extra; });
      a.edge.forEach(function (i) { patch["annotations[" + i + "].yshift"] = (a.layout.annotations[i].yshift || 0) + extra; });
      patch["margin.t"] = a.layout.margin.t + extra;
      patch.height = a.layout.height + extra;
      a.layout.margin.t += extra; a.layout.height += extra;
      (a.layout.updatemenus || []).forEach(function (m) { m.pad = Object.assign({}, m.pad || {}, {b: ((m.pad || {}).b || 0) + extra}); });
      a.edge.forEach(function (i) { a.layout.annotations[i].yshift = (a.layout.annotations[i].yshift || 0) + extra; });
      el.style.height = patch.height + "px";
      n += 1;
    }
    if (n) { Plotly.relayout(el, patch); }
  }

  /* Draw a stored figure (called by the renderer's script). */
  window.mlbookPlot = function (el, fig) {
    var config = Object.assign({displaylogo: false}, fig.config || {}, {responsive: false});
    var a = plot(el, fig);
    el._mlbook.config = config;
    nativeMenus(el, a.native);
    return Plotly.newPlot(el, a.data, a.layout, config).then(function () {
      alignMenus(el, a);
      el.on("plotly_buttonclicked", function () { setTimeout(function () { alignMenus(el, el._mlbook.a); }, 0); });
      if (window.mlbookKeyboard) { window.mlbookKeyboard(el); }
      if (fig.frames) { return Plotly.addFrames(el, fig.frames); }
    });
  };

  /* Redraw for a new width or theme, then replay the reader's choices in the controls. */
  function redraw(el) {
    var st = el._mlbook;
    if (!st || !el._fullLayout) { return; }
    var W = el.clientWidth, dark = isDark();
    if (Math.abs(W - st.w) < 2 && dark === st.dark) { return; }
    var active = (el.layout.updatemenus || []).map(function (m) { return m.active; });
    var sliders = (el.layout.sliders || []).map(function (s) { return s.active; });
    var a = plot(el, st.fig);
    nativeMenus(el, a.native);
    Plotly.react(el, a.data, a.layout, st.config).then(function () {
      alignMenus(el, a);
      a.native.forEach(function (m, k) {
        var sel = document.getElementById(el.id + "-choice-" + k);
        if (sel && Number(sel.value) !== (m.active || 0)) { choose(el, k); }
      });
      (a.layout.updatemenus || []).forEach(function (m, i) {
        var k = active[i], b = (m.buttons || [])[k];
        if (k === undefined || k === (m.active === undefined ? 0 : m.active) || !b || !b.method || b.method === "skip") { return; }
        Plotly[b.method].apply(null, [el].concat(b.args || [])).then(function () {
          var patch = {}; patch["updatemenus[" + i + "].active"] = k; return Plotly.relayout(el, patch);
        });
      });
      (a.layout.sliders || []).forEach(function (s, i) {
        var k = sliders[i], step = (s.steps || [])[k];
        if (k === undefined || k === s.active || !step || !step.method || step.method === "skip") { return; }
        Plotly[step.method].apply(null, [el].concat(step.args || []));
        var patch = {}; patch["sliders[" + i + "].active"] = k; Plotly.relayout(el, patch);
      });
    });
  }
  function redrawAll() { document.querySelectorAll(".mlbook-plotly .plotly-graph-div").forEach(redraw); }
  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(redrawAll, 150); });
  new MutationObserver(redrawAll).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
  /* Paper is light: a reader who prints a page in dark mode (without "background
   * graphics", as browsers print by default) would get light text, and charts with
   * light titles and axes, on white. Print in the light theme, then go back. */
  var printedFrom = null;
  window.addEventListener("beforeprint", function () {
    if (!isDark()) { return; }
    printedFrom = "dark";
    document.documentElement.setAttribute("data-theme", "light");
    redrawAll();  // now, not in the observer's microtask: the print is laid out next
  });
  window.addEventListener("afterprint", function () {
    if (printedFrom) { document.documentElement.setAttribute("data-theme", printedFrom); printedFrom = null; }
  });
  window.mlbookAdapt = adapt;  // for tests
})();
