// Rep app benchmark (results go to BENCHMARKS.md): the app's download size; time from
// navigation to an interactive visit form, offline, with the CPU throttled 4×; time to save
// a visit to IndexedDB; time to open the app with this device's data. Prints JSON.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { BASE, launch, phoneContext, signIn, synced, controlled } from "./lib.mjs";

const RUNS = Number(process.env.ROUNDS_BENCH_RUNS ?? 9);
const dist = process.env.ROUNDS_DIST;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};
const summary = (xs) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100), runs: xs.length });

const sizes = {};
if (dist) {
  for (const f of readdirSync(dist)) {
    if (!/\.(wasm|js|css|html|webmanifest)$/.test(f)) continue;
    const bytes = readFileSync(join(dist, f));
    const kind = f.endsWith(".wasm") ? "wasm" : "other";
    sizes[kind] ??= { raw: 0, gzip: 0 };
    sizes[kind].raw += bytes.length;
    sizes[kind].gzip += gzipSync(bytes, { level: 9 }).length;
  }
}

const browser = await launch();
const context = await phoneContext(browser);
let page = await context.newPage();
let started = Date.now();
await signIn(page, process.env.ROUNDS_BENCH_USER ?? "zhangwei");
await controlled(page);
await synced(page, 600000);
const firstSync = Date.now() - started;
const held = await page.evaluate(async () => {
  const dbs = await indexedDB.databases();
  return dbs.map((d) => d.name);
});
await page.close();
await context.setOffline(true);

// Opening the app with no network: navigation to the ready mark (documents loaded and
// decoded, first screen drawn), and to the accounts list complete.
const open = [];
const drawn = [];
for (let i = 0; i < RUNS; i++) {
  page = await context.newPage();
  await page.goto(BASE + "/accounts");
  await page.waitForSelector("[data-testid=account-list] li");
  await page.waitForFunction(() => performance.getEntriesByName("rounds:views").length > 0);
  // Every hospital's records readable (the documents themselves keep loading behind).
  open.push(await page.evaluate(() => performance.getEntriesByName("rounds:views")[0].startTime));
  drawn.push(await page.evaluate(() => performance.getEntriesByName("rounds:ready")[0]?.startTime ?? NaN));
  await page.close();
}

// The visit form, offline, CPU throttled 4×: navigation to the hospital list filled in.
const interactive = [];
const phases = { start: [], ready: [] };
for (let i = 0; i < RUNS; i++) {
  page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto(BASE + "/visit");
  await page.waitForSelector("select[name=account] option:nth-child(2)", { state: "attached" });
  interactive.push(await page.evaluate(() => performance.now()));
  for (const phase of Object.keys(phases)) {
    phases[phase].push(await page.evaluate((p) => performance.getEntriesByName(`rounds:${p}`)[0]?.startTime ?? NaN, phase));
  }
  await page.close();
}

// Saving visits (tap to committed in IndexedDB, measured in the app), unthrottled.
page = await context.newPage();
await page.goto(BASE + "/visit");
await page.waitForSelector("select[name=account] option:nth-child(2)", { state: "attached" });
const saves = [];
for (let i = 1; i <= RUNS * 3; i++) {
  await page.fill("input[name=purpose]", `基准拜访 ${i}`);
  await page.click("form.visit-form button[type=submit]");
  await page.waitForSelector(`[data-testid=visit-form][data-saved="${i}"]`);
  saves.push(Number(await page.getAttribute("[data-testid=visit-form]", "data-save-ms")));
}
const counts = await page.evaluate(() => ({ accounts: document.querySelectorAll("select[name=account] option").length - 1 }));
await browser.close();

console.log(
  JSON.stringify({
    sizes,
    device: { accounts: counts.accounts, stores: held.length },
    first_sync_ms: firstSync,
    open_offline_ms: summary(open),
    first_screen_offline_ms: summary(drawn),
    visit_form_interactive_4x_ms: summary(interactive),
    // Of which: until the WebAssembly module runs, and until the documents are open.
    visit_form_4x_wasm_started_ms: summary(phases.start),
    visit_form_4x_app_ready_ms: summary(phases.ready),
    save_visit_ms: summary(saves),
  }),
);
