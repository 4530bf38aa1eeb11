// The door scanner: camera (html5-qrcode, served by the app), reference typing and name search,
// all sent to the check-in API with a nonce so that a retried request never counts twice.
(function () {
  "use strict";
  const root = document.getElementById("scanner");
  if (!root) return;
  const api = root.dataset.api;
  const result = document.getElementById("result");
  const daySelect = document.getElementById("day");
  const deviceKey = "multaqa-device-id";
  let device = localStorage.getItem(deviceKey);
  if (!device) {
    device = "browser-" + crypto.randomUUID().slice(0, 8);
    localStorage.setItem(deviceKey, device);
  }
  const COLOURS = { ok: "success", already_checked_in: "warning" };
  let lastCode = null;
  let lastTime = 0;

  function show(body) {
    const colour = COLOURS[body.result] || "danger";
    result.className = "rounded p-4 mb-3 text-center border border-3 border-" + colour + " bg-" + colour + "-subtle";
    result.dataset.result = body.result || "error";
    result.replaceChildren();
    const title = document.createElement("p");
    title.className = "fs-3 fw-bold mb-1";
    title.textContent = body.message;
    result.append(title);
    if (body.participant) {
      const name = document.createElement("p");
      name.className = "fs-4 mb-0";
      name.dir = "auto";
      name.textContent = body.participant.name;
      const organisation = document.createElement("p");
      organisation.className = "mb-0";
      organisation.dir = "auto";
      organisation.textContent = body.participant.organisation || "";
      result.append(name, organisation);
    }
  }

  async function send(payload) {
    payload.nonce = crypto.randomUUID();
    payload.device = device;
    payload.scanned_at = new Date().toISOString();
    if (daySelect.value) payload.day_id = parseInt(daySelect.value, 10);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const response = await fetch(api, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
          body: JSON.stringify(payload),
          credentials: "same-origin",
        });
        const body = await response.json();
        show(body.result ? body : { result: "error", message: body.message });
        return;
      } catch (error) {
        // Same nonce on retry: the server answers once, however often we ask.
        await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
      }
    }
    show({ result: "error", message: root.dataset.msgNetworkError });
  }

  function onCode(text) {
    const now = Date.now();
    if (text === lastCode && now - lastTime < 3000) return; // the same badge still in front of the camera
    lastCode = text;
    lastTime = now;
    send({ code: text });
  }

  let camera = null;
  const startButton = document.getElementById("camera-start");
  const stopButton = document.getElementById("camera-stop");
  startButton.addEventListener("click", async () => {
    try {
      camera = new Html5Qrcode("reader");
      // A large scanning box: the signed codes make dense QR codes, held close to the camera.
      const qrbox = (width, height) => {
        const side = Math.floor(Math.min(width, height) * 0.85);
        return { width: side, height: side };
      };
      await camera.start({ facingMode: "environment" }, { fps: 10, qrbox }, onCode, () => {});
      startButton.classList.add("d-none");
      stopButton.classList.remove("d-none");
    } catch (error) {
      show({ result: "error", message: root.dataset.msgCameraError });
    }
  });
  stopButton.addEventListener("click", async () => {
    if (camera) await camera.stop();
    stopButton.classList.add("d-none");
    startButton.classList.remove("d-none");
  });

  document.getElementById("reference-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("reference");
    if (input.value.trim()) send({ reference: input.value });
    input.value = "";
  });

  document.getElementById("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const list = document.getElementById("search-results");
    const query = document.getElementById("search").value;
    const response = await fetch(root.dataset.search + "?q=" + encodeURIComponent(query), { credentials: "same-origin" });
    const body = await response.json();
    list.replaceChildren();
    if (!body.results.length) {
      const item = document.createElement("li");
      item.className = "list-group-item text-body-secondary";
      item.textContent = root.dataset.msgNone;
      list.append(item);
    }
    for (const found of body.results) {
      const item = document.createElement("li");
      item.className = "list-group-item d-flex justify-content-between align-items-center gap-2";
      const label = document.createElement("span");
      label.dir = "auto";
      label.textContent = found.name + " · " + (found.organisation || "") + " · " + found.status_label;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-primary";
      button.textContent = root.dataset.msgCheckIn;
      button.addEventListener("click", () => send({ registration_id: found.registration_id }));
      item.append(label, button);
      list.append(item);
    }
  });
})();
