// The admin's live preview of a certificate layout: redrawn on every change of the form, before
// saving. The fields are set as the PDF sets them (box left edge and baseline in mm, shrink to the
// box's width, never below the minimum size: a field that still does not fit is outlined in red).
// The admin loads this in the page's head: start once the form is there.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const box = document.getElementById("certificate-preview");
  const data = document.getElementById("certificate-sample");
  if (!box || !data) return;
  const sample = JSON.parse(data.textContent);
  const PX_PER_MM = 3;
  const PX_PER_PT = PX_PER_MM * 25.4 / 72;
  if (sample.scan) box.style.backgroundImage = "url(" + sample.scan + ")";

  function value(name) {
    const element = document.querySelector("[name='" + name + "']");
    if (!element) return "";
    return element.type === "checkbox" ? element.checked : element.value;
  }
  function number(name) {
    const parsed = parseFloat(String(value(name)).replace(",", "."));
    return Number.isFinite(parsed) ? parsed : 0;
  }

  function draw() {
    let [width, height] = sample.pages[value("page_size")] || sample.pages.A4;
    if (value("orientation") === "landscape") [width, height] = [height, width];
    box.style.width = width * PX_PER_MM + "px";
    box.style.height = height * PX_PER_MM + "px";
    box.querySelectorAll(".cp-field").forEach((element) => element.remove());
    const dx = number("offset_x_mm"), dy = number("offset_y_mm"), smallest = number("min_size_pt");
    document.querySelectorAll("select[name^='fields-'][name$='-key']").forEach((select) => {
      const prefix = select.name.slice(0, -"key".length);
      if (value(prefix + "DELETE") === true || !select.value) return;
      let text = sample.texts[select.value] || "";
      if (!text) return;
      if (value(prefix + "uppercase") === true) text = text.toUpperCase();
      const face = value(prefix + "face"), bold = value(prefix + "bold") === true;
      const italic = value(prefix + "italic") === true;
      const field = document.createElement("div");
      field.className = "cp-field";
      field.textContent = text;
      field.title = select.options[select.selectedIndex].text;
      field.style.fontFamily = sample.families[face] || "Liberation Serif";
      field.style.fontWeight = bold ? "700" : "400";
      field.style.fontStyle = italic ? "italic" : "normal";
      field.style.textAlign = value(prefix + "align") || "center";
      field.style.width = number(prefix + "max_width_mm") * PX_PER_MM + "px";
      box.appendChild(field);
      let size = number(prefix + "size_pt");
      field.style.fontSize = size * PX_PER_PT + "px";
      const room = field.clientWidth, needed = field.scrollWidth;
      if (needed > room && needed > 0) {
        size = Math.floor(size * room / needed * 10) / 10;
        field.style.fontSize = size * PX_PER_PT + "px";
        if (size < smallest) field.classList.add("cp-too-long");
      }
      const ascent = sample.ascents[[face, bold, italic].join("|")] || sample.ascents[face + "|false|false"] || 0.9;
      field.style.left = (number(prefix + "x_mm") + dx) * PX_PER_MM + "px";
      field.style.top = (number(prefix + "y_mm") + dy) * PX_PER_MM - ascent * size * PX_PER_PT + "px";
    });
  }

  document.addEventListener("input", draw);
  document.addEventListener("change", draw);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(draw);
  draw();
});
