// Looks at the HTML dashboard in a real browser: Debian's chromium, headless, driven over
// the DevTools protocol through a pipe (no npm packages, no network). For every page, at
// desktop (1366x900) and phone (390x844) width, in the light and the dark scheme, it
// measures what a person would see and prints one JSON report on standard output:
//
// - elements wider than the viewport that are not inside a scroll box;
// - text labels of a chart whose boxes overlap;
// - text whose contrast with its background is under 4.5:1 (WCAG AA);
// - console messages, script errors, and requests for anything but the page's own files;
// - the `data-status` of every project row, for the caller to compare with `cairn status`.
//
// A full-page screenshot of each page at each width (light scheme) goes into --shots.
//
// Usage: node check.mjs --chromium /usr/bin/chromium --site DIR --shots DIR

import { launch } from "./cdp.mjs";
import { readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const chromium = args.chromium || "/usr/bin/chromium";
const site = resolve(args.site);
const shots = args.shots ? resolve(args.shots) : null;
if (shots) mkdirSync(shots, { recursive: true });

const { send, once, listeners, stderr, stop } = launch(chromium);

// What runs inside each page.
const inspect = `(() => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const describe = (el) => {
    const t = (el.textContent || "").trim().slice(0, 40);
    return el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined && el.className ? "." + String(el.className).split(" ")[0] : "") + (t ? " '" + t + "'" : "");
  };
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === "auto" || s.overflowX === "scroll") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > vw + 1 || r.left < -1) && !scrolls(el)) {
      problems.push({ kind: "overflow", what: describe(el), right: Math.round(r.right), viewport: vw });
    }
  }
  if (document.documentElement.scrollWidth > vw + 1) {
    problems.push({ kind: "page-overflow", width: document.documentElement.scrollWidth, viewport: vw });
  }
  // Chart labels: no two text boxes of one chart overlap.
  for (const svg of document.querySelectorAll("svg")) {
    const boxes = [...svg.querySelectorAll("text")]
      .map((t) => ({ t, r: t.getBoundingClientRect() }))
      .filter((x) => x.r.width > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0.5 && h > 0.5) {
          problems.push({ kind: "label-overlap", chart: svg.getAttribute("class"), a: boxes[i].t.textContent, b: boxes[j].t.textContent });
        }
      }
    }
  }
  // Contrast of every piece of text with what is behind it.
  const rgb = (s) => {
    const m = s && s.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(",").map((x) => parseFloat(x));
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const hex = (s) => {
    const m = s && s.match(/^#([0-9a-f]{6})$/i);
    if (!m) return null;
    const n = parseInt(m[1], 16);
    return { r: n >> 16, g: (n >> 8) & 255, b: n & 255, a: 1 };
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const background = (el) => {
    for (let p = el; p; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return rgb(getComputedStyle(document.documentElement).backgroundColor) || { r: 255, g: 255, b: 255, a: 1 };
  };
  const seen = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const isSvgText = el.tagName.toLowerCase() === "text";
    const hasText = isSvgText || [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    const s = getComputedStyle(el);
    const fg = rgb(isSvgText ? s.fill : s.color);
    if (!fg) continue;
    const bg = hex(el.getAttribute("data-bg")) || background(isSvgText ? el.closest("svg").parentElement : el);
    const c = ratio(fg, bg);
    if (c < 4.5) {
      const key = describe(el) + c.toFixed(2);
      if (!seen.has(key)) {
        seen.add(key);
        problems.push({ kind: "contrast", what: describe(el), ratio: Math.round(c * 100) / 100, fg: isSvgText ? s.fill : s.color });
      }
    }
  }
  const statuses = [...document.querySelectorAll("tr[data-project]")].map((e) => ({ project: e.dataset.project, status: e.dataset.status }));
  return { problems, statuses };
})()`;

async function main() {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const events = [];
  listeners.push((m) => {
    if (m.sessionId !== sessionId) return;
    if (m.method === "Runtime.consoleAPICalled") events.push({ kind: "console", text: m.params.args.map((a) => a.value ?? a.description).join(" ") });
    if (m.method === "Runtime.exceptionThrown") events.push({ kind: "exception", text: m.params.exceptionDetails.text });
    if (m.method === "Log.entryAdded") events.push({ kind: "log", text: m.params.entry.text, url: m.params.entry.url });
    if (m.method === "Network.requestWillBeSent") {
      const u = m.params.request.url;
      if (!u.startsWith("file:") && !u.startsWith("data:") && u !== "about:blank") events.push({ kind: "request", text: u });
    }
  });
  for (const d of ["Page", "Runtime", "Log", "Network"]) await send(`${d}.enable`, {}, sessionId);
  const pages = readdirSync(site).filter((f) => f.endsWith(".html")).sort();
  const results = [];
  for (const page of pages) {
    for (const [label, width, height, mobile] of [["desktop", 1366, 900, false], ["phone", 390, 844, true]]) {
      for (const scheme of ["light", "dark"]) {
        await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile }, sessionId);
        await send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: scheme }] }, sessionId);
        events.length = 0;
        const loaded = once("Page.loadEventFired", sessionId);
        await send("Page.navigate", { url: pathToFileURL(join(site, page)).href }, sessionId);
        await loaded;
        const { result } = await send("Runtime.evaluate", { expression: inspect, returnByValue: true }, sessionId);
        const out = result.value || { problems: [{ kind: "script", what: JSON.stringify(result) }], statuses: [] };
        results.push({ page, viewport: label, scheme, problems: out.problems, statuses: out.statuses, events: [...events] });
        if (shots && scheme === "light") {
          const m = await send("Page.getLayoutMetrics", {}, sessionId);
          const size = m.cssContentSize || m.contentSize;
          const shot = await send(
            "Page.captureScreenshot",
            { format: "png", captureBeyondViewport: true, clip: { x: 0, y: 0, width, height: Math.min(size.height, 16000), scale: 1 } },
            sessionId,
          );
          writeFileSync(join(shots, `${page.replace(/\.html$/, "")}-${label}.png`), Buffer.from(shot.data, "base64"));
        }
      }
    }
  }
  return results;
}

const timer = setTimeout(() => {
  console.error("browser check timed out\n" + stderr().slice(-2000));
  stop();
  process.exit(3);
}, 240000);
main()
  .then((results) => {
    process.stdout.write(JSON.stringify({ pages: results }, null, 1) + "\n");
  })
  .catch((e) => {
    console.error(String(e) + "\n" + stderr().slice(-2000));
    process.exitCode = 2;
  })
  .finally(() => {
    clearTimeout(timer);
    stop();
  });
