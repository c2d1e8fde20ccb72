// The notice review and entry page: a searchable agency picker, adding, moving and leaving out items, and
// the first error brought into view. The page works without it: every control is a plain form field.
(function () {
  "use strict";

  const form = document.getElementById("review-form");
  if (!form) {
    return;
  }
  const vi = document.documentElement.lang !== "en";
  const words = {
    find: vi ? "Gõ để tìm cơ quan…" : "Type to find an agency…",
    filter: vi ? "Gõ để lọc danh mục cơ quan…" : "Type to filter the registry…",
    remove: vi ? "Bỏ" : "Remove",
    unknown: vi ? "chưa có trong danh mục" : "not in the registry",
    asWritten: vi ? "Thêm đúng như đã gõ: " : "Add as typed: ",
    up: vi ? "Chuyển lên" : "Move up",
    down: vi ? "Chuyển xuống" : "Move down",
    search: vi ? "tìm" : "search",
  };
  const SHOWN = 8;
  let uid = 0;

  // Accent-insensitive comparison, as the server's tasktracker.vietnamese.fold.
  function fold(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  // Every word typed starts a word of the name: "tai chinh" finds Sở Tài chính, "so" not "Sông".
  function matches(query, haystack) {
    const names = haystack.split(/[\s,;()&/.-]+/);
    return query.split(/[\s,;()&/.-]+/).every((typed) => !typed || names.some((word) => word.startsWith(typed)));
  }

  const registry = Array.from(document.querySelectorAll("#agency-registry option")).map((option) => ({
    name: option.value,
    key: fold(option.value + " " + (option.dataset.also || "")),
  }));
  const registryNames = new Set(registry.map((agency) => fold(agency.name)));

  // ---- The agency picker of a task: chips of the chosen names and a search box over the registry.
  function enhanceAgencyList(textarea) {
    if (textarea.dataset.enhanced) {
      return;
    }
    textarea.dataset.enhanced = "1";
    const field = textarea.closest(".field");
    const label = field.querySelector("label");
    const picker = document.createElement("div");
    picker.className = "agency-picker";
    const chips = document.createElement("ul");
    chips.className = "chips";
    const input = document.createElement("input");
    input.type = "text";
    input.autocomplete = "off";
    input.id = textarea.id + "-search";
    input.placeholder = words.find;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    const list = document.createElement("ul");
    list.className = "suggestions";
    list.id = textarea.id + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    picker.append(chips, input, list);
    textarea.hidden = true;
    textarea.after(picker);
    if (label) {
      label.htmlFor = input.id;
    }
    let active = -1;

    function names() {
      return textarea.value
        .split(/[\n;]/)
        .map((name) => name.replace(/\s+/g, " ").trim())
        .filter(Boolean);
    }

    function store(list) {
      textarea.value = list.join("\n");
      textarea.dispatchEvent(new Event("change", { bubbles: true }));
      drawChips();
    }

    function drawChips() {
      chips.replaceChildren();
      names().forEach((name, index) => {
        const chip = document.createElement("li");
        chip.className = "chip";
        const text = document.createElement("span");
        text.textContent = name;
        chip.append(text);
        if (!registryNames.has(fold(name))) {
          chip.classList.add("unknown");
          chip.title = words.unknown;
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = "chip-remove";
        button.textContent = "×";
        button.setAttribute("aria-label", words.remove + " " + name);
        button.addEventListener("click", () => {
          const kept = names();
          kept.splice(index, 1);
          store(kept);
          input.focus();
        });
        chip.append(button);
        chips.append(chip);
      });
    }

    function add(name) {
      const current = names();
      if (!current.some((chosen) => fold(chosen) === fold(name))) {
        current.push(name);
      }
      store(current);
      input.value = "";
      close();
      input.focus();
    }

    function close() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function options() {
      return Array.from(list.querySelectorAll("[role=option]"));
    }

    function highlight(index) {
      const all = options();
      if (!all.length) {
        return;
      }
      active = (index + all.length) % all.length;
      all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function suggest() {
      const query = fold(input.value);
      list.replaceChildren();
      active = -1;
      if (!query) {
        close();
        return;
      }
      const found = registry.filter((agency) => matches(query, agency.key)).slice(0, SHOWN);
      const choices = found.map((agency) => ({ name: agency.name, label: agency.name }));
      if (!registryNames.has(query)) {
        const typed = input.value.replace(/\s+/g, " ").trim();
        choices.push({ name: typed, label: words.asWritten + typed, typed: true });
      }
      choices.forEach((choice) => {
        const option = document.createElement("li");
        option.id = list.id + "-" + ++uid;
        option.setAttribute("role", "option");
        option.textContent = choice.label;
        if (choice.typed) {
          option.classList.add("typed");
        }
        // Before the search box loses focus, so the click is not lost.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          add(choice.name);
        });
        list.append(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(0);
    }

    input.addEventListener("input", suggest);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          suggest();
        } else {
          highlight(active + (event.key === "ArrowDown" ? 1 : -1));
        }
      } else if (event.key === "Enter") {
        // Enter picks an agency; it never sends the form from here.
        event.preventDefault();
        const all = options();
        if (active >= 0 && all[active]) {
          all[active].dispatchEvent(new MouseEvent("mousedown", { cancelable: true }));
        }
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Backspace" && !input.value && names().length) {
        store(names().slice(0, -1));
      }
    });
    drawChips();
  }

  // ---- A long choice (the registry) filtered by what is typed above it.
  function enhancePicker(select) {
    if (select.dataset.enhanced) {
      return;
    }
    select.dataset.enhanced = "1";
    const filter = document.createElement("input");
    filter.type = "search";
    filter.className = "picker-filter";
    filter.placeholder = words.filter;
    filter.autocomplete = "off";
    const label = select.closest(".field").querySelector("label");
    filter.setAttribute("aria-label", (label ? label.textContent.trim() : "") + " (" + words.search + ")");
    select.before(filter);
    select.size = 6;
    filter.addEventListener("input", () => filterOptions(select, filter.value));
    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        const first = Array.from(select.querySelectorAll("optgroup option")).find((option) => !option.hidden);
        if (first) {
          select.value = first.value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    });
  }

  function filterOptions(select, text) {
    const query = fold(text);
    select.querySelectorAll("optgroup option").forEach((option) => {
      option.hidden = Boolean(query) && !matches(query, fold(option.textContent));
    });
  }

  // A corrected name filters the registry beside it: the agency it means is then one click away.
  form.addEventListener("input", (event) => {
    const row = event.target.closest("[data-agency-row]");
    if (row && event.target.name && event.target.name.endsWith("-name")) {
      const filter = row.querySelector(".picker-filter");
      const select = row.querySelector("select[data-picker]");
      if (filter && select) {
        filter.value = event.target.value;
        filterOptions(select, filter.value);
      }
    }
  });

  // ---- Items: add, move, leave out, heading and nesting.
  const rows = document.getElementById("task-rows");
  const total = form.querySelector('input[name="task-TOTAL_FORMS"]');
  const template = document.getElementById("task-template");

  function allRows() {
    return Array.from(rows.querySelectorAll("[data-task-row]"));
  }

  function renumberPositions() {
    allRows().forEach((row, index) => {
      const order = row.querySelector('input[name$="-ORDER"]');
      if (order) {
        order.value = String(index + 1);
      }
    });
  }

  function nextNumber() {
    const numbers = allRows()
      .map((row) => (row.querySelector('input[name$="-number"]') || {}).value || "")
      .map((number) => /^\(?(\d+)\)?\.?$/.exec(number.trim()))
      .filter(Boolean)
      .map((match) => Number(match[1]));
    return String(numbers.length ? Math.max(...numbers) + 1 : 1);
  }

  function enhanceRow(row) {
    row.querySelectorAll("textarea[data-agency-list]").forEach(enhanceAgencyList);
    const head = row.querySelector(".task-head");
    if (head && !head.querySelector(".move")) {
      const moves = document.createElement("div");
      moves.className = "move";
      [
        ["↑", words.up, -1],
        ["↓", words.down, 1],
      ].forEach(([symbol, name, step]) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button small";
        button.textContent = symbol;
        button.setAttribute("aria-label", name);
        button.addEventListener("click", () => move(row, step));
        moves.append(button);
      });
      head.querySelector(".order-field").before(moves);
    }
    row.classList.add("enhanced");
  }

  function move(row, step) {
    const sibling = step < 0 ? row.previousElementSibling : row.nextElementSibling;
    if (!sibling) {
      return;
    }
    if (step < 0) {
      sibling.before(row);
    } else {
      sibling.after(row);
    }
    renumberPositions();
    row.scrollIntoView({ block: "nearest" });
    row.querySelector(".move button:" + (step < 0 ? "first-child" : "last-child")).focus();
  }

  function addRow() {
    const index = Number(total.value);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html;
    const row = holder.querySelector("[data-task-row]");
    row.querySelector('input[name$="-number"]').value = nextNumber();
    const recurrence = row.querySelector('select[name$="-recurrence"]');
    if (recurrence) {
      recurrence.value = "none";
    }
    rows.append(row);
    total.value = String(index + 1);
    const count = document.querySelector("[data-item-count]");
    if (count) {
      count.textContent = String(allRows().length);
    }
    enhanceRow(row);
    renumberPositions();
    refreshRow(row);
    row.scrollIntoView({ block: "center" });
    row.querySelector('input[name$="-title"]').focus();
  }

  function refreshRow(row) {
    const heading = row.querySelector('input[name$="-is_heading"]');
    const parent = row.querySelector('input[name$="-parent"]');
    const number = row.querySelector('input[name$="-number"]');
    const left = row.querySelector('input[name$="-DELETE"]');
    row.classList.toggle("heading", Boolean(heading && heading.checked));
    row.classList.toggle("nested", Boolean(parent && parent.value.trim()));
    row.classList.toggle("left-out", Boolean(left && left.checked));
    if (number) {
      row.dataset.item = number.value.trim();
      row.querySelector("[data-item-number]").textContent = number.value.trim();
    }
  }

  ["change", "input"].forEach((type) => form.addEventListener(type, (event) => {
    const row = event.target.closest("[data-task-row]");
    if (row) {
      refreshRow(row);
    }
  }));
  form.addEventListener("click", (event) => {
    if (event.target.closest("[data-add-task]")) {
      event.preventDefault();
      addRow();
    }
  });

  allRows().forEach(enhanceRow);
  document.querySelectorAll("select[data-picker]").forEach(enhancePicker);
  form.classList.add("enhanced");

  // ---- After a refused confirmation: the first thing to correct, in view and focused.
  const summary = document.getElementById("review-errors");
  if (summary) {
    const first = form.querySelector(".has-error");
    if (first) {
      let folded = first.closest("details");
      while (folded) {
        folded.open = true;
        folded = folded.parentElement.closest("details");
      }
      first.scrollIntoView({ block: "center" });
      const control = first.querySelector("input:not([type=hidden]):not([hidden]), select, textarea:not([hidden])");
      if (control) {
        control.focus({ preventScroll: true });
      }
    }
  }
})();
