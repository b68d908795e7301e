// The GOV.UK error summary: after a failed submit, focus moves to the summary at the top of
// the form, so a screen reader reads it first; its links move focus into the field itself
// (not just scroll to it) and bring the field's label into view.
(function () {
  "use strict";
  function focusField(event) {
    var id = decodeURIComponent(event.currentTarget.hash.slice(1));
    var field = document.getElementById(id);
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector('label[for="' + id + '"]');
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  }
  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    // A form posted to a URL with a #fragment (the event page's) is scrolled to it after
    // loading, and Chromium then moves focus to the page: take it back once, unless the
    // person has already moved on.
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        if (document.activeElement === document.body || document.activeElement === null) {
          summary.focus();
        }
      }, 0);
    });
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", focusField);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
