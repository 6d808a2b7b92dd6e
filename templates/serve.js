// cairn serve: makes the dashboard's pages editable and live. A plain module, no build
// step. Every change is a request to the page's own server (same origin; the token is in
// an HttpOnly cookie), which runs the same checked edit as the command line.

const readOnly = document.currentScript?.dataset.readOnly === "true" ||
  document.querySelector('script[src="/assets/serve.js"]')?.dataset.readOnly === "true";

// Reload when the files change (an editor, a git pull, an edit from another page),
// keeping the scroll position.
const events = new EventSource("/events");
events.addEventListener("change", () => {
  sessionStorage.setItem("cairn-scroll", String(window.scrollY));
  location.reload();
});
const y = sessionStorage.getItem("cairn-scroll");
if (y !== null) {
  sessionStorage.removeItem("cairn-scroll");
  window.scrollTo(0, Number(y));
}

// Where the findings of a refused edit go: the page's own box, else one made at the top.
function diagnosticsBox() {
  let box = document.getElementById("diagnostics");
  if (!box) {
    box = document.createElement("div");
    box.id = "diagnostics";
    box.setAttribute("role", "alert");
    document.querySelector("main")?.prepend(box);
  }
  return box;
}

function show(kind, lines) {
  const box = diagnosticsBox();
  box.className = kind;
  box.replaceChildren(
    ...lines.map((l) => {
      const p = document.createElement("p");
      p.textContent = l;
      return p;
    }),
  );
}

// Sends a change; on 422 shows the findings (nothing was written), on success a note.
async function send(method, url, body) {
  const r = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await r.json().catch(() => ({}));
  if (r.status === 422) {
    show("refused", [
      "Refused: the edit would add " + data.added.length + " error(s); nothing was written.",
      ...data.added.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}: ${d.message}`),
    ]);
  } else if (!r.ok) {
    show("refused", [data.error || "failed", ...(data.hint ? [data.hint] : [])]);
  } else {
    show("saved", [data.changed === false ? "Already so." : "Saved."]);
  }
  return { status: r.status, data };
}

// The board: every card can move to another column, by dragging or with its select.
function board() {
  const columns = [...document.querySelectorAll(".board .column[data-status]")];
  if (!columns.length) return;
  const statuses = columns.map((c) => c.dataset.status);
  for (const col of columns) {
    col.addEventListener("dragover", (e) => {
      e.preventDefault();
      col.classList.add("drop");
    });
    col.addEventListener("dragleave", () => col.classList.remove("drop"));
    col.addEventListener("drop", (e) => {
      e.preventDefault();
      col.classList.remove("drop");
      const id = e.dataTransfer.getData("text/plain");
      if (id) move(id, col.dataset.status);
    });
  }
  for (const card of document.querySelectorAll(".board .card[data-id]")) {
    const id = card.dataset.id;
    const here = card.closest(".column").dataset.status;
    const title = card.querySelector("b");
    if (title) {
      const a = document.createElement("a");
      a.href = "/task/" + encodeURIComponent(id);
      a.textContent = id;
      title.replaceChildren(a);
    }
    if (readOnly) continue;
    card.draggable = true;
    card.addEventListener("dragstart", (e) => e.dataTransfer.setData("text/plain", id));
    const select = document.createElement("select");
    select.className = "move";
    select.setAttribute("aria-label", "Move " + id + " to");
    for (const s of statuses) {
      const o = document.createElement("option");
      o.value = s;
      o.textContent = s === here ? "in " + s : "→ " + s;
      o.selected = s === here;
      select.append(o);
    }
    select.addEventListener("change", () => move(id, select.value));
    card.append(select);
  }
}

async function move(id, status) {
  const { status: code } = await send("PATCH", "/api/tasks/" + encodeURIComponent(id), {
    fields: { status },
  });
  if (code === 200) location.reload();
}

// A task's page: the fields form, the checklist, the comment box.
function taskPage() {
  const form = document.getElementById("task-form");
  if (!form) return;
  const id = form.dataset.id;
  const initial = new Map([...new FormData(form)].map(([k, v]) => [k, String(v)]));
  if (readOnly) {
    for (const el of document.querySelectorAll("input, select, textarea, button")) el.disabled = true;
    return;
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const fields = {};
    for (const [k, v] of new FormData(form)) {
      const value = String(v).trim();
      if (value === initial.get(k)) continue;
      fields[k] = value === "" ? null : value;
    }
    if (!Object.keys(fields).length) return show("saved", ["Nothing changed."]);
    const { status } = await send("PATCH", "/api/tasks/" + encodeURIComponent(id), { fields });
    if (status === 200) location.reload();
  });
  for (const box of document.querySelectorAll("#checklist input[data-item]")) {
    box.addEventListener("change", async () => {
      await send("POST", `/api/tasks/${encodeURIComponent(id)}/checklist/${box.dataset.item}`, {
        checked: box.checked,
      });
    });
  }
  document.getElementById("comment-form")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = e.target.elements.text.value;
    const { status } = await send("POST", `/api/tasks/${encodeURIComponent(id)}/comment`, { text });
    if (status === 200) location.reload();
  });
}

// Every page: a new task, and committing what changed.
function toolbar() {
  if (readOnly) return;
  const bar = document.createElement("form");
  bar.className = "serve-bar";
  bar.innerHTML =
    '<label for="new-title">New task</label><input id="new-title" name="title" placeholder="Title">' +
    '<button type="submit">Create</button>' +
    '<button type="button" id="commit">Commit changes</button>';
  bar.addEventListener("submit", async (e) => {
    e.preventDefault();
    const title = bar.elements.title.value.trim();
    if (!title) return;
    const { status, data } = await send("POST", "/api/tasks", { title });
    if (status === 200 && data.id) location.href = "/task/" + encodeURIComponent(data.id);
  });
  bar.querySelector("#commit").addEventListener("click", async () => {
    const message = prompt("Commit message", "Plan edited in cairn serve");
    if (message === null) return;
    const r = await fetch("/api/commit", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message }),
    });
    const data = await r.json();
    show(r.ok ? "saved" : "refused", [r.ok ? "Committed " + data.commit + "." : data.error]);
  });
  document.querySelector("main")?.prepend(bar);
}

// Action items (the actions page and a meeting's page): tick, reopen, promote, add.
function actions() {
  for (const row of document.querySelectorAll("[data-meeting][data-item]")) {
    const { meeting, item } = row.dataset;
    const base = `/api/meetings/${encodeURIComponent(meeting)}/actions/${item}`;
    // The meeting's page from the actions page.
    const cell = row.querySelector('td[data-label="Meeting"]');
    if (cell) {
      const a = document.createElement("a");
      a.href = "/meeting/" + encodeURIComponent(meeting);
      a.textContent = "open";
      a.className = "meeting-link";
      cell.append(" ", a);
    }
    if (readOnly) continue;
    let box = row.querySelector("input.action-done");
    if (!box) {
      box = document.createElement("input");
      box.type = "checkbox";
      box.className = "action-done";
      box.setAttribute("aria-label", "Done");
      (row.querySelector("td") || row).prepend(box, " ");
    }
    box.addEventListener("change", async () => {
      const { status } = await send("POST", base, { done: box.checked });
      if (status === 200) location.reload();
    });
    const promote = document.createElement("button");
    promote.type = "button";
    promote.className = "promote";
    promote.textContent = "Make it a task";
    promote.addEventListener("click", async () => {
      const { status, data } = await send("POST", base + "/promote", {});
      if (status === 200 && data.id) location.href = "/task/" + encodeURIComponent(data.id);
    });
    (row.querySelector('td[data-label="Item"]') || row).append(" ", promote);
  }
  const form = document.getElementById("action-form");
  if (form && !readOnly) {
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const text = form.elements.text.value.trim();
      if (!text) return;
      const { status } = await send("POST", `/api/meetings/${encodeURIComponent(form.dataset.meeting)}/actions`, { text });
      if (status === 200) location.reload();
    });
  }
}

// Decisions: choose an option; record what supersedes one.
function decisions() {
  if (readOnly) return;
  for (const row of document.querySelectorAll("tr[data-decision][data-option]")) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = "Choose";
    b.addEventListener("click", async () => {
      const { status } = await send("POST", `/api/decisions/${encodeURIComponent(row.dataset.decision)}/decide`, {
        option: row.dataset.option,
      });
      if (status === 200) location.reload();
    });
    row.querySelector("td")?.append(" ", b);
  }
  for (const h of document.querySelectorAll("h2[data-decision]")) {
    const f = document.createElement("form");
    f.className = "supersede";
    f.innerHTML = '<label>Superseded by <input name="by" placeholder="D-7" size="6"></label> <button type="submit">Record</button>';
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      const by = f.elements.by.value.trim();
      if (!by) return;
      const { status } = await send("POST", `/api/decisions/${encodeURIComponent(h.dataset.decision)}/supersede`, { by });
      if (status === 200) location.reload();
    });
    h.after(f);
  }
}

toolbar();
board();
taskPage();
actions();
decisions();
