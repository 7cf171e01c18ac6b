// The chooser (core/choosers.py): without JavaScript a text field that takes a name or a
// code, with the chosen records as ticked boxes. Here it becomes a WAI-ARIA combobox with
// a listbox popup: htmx fetches the suggestions while the user types, the arrow keys move
// through them, Enter or a click chooses one, Escape closes the list (or clears the text),
// and the live region says how many suggestions there are and what has been chosen.
(() => {
  "use strict";

  function enhance(root) {
    if (root.dataset.enhanced) return;
    root.dataset.enhanced = "true";
    const input = root.querySelector("[data-chooser-input]");
    const listbox = root.querySelector("[role=listbox]");
    const status = root.querySelector("[data-chooser-status]");
    const chosen = root.querySelector("[data-chooser-chosen]");
    const chip = root.querySelector("template");
    if (!input || !listbox || !status || !chosen || !chip) return;
    const name = input.name;
    const multiple = root.dataset.multiple === "true";
    let active = -1;

    // The text goes to the server only when the form is really sent (a name typed and not
    // picked from the list); autosaving forms never send half-typed text.
    input.removeAttribute("name");
    if (input.form) {
      input.form.addEventListener("submit", () => {
        if (input.value.trim()) input.name = name;
      });
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    const options = () => Array.from(listbox.querySelectorAll("[role=option]"));

    function open() {
      if (!options().length) return;
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      options().forEach((option) => option.setAttribute("aria-selected", "false"));
    }

    function highlight(index) {
      const list = options();
      if (!list.length) return;
      open();
      active = (index + list.length) % list.length;
      list.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
      input.setAttribute("aria-activedescendant", list[active].id);
      list[active].scrollIntoView({ block: "nearest" });
    }

    function choose(option) {
      const value = option.dataset.value;
      let box = Array.from(chosen.querySelectorAll("input[type=checkbox]"))
        .find((candidate) => candidate.value === value);
      if (!multiple) {
        chosen.querySelectorAll("li").forEach((item) => {
          if (!box || !item.contains(box)) item.remove();
        });
      }
      if (!box) {
        const item = chip.content.firstElementChild.cloneNode(true);
        box = item.querySelector("input");
        box.value = value;
        item.querySelector("[data-label]").textContent = option.dataset.label;
        item.querySelector("[data-hint]").textContent = option.dataset.hint || "";
        chosen.appendChild(item);
      }
      box.checked = true;
      chosen.hidden = false;
      input.value = "";
      close();
      status.textContent = `${root.dataset.msgChosen} ${option.dataset.label}`;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("keydown", (event) => {
      const expanded = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (event.altKey) open();
          else highlight(active + 1);
          break;
        case "ArrowUp":
          event.preventDefault();
          highlight(active < 0 ? -1 : active - 1);
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            choose(options()[active]);
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });
    // Typing is the combobox's own business: a form that saves on every change (the
    // intention wizard) hears of a choice, not of each letter.
    input.addEventListener("input", (event) => event.stopPropagation());
    input.addEventListener("change", (event) => event.stopPropagation());
    input.addEventListener("blur", close);
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) choose(option);
    });
    input.addEventListener("htmx:configRequest", (event) => {
      event.detail.parameters.q = input.value;
    });
    listbox.addEventListener("htmx:afterSwap", () => {
      const note = listbox.querySelector("[data-status]");
      status.textContent = note ? note.dataset.status : "";
      if (note) note.remove();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (document.activeElement === input && options().length) open();
      else close();
    });
  }

  function enhanceWithin(element) {
    if (element && element.querySelectorAll) {
      element.querySelectorAll("[data-chooser]").forEach(enhance);
    }
  }

  document.addEventListener("DOMContentLoaded", () => enhanceWithin(document));
  document.addEventListener("htmx:load", (event) => enhanceWithin(event.detail.elt));
})();
