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

  document.addEventListener("htmx:sseOpen", function () { liveState(true); });
  document.addEventListener("htmx:sseError", function () { liveState(false); });
  // Each read of the board is stamped, so tests and people can see it happened.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id) {
      var n = Number(target.getAttribute("data-reads") || "0") + 1;
      target.setAttribute("data-reads", String(n));
    }
    tick();
    ages();
  });

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    ages();
    window.setInterval(tick, 1000);
    window.setInterval(ages, 30000);
  });
})();
