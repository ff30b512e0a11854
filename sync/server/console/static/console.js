// Fieldbook office console: keeps the clocks counting between two reads of the page.
// The server decides everything (order, states, what is breached); this only counts
// down the running clocks every second, writes "… ago" anew, and shows whether the
// live connection is up. No build step: plain JavaScript served by the service.
(function () {
  "use strict";

  var words = {};
  try {
    words = JSON.parse(document.getElementById("words").textContent);
  } catch (e) {
    words = {};
  }

  // As sync.server.console.fmt.Fmt.left writes it: 3:05:09, 12:34, −0:45.
  function left(ms) {
    var negative = ms < 0;
    var seconds = Math.floor(Math.abs(ms) / 1000);
    var hours = Math.floor(seconds / 3600);
    var mins = Math.floor((seconds % 3600) / 60);
    var secs = seconds % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var text = hours ? hours + ":" + two(mins) + ":" + two(secs) : mins + ":" + two(secs);
    return (negative ? "−" : "") + text;
  }

  function say(key, n) {
    return (words[key] || key).replace("%(n)s", String(n));
  }

  // As sync.server.console.fmt.Fmt.ago writes it.
  function ago(ms) {
    var minutes = Math.max(0, Math.floor(ms / 60000));
    if (minutes < 1) return words.now || "just now";
    if (minutes < 60) return say("min_ago", minutes);
    if (minutes < 48 * 60) return say("h_ago", Math.floor(minutes / 60));
    return say("d_ago", Math.floor(minutes / 1440));
  }

  // A running clock turns "soon" under a quarter of its target, "missed" past it
  // (domain.sla.ATTENTION_SHARE); the board reads itself again within a minute anyway.
  var ATTENTION_SHARE = 0.25;

  function tick() {
    var now = Date.now();
    var clocks = document.querySelectorAll("[data-due]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var due = Number(el.getAttribute("data-due"));
      var target = Number(el.getAttribute("data-target")) || 0;
      var remaining = due - now;
      var t = el.querySelector(".clk-t");
      if (t) {
        var text = left(remaining);
        if (t.textContent !== text) t.textContent = text;
      }
      var state = remaining < 0 ? "missed" : (target && remaining < target * ATTENTION_SHARE ? "soon" : "running");
      if (!el.classList.contains(state)) {
        el.classList.remove("running", "soon", "missed");
        el.classList.add(state);
      }
    }
  }

  function ages() {
    var now = Date.now();
    var items = document.querySelectorAll("[data-at]");
    for (var i = 0; i < items.length; i++) {
      var text = ago(now - Number(items[i].getAttribute("data-at")));
      if (items[i].textContent !== text) items[i].textContent = text;
    }
  }

  function liveState(up) {
    var el = document.getElementById("live-state");
    if (!el) return;
    el.hidden = false;
    el.textContent = up ? "● " + (words.live || "Live") : "○ " + (words.offline || "…");
    el.classList.toggle("off", !up);
    document.body.setAttribute("data-live", up ? "up" : "down");
  }

  // --- the board: patched in place when incidents change ----------------------------
  //
  // The event stream names the incidents that changed ("change": their ids, or "all").
  // The board asks the service for those rows only, each with the row it now follows,
  // and moves them there; "all" (or a reconnection, when changes may have been missed)
  // reads the whole part of the board the browser holds again. One request at a time;
  // what arrives meanwhile waits and goes in the next one.

  var pendingIds = {};
  var pendingAll = false;
  var busy = false;
  var busySince = 0;
  // A request that never came back must not stop every later update.
  var STUCK_MS = 15000;

  function board() { return document.getElementById("board-body"); }

  function heldRows() {
    return document.querySelectorAll("#board-table tbody tr[id^='i-']").length;
  }

  function stamp(el) {
    var n = Number(el.getAttribute("data-reads") || "0") + 1;
    el.setAttribute("data-reads", String(n));
  }

  function refresh() {
    var el = board();
    if (!el) return;
    busy = true;
    busySince = Date.now();
    htmx.trigger(el, "fieldbook:refresh");
  }

  function applyPatch(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var summary = doc.getElementById("board-summary");
    var here = document.getElementById("board-summary");
    if (summary && here) here.replaceWith(document.importNode(summary, true));
    var body = document.querySelector("#board-table tbody");
    if (!body) return false;
    var gone = doc.querySelectorAll("#board-gone li");
    for (var g = 0; g < gone.length; g++) {
      var old = document.getElementById("i-" + gone[g].textContent.trim());
      if (old) old.remove();
    }
    var rows = doc.querySelectorAll("tbody tr[id^='i-']");
    for (var r = 0; r < rows.length; r++) {
      var row = document.importNode(rows[r], true);
      var after = row.getAttribute("data-after");
      row.removeAttribute("data-after");
      var existing = document.getElementById(row.id);
      if (existing) existing.remove();
      if (!after) {
        body.insertBefore(row, body.firstChild);
      } else {
        var before = document.getElementById(after);
        if (!before) return false; // the board the browser holds is not the service's
        before.after(row);
      }
      htmx.process(row);
    }
    var empty = body.querySelector("tr.empty-row");
    if (empty && heldRows()) empty.remove();
    return true;
  }

  function pump() {
    var el = board();
    if (busy && Date.now() - busySince > STUCK_MS) busy = false;
    if (!el || busy) return;
    if (pendingAll) {
      pendingAll = false;
      pendingIds = {};
      refresh();
      return;
    }
    var ids = Object.keys(pendingIds).slice(0, 100);
    if (!ids.length) return;
    for (var i = 0; i < ids.length; i++) delete pendingIds[ids[i]];
    var params = new URLSearchParams(new FormData(document.getElementById("filters")));
    params.set("ids", ids.join(","));
    params.set("upto", String(heldRows()));
    busy = true;
    busySince = Date.now();
    fetch(el.getAttribute("data-patch") + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { "HX-Request": "true" },
    })
      .then(function (answer) {
        if (answer.status === 401) { window.location.reload(); return null; }
        return answer.ok ? answer.text() : null;
      })
      .then(function (html) {
        if (html === null || !applyPatch(html)) pendingAll = true;
        stamp(el);
        tick();
        ages();
      })
      .catch(function () { pendingAll = true; })
      .then(function () { busy = false; pump(); });
  }

  function onChange(event) {
    var data = String(event.data || "");
    if (data === "all") {
      pendingAll = true;
    } else {
      var ids = data.split(",");
      for (var i = 0; i < ids.length; i++) if (ids[i]) pendingIds[ids[i]] = true;
    }
    pump();
  }

  var opened = false;
  document.addEventListener("htmx:sseOpen", function (event) {
    liveState(true);
    var source = event.detail && event.detail.source;
    if (source && !source.fieldbookBound) {
      source.fieldbookBound = true;
      source.addEventListener("change", onChange);
    }
    if (opened) {
      // Reconnected: whatever changed meanwhile was not heard.
      pendingAll = true;
      pump();
    }
    opened = true;
  });
  document.addEventListener("htmx:sseError", function () { liveState(false); });

  // The next page of rows asks from where the browser's rows end.
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.classList && elt.classList.contains("more")) {
      event.detail.parameters.offset = String(heldRows());
    } else if (elt && elt.id === "board-body") {
      event.detail.parameters.upto = String(heldRows());
    }
  });

  // A page of rows read after a patch moved some may repeat one: keep the first.
  function dedupe() {
    var seen = {};
    var rows = document.querySelectorAll("#board-table tbody tr[id^='i-']");
    for (var i = 0; i < rows.length; i++) {
      if (seen[rows[i].id]) rows[i].remove();
      seen[rows[i].id] = true;
    }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    dedupe();
    var target = event.detail && event.detail.target;
    if (target && target.id === "board-body") {
      stamp(target);
      busy = false;
      pump();
    }
    tick();
    ages();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.id === "board-body" && !event.detail.successful) {
      busy = false;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    ages();
    window.setInterval(tick, 1000);
    window.setInterval(ages, 30000);
  });
})();
