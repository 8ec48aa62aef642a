// Unit picker: a search box under a unit cell lists registry units (server-rendered by HTMX);
// choosing one appends its name to the cell text, one unit per line, as plans print them.
document.addEventListener("click", function (event) {
  const option = event.target.closest("[data-unit-name]");
  if (!option) return;
  event.preventDefault();
  const picker = option.closest("[data-unit-picker]");
  const field = document.getElementById(picker.dataset.unitPicker);
  const name = option.dataset.unitName;
  const current = field.value.trim();
  const names = current ? current.split(/\n|;/).map((s) => s.trim()) : [];
  if (!names.includes(name)) field.value = current ? current + ";\n" + name : name;
  picker.querySelector("input[type=search]").value = "";
  picker.querySelector(".unit-options").innerHTML = "";
  field.dispatchEvent(new Event("change", { bubbles: true }));
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
    return pair[0] !== "trang" && pair[1] !== "";
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
