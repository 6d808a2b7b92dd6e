// The DevTools protocol over a pipe to Debian's chromium, headless: what check.mjs and
// serve.mjs drive the browser with (no npm packages, no network).

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

/// Starts chromium; returns `send(method, params, sessionId)`, `once(method, sessionId,
/// timeoutMs)`, the event `listeners`, the browser's `stderr()` and `stop()`.
export function launch(chromium) {
  const profile = mkdtempSync(join(tmpdir(), "cairn-chromium-"));
  const browser = spawn(
    chromium,
    [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--disable-extensions",
      "--hide-scrollbars",
      "--force-color-profile=srgb",
      `--user-data-dir=${profile}`,
      "--remote-debugging-pipe",
    ],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  browser.stdio[2].on("data", (d) => (stderr += d));
  const toBrowser = browser.stdio[3];
  const fromBrowser = browser.stdio[4];

  let nextId = 1;
  const waiting = new Map();
  const listeners = [];
  let buffer = "";
  fromBrowser.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let at;
    while ((at = buffer.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buffer.slice(0, at));
      buffer = buffer.slice(at + 1);
      if (msg.id && waiting.has(msg.id)) {
        const { ok, fail } = waiting.get(msg.id);
        waiting.delete(msg.id);
        msg.error ? fail(new Error(JSON.stringify(msg.error))) : ok(msg.result);
      } else if (msg.method) {
        for (const l of listeners) l(msg);
      }
    }
  });

  function send(method, params = {}, sessionId) {
    const id = nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    toBrowser.write(JSON.stringify(msg) + "\0");
    return new Promise((ok, fail) => waiting.set(id, { ok, fail }));
  }

  function once(method, sessionId, timeoutMs = 30000) {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`timed out waiting for ${method}`)), timeoutMs);
      const l = (m) => {
        if (m.method === method && m.sessionId === sessionId) {
          clearTimeout(timer);
          listeners.splice(listeners.indexOf(l), 1);
          ok(m.params);
        }
      };
      listeners.push(l);
    });
  }

  const stop = () => {
    browser.kill("SIGKILL");
    // The browser may still be writing its profile as it dies: best effort.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    } catch {}
  };
  return { send, once, listeners, stderr: () => stderr, stop };
}
