// The GOV.UK error summary: after a failed submit, focus moves to the summary at the top of
// the form, so a screen reader reads it first; its links move focus into the field itself.
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
