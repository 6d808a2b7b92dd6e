// Drives `cairn serve` in a real browser: Debian's chromium, headless, over the DevTools
// protocol through a pipe (no npm packages). What a person would do, and what they would
// see, printed as one JSON report for the caller (tests/cli/serve.rs) to judge:
//
// - open the printed URL (the token becomes a cookie), then the board;
// - move a card with its select (the keyboard way) and see the file and the page change;
// - give a task an estimate that is not one, and see the findings, nothing written;
// - change a file on disk, and see the open page show it within two seconds;
// - at 390 px: no element wider than the screen outside a scroll box, no chart text
//   under 11 px;
// - a request without the token gets 403.
//
// Usage: node serve.mjs --chromium PATH --url URL --root WORKSPACE --shots DIR

import { launch } from "./cdp.mjs";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const chromium = args.chromium || "/usr/bin/chromium";
const url = args.url;
const root = resolve(args.root);
const shots = args.shots ? resolve(args.shots) : null;
if (shots) mkdirSync(shots, { recursive: true });
const origin = new URL(url).origin;

const { send, once, listeners, stderr, stop } = launch(chromium);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const report = {};
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  for (const d of ["Page", "Runtime"]) await send(`${d}.enable`, {}, sessionId);
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, sessionId);
    if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
    return result.value;
  };
  const go = async (path) => {
    const loaded = once("Page.loadEventFired", sessionId);
    await send("Page.navigate", { url: path.startsWith("http") ? path : origin + path }, sessionId);
    await loaded;
    await sleep(300);
  };
  const viewport = (width, height, mobile) =>
    send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile }, sessionId);
  const shot = async (name, width) => {
    if (!shots) return;
    const m = await send("Page.getLayoutMetrics", {}, sessionId);
    const size = m.cssContentSize || m.contentSize;
    const s = await send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true, clip: { x: 0, y: 0, width, height: Math.min(size.height, 4000), scale: 1 } }, sessionId);
    writeFileSync(join(shots, name), Buffer.from(s.data, "base64"));
  };
  const taskFile = (id) => {
    const dir = join(root, "tasks");
    const find = (d) => {
      for (const e of require_readdir(d)) {
        const p = join(d, e.name);
        if (e.isDirectory()) {
          const f = find(p);
          if (f) return f;
        } else if (e.name.startsWith(id + "-")) return p;
      }
      return null;
    };
    return find(dir);
  };

  // The printed URL: the token becomes a cookie; then the board.
  await viewport(1366, 900, false);
  await go(url);
  report.landed = await evaluate("location.pathname");
  await go("/board.html");
  report.board_cards = await evaluate("document.querySelectorAll('.card select.move').length");
  await shot("serve-board.png", 1366);
  if (shots) {
    const top = await send("Page.captureScreenshot", { format: "png", clip: { x: 0, y: 0, width: 1366, height: 760, scale: 1 } }, sessionId);
    writeFileSync(join(shots, "serve-board-top.png"), Buffer.from(top.data, "base64"));
  }

  // Move T-14 to review with its select, as the keyboard would.
  const t14 = taskFile("T-14");
  const moved = once("Page.loadEventFired", sessionId, 10000);
  await evaluate(`(() => { const s = document.querySelector('.card[data-id="T-14"] select.move'); s.value = 'review'; s.dispatchEvent(new Event('change')); })()`);
  await moved;
  await sleep(300);
  report.moved_file = /\nstatus: review\n/.test(readFileSync(t14, "utf8"));
  report.moved_page = await evaluate(`document.querySelector('.card[data-id="T-14"]')?.closest('.column')?.dataset.status`);

  // An estimate that is not one: the findings on the page, nothing written.
  const before = readFileSync(t14, "utf8");
  await go("/task/T-14");
  await evaluate(`(() => { const f = document.getElementById('task-form'); f.elements.estimate.value = 'lots'; f.requestSubmit(); })()`);
  await sleep(1500);
  report.refused_text = await evaluate("document.getElementById('diagnostics').textContent");
  report.refused_unchanged = readFileSync(t14, "utf8") === before;
  await shot("serve-refused.png", 1366);

  // A file changed on disk: the open page shows it.
  const t20 = taskFile("T-20");
  await go("/task/T-20");
  const reloaded = once("Page.loadEventFired", sessionId, 5000);
  const started = Date.now();
  writeFileSync(t20, readFileSync(t20, "utf8").replace(/^title: .*$/m, "title: Renamed on disk"));
  await reloaded;
  report.reload_ms = Date.now() - started;
  await sleep(200);
  report.reloaded_title = await evaluate("document.querySelector('h1 .muted').textContent");

  // At 390 px: nothing wider than the screen outside a scroll box; chart text 11 px up.
  await viewport(390, 844, true);
  report.phone = [];
  for (const page of ["/index.html", "/website.html", "/people.html", "/board.html", "/actions.html", "/decisions.html", "/task/T-14", "/meeting/2026-11-23-weekly-sync"]) {
    await go(page);
    report.phone.push({
      page,
      ...(await evaluate(`(() => {
        const vw = document.documentElement.clientWidth;
        const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const s = getComputedStyle(p); if (s.overflowX === 'auto' || s.overflowX === 'scroll') return true; } return false; };
        const overflow = [];
        for (const el of document.body.querySelectorAll('*')) {
          if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
          const r = el.getBoundingClientRect();
          if (r.width && r.height && (r.right > vw + 1 || r.left < -1) && !scrolls(el)) overflow.push(el.tagName + ' ' + (el.textContent || '').trim().slice(0, 30));
        }
        let smallest = null;
        for (const t of document.querySelectorAll('svg text')) {
          const ctm = t.getScreenCTM();
          if (!ctm || !t.textContent.trim()) continue;
          const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
          if (smallest === null || px < smallest) smallest = px;
        }
        return { overflow: overflow.slice(0, 5), smallest_chart_text: smallest, scroll_width: document.documentElement.scrollWidth, viewport: vw };
      })()`)),
    });
    await shot(`serve-${page.replace(/[^a-z0-9-]/gi, "_")}-phone.png`, 390);
  }

  // Without the token: 403.
  report.no_token = (await fetch(origin + "/index.html")).status;
  report.foreign_origin = (
    await fetch(origin + "/api/tasks/T-14", { method: "PATCH", headers: { Origin: "http://evil.example", Cookie: "x=1" }, body: "{}" })
  ).status;
  return report;
}

function require_readdir(d) {
  return readdirSync(d, { withFileTypes: true });
}

const timer = setTimeout(() => {
  console.error("serve check timed out\n" + stderr().slice(-2000));
  stop();
  process.exit(3);
}, 120000);
main()
  .then((report) => {
    clearTimeout(timer);
    process.stdout.write(JSON.stringify(report) + "\n");
    stop();
    process.exit(0);
  })
  .catch((e) => {
    clearTimeout(timer);
    console.error(String(e.stack || e) + "\n" + stderr().slice(-2000));
    stop();
    process.exit(2);
  });
