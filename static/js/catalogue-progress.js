// The catalogue page while its PDF is built in the background: asks how far the build has
// come every two seconds and writes it into the status line (role="status", so screen
// readers hear it) and the progress bar; when the PDF is ready, shows its link.
document.addEventListener("DOMContentLoaded", function () {
  var status = document.querySelector("[data-pdf-status]");
  if (!status) {
    return;
  }
  var section = status.parentElement;
  var bar = section.querySelector("progress");
  var link = section.querySelector(".catalogue-pdf__link");
  function poll() {
    fetch(status.dataset.pdfStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (build) {
        status.textContent = build.message;
        if (bar) {
          bar.value = build.percent;
          bar.textContent = build.percent + " %";
        }
        if (build.status === "ready") {
          if (bar) {
            bar.hidden = true;
          }
          link.querySelector("a").href = build.pdf_url;
          link.hidden = false;
        } else if (build.status !== "failed") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
});
