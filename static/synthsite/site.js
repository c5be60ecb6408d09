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
        // A download leaves the page in place: the server answers with a cookie naming this
        // token, so the form is given back once the file has started, however long that takes.
        if (download) waitForDownload(form, status);
      });
    });
    // Coming back with the Back button shows the page as it was left: make it usable again.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-busy]").forEach(function (form) {
        reset(form, form.querySelector("[data-busy-status]"));
      });
    });
  }

  function waitForDownload(form, status) {
    var token = Math.random().toString(36).slice(2, 14).padEnd(8, "0");
    var field = form.querySelector("input[name=dl]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "dl";
      form.appendChild(field);
    }
    field.value = token;
    var timer = window.setInterval(function () {
      if (document.cookie.indexOf("synth_download=" + token) !== -1) {
        window.clearInterval(timer);
        reset(form, status);
      }
    }, 250);
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

  // The permalink box follows the student and messy choices of the course form.
  function setUpPermalinkOptions() {
    var box = document.querySelector("[data-permalink-base]");
    if (!box) return;
    var options = document.querySelectorAll("[data-permalink-option]");
    function update() {
      var url = new URL(box.getAttribute("data-permalink-base"));
      options.forEach(function (option) {
        if (option.value && option.checkValidity()) url.searchParams.set(option.name, option.value);
      });
      box.value = url.toString();
    }
    options.forEach(function (option) {
      option.addEventListener("input", update);
      option.addEventListener("change", update);
    });
  }

  // Excel is slow to make: say so before a large one is asked for.
  function setUpSlowWarnings() {
    document.querySelectorAll("a[data-slow]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!window.confirm(link.getAttribute("data-slow"))) event.preventDefault();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpPermalinkOptions();
    setUpSlowWarnings();
    setUpExamples();
    setUpBusyForms();
    setUpCopyButtons();
    setUpTypeNotes();
  });
})();
