// Progress of a bulk certificate export: asks the server every second until the file is ready.
(function () {
  const box = document.getElementById("export");
  const script = document.currentScript;
  if (!box) return;
  const status = document.getElementById("export-status");
  const count = document.getElementById("export-count");
  const bar = document.getElementById("export-bar");
  const error = document.getElementById("export-error");
  const download = document.getElementById("export-download");
  const template = script.dataset.template;
  const failed = script.dataset.failed;

  async function poll() {
    let data;
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      data = await response.json();
    } catch (e) {
      setTimeout(poll, 3000);
      return;
    }
    status.textContent = data.label;
    count.textContent = template.replace("{done}", data.done).replace("{total}", data.total);
    bar.style.width = (data.total ? (100 * data.done) / data.total : 0) + "%";
    bar.parentElement.setAttribute("aria-valuenow", data.done);
    if (data.status === "done") {
      download.hidden = false;
    } else if (data.status === "failed") {
      error.textContent = failed.replace("{error}", data.error);
      error.hidden = false;
    } else {
      setTimeout(poll, 1000);
    }
  }
  poll();
})();
