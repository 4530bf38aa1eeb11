// The door scanner: camera (html5-qrcode), typed references and name search, sent to the check-in
// API with a nonce so that a retried request never counts twice. With no answer within a few seconds,
// or no network, the scan is judged on this device against the roster (Ed25519 signature, revoked and
// cancelled codes, who was already let in) and queued in IndexedDB under the same nonce; the queue
// syncs by itself when the network returns.
const root = document.getElementById("scanner");
const LABELS = JSON.parse(root.dataset.labels);
const WORKSHOP = root.dataset.workshop;
const ONLINE_TIMEOUT_MS = 4000;
const COLOURS = { ok: "success", already_checked_in: "warning" };
const result = document.getElementById("result");
const daySelect = document.getElementById("day");

let device = localStorage.getItem("multaqa-device-id");
if (!device) {
  device = "browser-" + crypto.randomUUID().slice(0, 8);
  localStorage.setItem("multaqa-device-id", device);
}
let csrf = root.dataset.csrf;

// ------------------------------------------------------------------ IndexedDB

const dbReady = new Promise((resolve, reject) => {
  const open = indexedDB.open("multaqa-scanner", 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore("rosters");
    open.result.createObjectStore("queue", { keyPath: "nonce" });
    open.result.createObjectStore("seen");
  };
  open.onsuccess = () => resolve(open.result);
  open.onerror = () => reject(open.error);
});

async function store(name, mode, action) {
  const db = await dbReady;
  return new Promise((resolve, reject) => {
    const request = action(db.transaction(name, mode).objectStore(name));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const getRoster = () => store("rosters", "readonly", (s) => s.get(WORKSHOP));
const queued = () => store("queue", "readonly", (s) => s.getAll());
const enqueue = (item) => store("queue", "readwrite", (s) => s.put(item));
const unqueue = (nonce) => store("queue", "readwrite", (s) => s.delete(nonce));
const seenKey = (registration, day) => `${WORKSHOP}:${registration}:${day}`;

// ------------------------------------------------------------------ the banner

async function refreshBanner() {
  const state = document.getElementById("network-state");
  state.textContent = navigator.onLine ? state.dataset.online : state.dataset.offline;
  document.getElementById("offline-banner").className =
    "alert d-flex flex-wrap gap-3 align-items-center py-2 " + (navigator.onLine ? "alert-secondary" : "alert-warning");
  document.getElementById("pending-count").textContent = (await queued()).filter((i) => i.workshop === WORKSHOP).length;
  const roster = await getRoster();
  const time = document.getElementById("roster-time");
  time.textContent = roster ? new Date(roster.taken_at).toLocaleString() : time.dataset.none;
}

// ------------------------------------------------------------------ showing a result

function show(body, offline) {
  const colour = COLOURS[body.result] || "danger";
  result.className = "rounded p-4 mb-3 text-center border border-3 border-" + colour + " bg-" + colour + "-subtle";
  result.dataset.result = body.result || "error";
  result.dataset.offline = offline ? "yes" : "no";
  result.replaceChildren();
  const title = document.createElement("p");
  title.className = "fs-3 fw-bold mb-1";
  title.textContent = body.message;
  result.append(title);
  if (body.participant) {
    for (const [text, size] of [[body.participant.name, "fs-4"], [body.participant.organisation || "", ""]]) {
      const line = document.createElement("p");
      line.className = "mb-0 " + size;
      line.dir = "auto";
      line.textContent = text;
      result.append(line);
    }
  }
  if (offline) {
    const note = document.createElement("p");
    note.className = "small mb-0 mt-2";
    note.textContent = root.dataset.msgOfflineNote;
    result.append(note);
  }
}

// ------------------------------------------------------------------ judging on the device

function b64url(text) {
  const base = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(base), (c) => c.charCodeAt(0));
}

async function verifySignature(publicKey, signature, payload) {
  try {
    const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify({ name: "Ed25519" }, key, signature, payload);
  } catch (error) {
    // No Ed25519 in this browser's WebCrypto: the audited noble-ed25519, served by the app.
    const noble = await import("/static/vendor/noble-ed25519/index.js");
    return noble.verifyAsync(signature, payload, publicKey);
  }
}

async function tokenId(code, publicKeyText) {
  const token = code.trim().replace(/\/+$/, "").split("/").pop();
  if (token.length !== 108) return null;
  let raw;
  try { raw = b64url(token); } catch (error) { return null; }
  if (raw.length !== 81 || raw[0] !== 1) return null;
  const payload = raw.slice(0, 17);
  if (!(await verifySignature(b64url(publicKeyText), raw.slice(17), payload))) return null;
  return Array.from(payload.slice(1), (b) => b.toString(16).padStart(2, "0")).join("");
}

function todayInBaghdad() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Baghdad" }).format(new Date());
}

async function judgeOffline(payload) {
  const roster = await getRoster();
  if (!roster || new Date(roster.expires_at) < new Date()) {
    return { result: "error", message: root.dataset.msgNoRoster };
  }
  let registration = null;
  if (payload.code) {
    const id = await tokenId(payload.code, roster.public_key);
    registration = id && roster.registrations.find((r) => r.token_id === id);
  } else if (payload.reference) {
    const wanted = payload.reference.toUpperCase().replace(/[^A-Z0-9]/g, "");
    registration = roster.registrations.find((r) => r.reference === wanted);
  } else if (payload.registration_id) {
    registration = roster.registrations.find((r) => r.id === payload.registration_id);
  }
  const day = payload.day_id ? roster.days.find((d) => d.id === payload.day_id)
    : roster.days.find((d) => d.date === todayInBaghdad());
  let code;
  if (!registration) code = "invalid";
  else if (registration.status === "cancelled") code = "cancelled";
  else if (registration.status !== "confirmed") code = "pending_approval";
  else if (!day) code = "not_today";
  else {
    const known = roster.check_ins.some((c) => c.registration_id === registration.id && c.day_id === day.id);
    const here = await store("seen", "readonly", (s) => s.get(seenKey(registration.id, day.id)));
    code = known || here ? "already_checked_in" : "ok";
    if (code === "ok") await store("seen", "readwrite", (s) => s.put(payload.scanned_at, seenKey(registration.id, day.id)));
  }
  const body = { result: code, message: LABELS[code] };
  if (registration) body.participant = { name: registration.name, organisation: registration.organisation };
  if (day && !payload.day_id) payload.day_id = day.id;
  return body;
}

// ------------------------------------------------------------------ sending

async function postJson(url, body, timeout) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin", signal: controller.signal,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
    if (response.status === 400 && !(await response.clone().json().catch(() => null))) {
      throw new Error("csrf"); // the form token of a page opened from the cache has expired
    }
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

async function send(payload) {
  payload.nonce = crypto.randomUUID();
  payload.device = device;
  payload.scanned_at = new Date().toISOString();
  if (daySelect.value) payload.day_id = parseInt(daySelect.value, 10);
  if (navigator.onLine) {
    try {
      const body = await postJson(root.dataset.api, payload, ONLINE_TIMEOUT_MS);
      if (body.result) {
        show(body, false);
        return;
      }
    } catch (error) {
      // No answer in time: judge here, queue with the same nonce; the server answers once either way.
    }
  }
  const body = await judgeOffline(payload);
  show(body, true);
  if (body.result !== "error") {
    await enqueue({ ...payload, workshop: WORKSHOP, device_result: body.result });
  }
  refreshBanner();
}

let syncing = false;
async function sync() {
  if (syncing || !navigator.onLine) return;
  syncing = true;
  try {
    const items = (await queued()).filter((i) => i.workshop === WORKSHOP);
    if (!items.length) return;
    const fresh = await fetch(root.dataset.csrfUrl, { credentials: "same-origin" });
    if (fresh.ok) csrf = (await fresh.json()).csrf_token;
    const body = await postJson(root.dataset.sync, {
      device,
      items: items.map(({ nonce, code, reference, registration_id, walk_in, scanned_at, day_id, device_result }) =>
        ({ nonce, code, reference, registration_id, walk_in, scanned_at, day_id, device_result })),
    }, 30000);
    const conflicts = document.getElementById("conflicts");
    for (const [index, answer] of body.results.entries()) {
      await unqueue(items[index].nonce);
      const refused = answer.result && !["ok", "already_checked_in"].includes(answer.result);
      if (items[index].device_result === "ok" && (refused || answer.error)) {
        const entry = document.createElement("li");
        entry.className = "list-group-item list-group-item-danger";
        entry.dataset.result = answer.result || answer.error;
        entry.textContent = conflicts.dataset.title + " " + (answer.participant ? answer.participant.name + " — " : "") + answer.message;
        conflicts.append(entry);
      }
    }
  } catch (error) {
    // Still no network: the queue stays and is tried again.
  } finally {
    syncing = false;
    refreshBanner();
  }
}

document.getElementById("prepare-offline").addEventListener("click", async () => {
  const response = await fetch(root.dataset.roster, { credentials: "same-origin" });
  if (response.ok) {
    const roster = await response.json();
    await store("rosters", "readwrite", (s) => s.put(roster, WORKSHOP));
    const cache = await caches.open("multaqa-scanner-v1");
    await cache.add(location.pathname);
  }
  refreshBanner();
});
document.getElementById("sync-now").addEventListener("click", sync);
window.addEventListener("online", () => { refreshBanner(); sync(); });
window.addEventListener("offline", refreshBanner);
setInterval(sync, 20000);
if ("serviceWorker" in navigator) navigator.serviceWorker.register(root.dataset.sw, { scope: "/registration/" });
refreshBanner();
sync();

// ------------------------------------------------------------------ camera, reference, search

function onCodeFactory() {
  let lastCode = null;
  let lastTime = 0;
  return (text) => {
    const now = Date.now();
    if (text === lastCode && now - lastTime < 3000) return; // the same badge still in front of the camera
    lastCode = text;
    lastTime = now;
    send({ code: text });
  };
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
    await camera.start({ facingMode: "environment" }, { fps: 10, qrbox }, onCodeFactory(), () => {});
    startButton.classList.add("d-none");
    stopButton.classList.remove("d-none");
  } catch (error) {
    show({ result: "error", message: root.dataset.msgCameraError }, false);
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

// Walk-ins: online, the form posts as usual; offline, the person is queued and created on sync.
const walkInForm = document.querySelector("form[action$='/walk-in']");
walkInForm.addEventListener("submit", async (event) => {
  if (navigator.onLine) return;
  event.preventDefault();
  const data = new FormData(walkInForm);
  const person = {
    full_name: (data.get("full_name") || "").trim(), phone: data.get("phone") || "", sex: data.get("sex"),
    organisation_name: data.get("organisation_name") || "", consent_given: data.get("consent_given") === "y",
  };
  if (!person.full_name) return;
  const item = { nonce: crypto.randomUUID(), scanned_at: new Date().toISOString(), workshop: WORKSHOP,
                 device_result: "ok", walk_in: person };
  if (daySelect.value) item.day_id = parseInt(daySelect.value, 10);
  await enqueue(item);
  show({ result: "ok", message: LABELS.ok, participant: { name: person.full_name, organisation: person.organisation_name } }, true);
  walkInForm.reset();
  refreshBanner();
});

// For tests and support: the device's queue, and a way to put a queue back (a replay).
window.multaqaScanner = { queued, enqueue, sync, refreshBanner };
