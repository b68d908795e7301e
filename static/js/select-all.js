// The participant list's "choose everyone on this page" box: shown only when this script
// runs (it is hidden in the HTML), and it ticks or clears every row box of its form.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var form = box.form;
    var label = form.querySelector("label[for='" + box.id + "']");
    box.hidden = false;
    if (label) {
      label.hidden = false;
    }
    box.addEventListener("change", function () {
      form.querySelectorAll("input[name='" + box.dataset.selectAll + "']").forEach(function (row) {
        row.checked = box.checked;
      });
    });
  });
});
