// Live preview of a certificate template: while the form changes, the server draws a sample
// certificate with the values as typed (nothing is saved) and the frame shows it.
(function () {
  const form = document.getElementById("template-form");
  const frame = document.getElementById("preview-frame");
  const error = document.getElementById("preview-error");
  if (!form || !frame) return;
  let lang = frame.dataset.lang;
  let timer = null;
  let shown = null;

  async function refresh() {
    const data = new FormData(form);
    data.set("lang", lang);
    let response;
    try {
      response = await fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" });
    } catch (e) {
      return;
    }
    if (!response.ok) {
      error.textContent = await response.text();
      error.hidden = false;
      return;
    }
    error.hidden = true;
    const url = URL.createObjectURL(await response.blob());
    frame.src = url;
    if (shown) URL.revokeObjectURL(shown);
    shown = url;
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  document.querySelectorAll("[data-preview-lang]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      lang = link.dataset.previewLang;
      refresh();
    });
  });
})();
