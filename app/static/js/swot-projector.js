// The SWOT projector view: every few seconds, fetch the board's JSON and redraw the four quadrants'
// lists (text set with textContent, never parsed as HTML), then shrink a list's type until it fits.
(() => {
  "use strict";
  const root = document.getElementById("projector");
  const offline = document.getElementById("projector-offline");
  const EVERY_MS = 3000;
  const MIN_FONT_PX = 12;
  let last = null;
  const seen = new Set([...root.querySelectorAll("[data-item]")].map((li) => li.dataset.item));

  function fit(list) {
    list.style.fontSize = "";
    let size = parseFloat(getComputedStyle(list).fontSize);
    while (list.scrollHeight > list.clientHeight && size > MIN_FONT_PX) {
      size *= 0.92;
      list.style.fontSize = size + "px";
    }
  }

  function entry(item) {
    const li = document.createElement("li");
    li.dataset.item = String(item.id);
    const text = document.createElement("span");
    text.className = "text";
    text.dir = "auto";
    text.textContent = item.text;
    li.append(text);
    if (item.groups.length) {
      const groups = document.createElement("span");
      groups.className = "groups";
      groups.dir = "auto";
      groups.textContent = item.groups.join(", ");
      li.append(groups);
    }
    if (!seen.has(li.dataset.item)) {
      li.classList.add("arrived");
      seen.add(li.dataset.item);
    }
    return li;
  }

  function render(board) {
    for (const quadrant of board.quadrants) {
      const section = root.querySelector(`[data-quadrant="${quadrant.quadrant}"]`);
      if (!section) continue;
      section.querySelector("[data-count]").textContent = quadrant.count_text;
      const list = section.querySelector("ol");
      list.replaceChildren(...quadrant.items.map(entry));
      fit(list);
    }
  }

  async function poll() {
    try {
      const response = await fetch(root.dataset.url, { headers: { Accept: "application/json" }, cache: "no-store" });
      const body = await response.text();
      if (!response.ok) throw new Error(String(response.status));
      if (body !== last) {
        render(JSON.parse(body)); // a sign-in page instead of JSON throws: shown as offline
        last = body;
      }
      offline.hidden = true;
    } catch (error) {
      offline.hidden = false;
    } finally {
      setTimeout(poll, EVERY_MS);
    }
  }

  root.querySelectorAll("ol").forEach(fit);
  window.addEventListener("resize", () => root.querySelectorAll("ol").forEach(fit));
  setTimeout(poll, EVERY_MS);
})();
