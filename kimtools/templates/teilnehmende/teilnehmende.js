// The participants' view: follow the presenter's case, browse freely, „Folgen“ jumps back.
// The page itself is static; only the small state (current case, findings) is asked for, with
// the version the page has: the server answers when the state changed (or after a while
// unchanged), so a change of case arrives at once and an unchanged state costs nothing. The
// server writes the current case into the page (data-first), so the page shows it at once,
// before the first answer.
(() => {
  "use strict";
  const RETRY_MS = 1000;
  const body = document.body;
  const status = document.getElementById("kim-status");
  const button = document.getElementById("kim-folgen");
  const header = document.querySelector(".kim-bar");
  let follow = true;
  let current = null;
  let findingsSeen = null;
  let failures = 0;
  let version = "";

  // The token came once in the address; the cookie carries it now, the address bar need not.
  if (location.search) history.replaceState(null, "", location.pathname + location.hash);

  const fitHeader = () => {
    document.documentElement.style.scrollPaddingTop = (header.offsetHeight + 8) + "px";
  };
  fitHeader();
  window.addEventListener("resize", fitHeader);

  const sectionOf = (kase) => document.querySelector(`.kim-case[data-case="${CSS.escape(kase)}"]`);
  const labelOf = (kase) => {
    const link = document.querySelector(`nav a[data-case="${CSS.escape(kase)}"]`);
    return link ? link.textContent : kase;
  };

  // Only what changed is written: an answer that brings nothing new (after a while unchanged)
  // costs the laptop no layout and no new frame.
  const setText = (element, text) => {
    if (element.textContent !== text) element.textContent = text;
  };
  const setData = (element, name, value) => {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  };
  const showStatus = () => {
    setData(body, "data-follow", follow ? "ja" : "nein");
    if (!current) {
      setText(status, "Die Präsentation hat noch nicht begonnen.");
    } else if (follow) {
      setText(status, `Sie folgen der Präsentation: ${labelOf(current)}`);
    } else {
      setText(status, `Freies Blättern – vorgestellt wird ${labelOf(current)}. `
        + "„Folgen“ springt dorthin.");
    }
    setData(button, "aria-pressed", follow ? "true" : "false");
  };

  const jump = () => {
    const section = current && sectionOf(current);
    if (!section) return;
    section.scrollIntoView({ block: "start", behavior: "instant" });
    section.focus({ preventScroll: true });
  };

  const setCurrent = (kase) => {
    if (kase === current) return;
    current = kase;
    document.querySelectorAll(".kim-case.kim-current").forEach((s) => s.classList.remove("kim-current"));
    document.querySelectorAll("nav a[aria-current]").forEach((a) => a.removeAttribute("aria-current"));
    const section = sectionOf(kase);
    if (section) section.classList.add("kim-current");
    const link = document.querySelector(`nav a[data-case="${CSS.escape(kase)}"]`);
    if (link) link.setAttribute("aria-current", "true");
    body.dataset.current = kase;
    if (follow) jump();
  };

  const cell = (row, text) => {
    const td = document.createElement("td");
    td.textContent = text;
    row.append(td);
  };
  const showFindings = (findings) => {
    const key = JSON.stringify(findings);
    if (key === findingsSeen) return;
    findingsSeen = key;
    const box = document.getElementById("kim-befunde");
    box.replaceChildren();
    if (!findings.length) {
      const p = document.createElement("p");
      p.className = "kim-empty";
      p.textContent = "Noch keine Befunde festgehalten.";
      box.append(p);
      return;
    }
    const table = document.createElement("table");
    table.className = "kim-table";
    const head = table.createTHead().insertRow();
    for (const title of ["Befund", "Handlungsfelder", "Ebene", "Status"]) {
      const th = document.createElement("th");
      th.textContent = title;
      head.append(th);
    }
    const rows = table.createTBody();
    for (const f of findings) {
      const row = rows.insertRow();
      cell(row, f.titel);
      cell(row, f.handlungsfelder || "–");
      cell(row, f.ebene);
      cell(row, f.status);
    }
    box.append(table);
  };

  const poll = async () => {
    try {
      const reply = await fetch("stand?seit=" + encodeURIComponent(version),
        { cache: "no-store", credentials: "same-origin" });
      if (reply.status === 403) {
        status.textContent = "Der Zugang gilt nicht mehr (Konferenz beendet?). Bitte die "
          + "Adresse neu öffnen.";
        return;
      }
      if (!reply.ok) throw new Error(String(reply.status));
      const state = await reply.json();
      failures = 0;
      version = state.version || "";
      if (state.case) setCurrent(state.case);
      showFindings(state.findings || []);
      showStatus();
    } catch (error) {
      failures += 1;
      if (failures > 3) status.textContent = "Keine Verbindung zum Server der Konferenz.";
      setTimeout(poll, RETRY_MS);
      return;
    }
    setTimeout(poll, 0);
  };

  // Whatever the participant does to move the page is browsing: following stops.
  const browse = () => {
    if (!follow) return;
    follow = false;
    showStatus();
  };
  const moving = new Set(["PageDown", "PageUp", "ArrowDown", "ArrowUp", "Home", "End", " "]);
  window.addEventListener("wheel", browse, { passive: true });
  window.addEventListener("touchmove", browse, { passive: true });
  document.addEventListener("keydown", (event) => {
    if (event.target === button) return;
    if (moving.has(event.key)) browse();
  });
  document.querySelectorAll("nav a").forEach((a) => a.addEventListener("click", browse));
  button.addEventListener("click", () => {
    follow = true;
    showStatus();
    jump();
  });

  const first = body.dataset.first;
  if (first) setCurrent(first);
  showStatus();
  setTimeout(poll, 0);
})();
