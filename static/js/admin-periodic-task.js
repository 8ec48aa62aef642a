// Admin, periodic task form (templates/admin/djcelery/change_periodictask_form.html): under the chosen
// crontab's help text, say in words when it runs. The readable forms come as JSON from the server.
(function () {
  const data = document.getElementById("readable-crontabs");
  const select = document.getElementById("id_crontab");
  const help = document.querySelector(".field-crontab .help");
  const translation = document.querySelector(".field-crontab_translation");
  if (translation) translation.style.display = "none";
  if (!data || !select || !help) return;
  const readable = JSON.parse(data.textContent);
  const line = document.createElement("div");
  line.className = "crontab-in-words";
  help.appendChild(line);
  function explain() {
    const words = readable[select.value];
    line.textContent = words ? "Lịch chạy: " + words : "";
  }
  select.addEventListener("change", explain);
  explain();
})();
