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

  // Picking a type shows its parameters with their defaults at once (from the page's templates);
  // values of parameters of the same name are kept. Without a template, say that previewing shows them.
  function setUpTypeParams() {
    document.querySelectorAll("[data-type-select]").forEach(function (select) {
      var row = select.closest("tr") || select.closest("fieldset");
      var box = row && row.querySelector("[data-params-for]");
      var note = select.parentElement.querySelector("[data-type-note]");
      var was = select.parentElement.querySelector("input[name$='-was']");
      if (!box) return;
      select.addEventListener("change", function () {
        var template = document.querySelector('template[data-type-params="' + select.value + '"]');
        if (!template) {
          if (note && was) note.hidden = select.value === was.value;
          return;
        }
        var prefix = box.getAttribute("data-params-for");
        var nameInput = row.querySelector("input[name$='name']");
        var kept = {};
        box.querySelectorAll("[name]").forEach(function (input) { kept[input.name] = input.value; });
        box.innerHTML = template.innerHTML.split("__prefix__").join(prefix).split("__rowname__").join(nameInput ? nameInput.value : "");
        box.querySelectorAll("[name]").forEach(function (input) {
          if (Object.prototype.hasOwnProperty.call(kept, input.name)) input.value = kept[input.name];
        });
        showAddRowButtons(box);
        if (was) was.value = select.value;  // the parameters shown now belong to the new type
        if (note) note.hidden = true;
      });
    });
  }

  // After a failed edit, every problem is listed; take the reader to the first one.
  function focusFirstProblem() {
    var json = document.getElementById("json-errors");
    var box = document.getElementById("schema_json");
    if (json && box) {
      var found = /line (\d+), column (\d+)/.exec(json.textContent);
      box.focus();
      if (found) {
        var lines = box.value.split("\n");
        var start = lines.slice(0, Number(found[1]) - 1).join("\n").length + (Number(found[1]) > 1 ? 1 : 0);
        var end = start + (lines[Number(found[1]) - 1] || "").length;
        box.setSelectionRange(start, end);
        var lineHeight = parseFloat(window.getComputedStyle(box).lineHeight) || 20;
        box.scrollTop = Math.max(0, (Number(found[1]) - 3) * lineHeight);
      }
      json.scrollIntoView({block: "center"});
      return;
    }
    var first = document.querySelector(".editor [aria-invalid=true], #schema-errors");
    if (!first) return;
    if (first.id === "schema-errors") first.setAttribute("tabindex", "-1");
    first.focus();
    first.scrollIntoView({block: "center"});
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

  // Driver rows: "Add a driver" copies the blank last row with the next number (without
  // JavaScript the blank row is there to fill). Works for rows added with a picked type too.
  function setUpAddRows() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-add-row]");
      if (!button) return;
      var body = button.parentElement.querySelector("table[data-rows] tbody");
      var last = body.lastElementChild;
      var copy = last.cloneNode(true);
      var next = body.children.length;
      copy.querySelectorAll("input").forEach(function (input) {
        input.name = input.name.replace(/-\d+-(column|value|class|effect)$/, "-" + next + "-$1");
        input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/ \d+ of /, " " + (next + 1) + " of "));
        input.value = "";
      });
      body.appendChild(copy);
      copy.querySelector("input").focus();
    });
  }

  function showAddRowButtons(root) {
    root.querySelectorAll("[data-add-row]").forEach(function (button) { button.hidden = false; });
  }

  // After the browser has scrolled to the address's fragment, which would take the focus back.
  window.addEventListener("load", function () { window.setTimeout(focusFirstProblem, 0); });

  document.addEventListener("DOMContentLoaded", function () {
    setUpPermalinkOptions();
    setUpSlowWarnings();
    setUpExamples();
    setUpBusyForms();
    setUpCopyButtons();
    setUpTypeParams();
    setUpAddRows();
    showAddRowButtons(document);
  });
})();
