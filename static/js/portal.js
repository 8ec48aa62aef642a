// Unit picker (tasks/_unit_picker.html): an ARIA combobox over the registry search. The server
// (units:search) sends <li><a data-unit-name> options; here they become listbox options, reachable
// with ↑/↓, added with Enter or a click, closed with Escape or by leaving the box.
function pickerParts(picker) {
  return {
    input: picker.querySelector("input[role=combobox]"),
    list: picker.querySelector(".unit-options"),
    status: picker.querySelector(".unit-picker-status"),
    field: document.getElementById(picker.dataset.unitPicker),
  };
}
function pickerOptions(picker) {
  return Array.from(picker.querySelectorAll(".unit-options [data-unit-name]"));
}
function closePicker(picker, clear) {
  const parts = pickerParts(picker);
  if (!parts.input) return;
  parts.input.setAttribute("aria-expanded", "false");
  parts.input.removeAttribute("aria-activedescendant");
  parts.list.hidden = true;
  if (clear) parts.list.innerHTML = "";
}
function activateOption(picker, index) {
  const parts = pickerParts(picker);
  const options = pickerOptions(picker);
  options.forEach(function (option, i) {
    option.setAttribute("aria-selected", i === index ? "true" : "false");
    option.classList.toggle("active", i === index);
  });
  if (index >= 0 && options[index]) {
    parts.input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  } else {
    parts.input.removeAttribute("aria-activedescendant");
  }
}
function activeIndex(picker) {
  return pickerOptions(picker).findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
}
function pickUnit(picker, option) {
  const parts = pickerParts(picker);
  const name = option.dataset.unitName;
  const current = parts.field.value.trim();
  const names = current ? current.split(/\n|;/).map((s) => s.trim()) : [];
  const added = !names.includes(name);
  if (added) parts.field.value = current ? current + ";\n" + name : name;
  parts.input.value = "";
  closePicker(picker, true);
  if (parts.status) parts.status.textContent = added ? "Đã thêm " + name + "." : name + " đã có trong ô.";
  parts.field.dispatchEvent(new Event("change", { bubbles: true }));
  parts.input.focus();
}
// Options arrive: give them roles and ids, open the list, say how many were found.
document.addEventListener("htmx:afterSwap", function (event) {
  const picker = event.target.closest && event.target.closest("[data-unit-picker]");
  if (!picker || !event.target.classList.contains("unit-options")) return;
  const parts = pickerParts(picker);
  event.target.querySelectorAll("li").forEach(function (item) { item.setAttribute("role", "none"); });
  const options = pickerOptions(picker);
  options.forEach(function (option, i) {
    option.id = parts.list.id + "-" + i;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.setAttribute("tabindex", "-1");
  });
  const open = document.activeElement === parts.input && parts.input.value.trim() !== "";
  parts.list.hidden = !open;
  parts.input.setAttribute("aria-expanded", String(open));
  if (parts.status) parts.status.textContent = options.length ? options.length + " đơn vị tìm thấy." : "Không tìm thấy đơn vị nào.";
});
document.addEventListener("keydown", function (event) {
  const input = event.target;
  if (!input.matches || !input.matches(".unit-picker input[role=combobox]")) return;
  const picker = input.closest("[data-unit-picker]");
  const options = pickerOptions(picker);
  const index = activeIndex(picker);
  const open = input.getAttribute("aria-expanded") === "true";
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!options.length) return;
    event.preventDefault();
    if (!open) { pickerParts(picker).list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    const step = event.key === "ArrowDown" ? 1 : -1;
    activateOption(picker, index < 0 ? (step > 0 ? 0 : options.length - 1) : (index + step + options.length) % options.length);
  } else if (event.key === "Enter") {
    // Enter never submits the task form from the search box: it adds the active unit, if any.
    event.preventDefault();
    if (open && index >= 0) pickUnit(picker, options[index]);
    else if (open && options.length === 1) pickUnit(picker, options[0]);
  } else if (event.key === "Escape") {
    if (open) { event.preventDefault(); closePicker(picker, false); }
  }
});
// A press on an option must not blur the box before the click lands.
document.addEventListener("mousedown", function (event) {
  if (event.target.closest && event.target.closest(".unit-options [data-unit-name]")) event.preventDefault();
});
document.addEventListener("click", function (event) {
  const option = event.target.closest("[data-unit-name]");
  if (!option) return;
  event.preventDefault();
  pickUnit(option.closest("[data-unit-picker]"), option);
});
document.addEventListener("focusout", function (event) {
  const picker = event.target.closest && event.target.closest("[data-unit-picker]");
  if (!picker || picker.contains(event.relatedTarget)) return;
  closePicker(picker, false);
});
document.addEventListener("focusin", function (event) {
  const input = event.target;
  if (!input.matches || !input.matches(".unit-picker input[role=combobox]")) return;
  const picker = input.closest("[data-unit-picker]");
  if (input.value.trim() && pickerOptions(picker).length) {
    pickerParts(picker).list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
});

// HTMX leaves the page as it was when the server refuses; say why instead of doing nothing.
document.addEventListener("htmx:responseError", function (event) {
  const status = event.detail.xhr.status;
  const messages = {
    403: "Bạn không có quyền thực hiện thao tác này (có thể kế hoạch vừa được ban hành). Hãy tải lại trang.",
    404: "Không tìm thấy dữ liệu: có thể đã bị người khác xoá. Hãy tải lại trang.",
  };
  window.alert(messages[status] || "Máy chủ gặp lỗi (mã " + status + "). Dữ liệu chưa được lưu; hãy thử lại.");
});
document.addEventListener("htmx:sendError", function () {
  window.alert("Không kết nối được máy chủ. Dữ liệu chưa được lưu; hãy kiểm tra mạng rồi thử lại.");
});

// The portal's pages carry no inline script or style (Content-Security-Policy, tdkt_portal/settings.py):
// what templates would have written inline is declared in data attributes and done here.

// <form data-confirm="Xoá …?">: ask before submitting.
document.addEventListener("submit", function (event) {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Progress bars (tasks/_bar.html): each segment's width is its share of the tasks, in percent.
// Set through the CSSOM, which the policy allows, unlike a style="" attribute.
function sizeBars(root) {
  root.querySelectorAll(".stackbar [data-share]").forEach(function (segment) {
    segment.style.width = segment.dataset.share + "%";
  });
}
document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
document.addEventListener("htmx:load", function (event) { sizeBars(event.target); });

// Phones (portal.css, max-width 640px) show each table row as a card: every cell is labelled with
// its column's header, read here from the table head (colspan and rowspan included).
function labelCells(root) {
  root.querySelectorAll("table.list, table.appendix, table.chart-table").forEach(function (table) {
    if (!table.tHead) return;
    const labels = [];
    const taken = [];
    Array.from(table.tHead.rows).forEach(function (row, r) {
      let column = 0;
      Array.from(row.cells).forEach(function (cell) {
        while (taken[r] && taken[r][column]) column += 1;
        const text = cell.textContent.trim();
        for (let c = column; c < column + cell.colSpan; c += 1) {
          for (let k = r; k < r + cell.rowSpan; k += 1) (taken[k] = taken[k] || [])[c] = true;
          if (text && !(labels[c] || []).includes(text)) (labels[c] = labels[c] || []).push(text);
        }
        column += cell.colSpan;
      });
    });
    Array.from(table.tBodies).forEach(function (body) {
      Array.from(body.rows).forEach(function (row) {
        let column = 0;
        Array.from(row.cells).forEach(function (cell) {
          if (cell.colSpan === 1 && labels[column] && !cell.dataset.label) cell.dataset.label = labels[column].join(" – ");
          column += cell.colSpan;
        });
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { labelCells(document); });
document.addEventListener("htmx:load", function (event) {
  const table = event.target.closest("table");
  labelCells(table ? table.parentNode : event.target);
});

// Phones: a filter form folds behind one "Bộ lọc" button so the list comes first.
function foldFilters(root) {
  if (!window.matchMedia("(max-width: 640px)").matches) return;
  const filtering = Array.from(new URLSearchParams(window.location.search).entries()).some(function (pair) {
    return pair[0] !== "trang" && pair[0] !== "sapxep" && pair[1] !== "";
  });
  root.querySelectorAll("form.filters").forEach(function (form) {
    if (form.querySelector(".filter-toggle")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "filter-toggle";
    button.textContent = filtering ? "Bộ lọc (đang lọc)" : "Bộ lọc";
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      const folded = form.classList.toggle("folded");
      button.setAttribute("aria-expanded", String(!folded));
    });
    form.prepend(button);
    form.classList.add("folded");
  });
}
document.addEventListener("DOMContentLoaded", function () { foldFilters(document); });

// <form data-keep-draft id="…">: what is typed into its fields (inside it or tied to it with
// form="…") is kept in this tab until the page shows it saved, so another button on the page that
// reloads it (a row's evidence upload) loses nothing. The page says what it brought back.
function draftKey(form) { return "ban-nhap:" + window.location.pathname + "#" + form.id; }
function draftFields(form) {
  return Array.from(form.elements).filter(function (el) {
    return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit" && el.type !== "hidden";
  });
}
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
    const key = draftKey(form);
    let saved = null;
    try { saved = JSON.parse(window.sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved) {
      let restored = 0;
      draftFields(form).forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(saved, el.name) && el.value !== saved[el.name]) {
          el.value = saved[el.name];
          el.classList.add("draft-restored");
          restored += 1;
        }
      });
      if (restored) {
        const note = document.createElement("p");
        note.className = "notice draft-notice";
        note.setAttribute("role", "status");
        note.textContent = "Đã giữ lại " + restored + " ô bạn đang nhập dở (đánh dấu viền vàng). Các ô này chưa được lưu: hãy bấm “" +
          (form.dataset.keepDraft || "Lưu") + "”.";
        form.parentNode.insertBefore(note, form);
      } else {
        window.sessionStorage.removeItem(key);
      }
    }
    const remember = function (event) {
      if (event.target.form !== form) return;
      const values = {};
      draftFields(form).forEach(function (el) { values[el.name] = el.value; });
      window.sessionStorage.setItem(key, JSON.stringify(values));
    };
    document.addEventListener("input", remember);
    // Kept through its own submit too: a refused save loses nothing either. Once the page shows
    // what was typed (saved), the draft matches and is dropped above.
  });
});

// Inline editing of a plan (plans/_sections.html, tasks/_appendix.html: [data-inline-editor]):
// Enter in a one-line field saves, Ctrl+Enter (⌘+Enter) saves from a text area, Escape cancels.
// Keys the unit picker has used (Enter adds a unit, Escape closes its list) are left alone, and so
// is Enter while a Vietnamese input method is still composing a letter.
document.addEventListener("keydown", function (event) {
  if (event.defaultPrevented || event.isComposing || event.keyCode === 229) return;
  const field = event.target;
  const editor = field.closest && field.closest("[data-inline-editor]");
  if (!editor) return;
  if (event.key === "Escape") {
    const cancel = editor.querySelector("[data-inline-cancel]");
    if (cancel) { event.preventDefault(); cancel.click(); }
    return;
  }
  if (event.key !== "Enter" || field.tagName === "BUTTON" || field.tagName === "A") return;
  if (field.tagName === "TEXTAREA" && !(event.ctrlKey || event.metaKey)) return;
  const save = editor.querySelector("[data-inline-save]");
  if (save) { event.preventDefault(); save.click(); }
});

// The timing preview (tasks/_timing_preview_box.html) reads the text as the row's group would:
// a row with no text takes its quarter group's deadline.
document.addEventListener("htmx:configRequest", function (event) {
  const input = event.detail.elt;
  if (!input.matches || !input.matches("[data-timing-preview]")) return;
  const editor = input.closest("[data-task-editor]");
  const group = editor && editor.querySelector("select[name=group]");
  event.detail.parameters.group = group ? group.value : "";
});
