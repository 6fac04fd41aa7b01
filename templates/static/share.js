/*
 * share.js - the Copy button beside a certificate's share link (the
 * holder's result and account pages). Without script the button stays
 * hidden and the link is a read-only text field to select and copy.
 */
"use strict";
(function () {
  function copied(btn, status) {
    status.textContent = btn.getAttribute("data-copied") || "";
  }
  function copy(btn) {
    var input = document.getElementById(btn.getAttribute("data-copy"));
    var status = btn.parentNode.querySelector(".copy-status");
    if (!input || !status) return;
    input.focus();
    input.select();
    function fallback() {
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? btn.getAttribute("data-copied") :
        btn.getAttribute("data-copy-failed");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(function () {
        copied(btn, status);
      }, fallback);
    } else {
      fallback();
    }
  }
  var buttons = document.querySelectorAll("button.copy-btn[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function (ev) { copy(ev.currentTarget); });
  }
  var fields = document.querySelectorAll("input.share-url");
  for (var j = 0; j < fields.length; j++)
    fields[j].addEventListener("focus", function (ev) { ev.currentTarget.select(); });
}());
