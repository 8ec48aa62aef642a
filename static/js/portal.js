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
