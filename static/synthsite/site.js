// synthsite: small improvements on pages that work without JavaScript.
// Loaded from a static file (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  // Example descriptions fill the description box instead of reloading the page.
  function setUpExamples() {
    var box = document.getElementById("id_description");
    if (!box) return;
    document.querySelectorAll("[data-example]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        box.value = link.getAttribute("data-example");
        box.focus();
      });
    });
  }

  // While a form is being handled, say so and refuse a second submit. The button is not
  // disabled (a disabled submitter would drop its name=value from the form data).
  function setUpBusyForms() {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      var status = form.querySelector("[data-busy-status]");
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("aria-busy") === "true") {
          event.preventDefault();
          return;
        }
        var submitter = event.submitter;
        var download = submitter && submitter.hasAttribute("data-busy-label");
        form.setAttribute("aria-busy", "true");
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.setAttribute("aria-disabled", "true");
        });
        if (status) status.textContent = download ? submitter.getAttribute("data-busy-label") : form.getAttribute("data-busy");
        // A download leaves the page in place: give the form back once the file has started.
        if (download) window.setTimeout(function () { reset(form, status); }, 4000);
      });
    });
    // Coming back with the Back button shows the page as it was left: make it usable again.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-busy]").forEach(function (form) {
        reset(form, form.querySelector("[data-busy-status]"));
      });
    });
  }

  function reset(form, status) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.removeAttribute("aria-disabled");
    });
    if (status) status.textContent = "";
  }

  // Copy buttons: copy the linked input's value and say so.
  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      var status = button.closest(".field").querySelector("[data-copy-status]");
      if (!input) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(input).then(function () {
          if (status) status.textContent = "Copied: paste the link anywhere.";
        }, function () {
          input.select();
          if (status) status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
        });
      });
    });
  }

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  // A changed type keeps only the parameters that fit it; say that previewing shows the new ones.
  function setUpTypeNotes() {
    document.querySelectorAll("[data-type-select]").forEach(function (select) {
      var note = select.parentElement.querySelector("[data-type-note]");
      var was = select.parentElement.querySelector("input[name$='-was']");
      if (!note || !was) return;
      select.addEventListener("change", function () {
        note.hidden = select.value === was.value;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpExamples();
    setUpBusyForms();
    setUpCopyButtons();
    setUpTypeNotes();
  });
})();
