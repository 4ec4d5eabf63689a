// Plan screen benchmark (results go to BENCHMARKS.md), offline with the CPU throttled 4×:
// from navigation to the week's plan with its suggestions drawn (the app's start, the
// device's store opened and the screen, each timed), the same from a tap on the plan tab
// with the app open, and ordering a day of 40
// hospitals by route (the time between the app's `rounds:route-start` and `-end` marks:
// nearest neighbour and 2-opt, and the list's signal set; the browser paints after).
// Prints JSON.
import { BASE, controlled, launch, phoneContext, signIn, synced } from "./lib.mjs";

const RUNS = Number(process.env.ROUNDS_BENCH_RUNS ?? 9);
const STOPS = 40;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};
const summary = (xs) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100), runs: xs.length });
const throttled = async (context, page) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
};

const browser = await launch();
const context = await phoneContext(browser);
let page = await context.newPage();
await signIn(page, process.env.ROUNDS_BENCH_USER ?? "zhangwei");
await controlled(page);
await synced(page, 600000);
await page.close();
await context.setOffline(true);

const open = [];
// Where the time goes: the app's start (wasm fetched and instantiated), the device's store
// opened (signed in), the first screen drawn.
const phases = { start: [], ready: [], views: [] };
for (let i = 0; i < RUNS; i++) {
  page = await context.newPage();
  await throttled(context, page);
  await page.goto(BASE + "/plan");
  await page.waitForSelector("[data-testid=suggestion]");
  const t = await page.evaluate(() => {
    const at = (n) => performance.getEntriesByName(n).at(0)?.startTime ?? NaN;
    return { now: performance.now(), start: at("rounds:start"), ready: at("rounds:ready") };
  });
  // Every hospital's cached view read (usually after the suggestions are drawn).
  await page.waitForFunction(() => performance.getEntriesByName("rounds:views").length > 0);
  t.views = await page.evaluate(() => performance.getEntriesByName("rounds:views")[0].startTime);
  phases.views.push(t.views);
  open.push(t.now);
  phases.start.push(t.start);
  phases.ready.push(t.ready);
  await page.close();
}

// With ROUNDS_BENCH_PROFILE=1, one more load under the CPU profiler: self time by function
// (wasm functions by index unless the build keeps names), to see where the time goes.
if (process.env.ROUNDS_BENCH_PROFILE) {
  page = await context.newPage();
  await throttled(context, page);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await page.goto(BASE + "/plan");
  await page.waitForSelector("[data-testid=suggestion]");
  const { profile } = await cdp.send("Profiler.stop");
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [k, ms] of top) console.error(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
  await page.close();
}

// The app open (every hospital read): from a tap on the plan tab, on 今日, to the week's
// plan with its suggestions drawn.
page = await context.newPage();
await page.goto(BASE + "/");
await page.waitForFunction(() => performance.getEntriesByName("rounds:views").length > 0);
await throttled(context, page);
const tab = [];
for (let i = 0; i < RUNS; i++) {
  await page.click("nav.tabs a[href='/']");
  await page.waitForSelector("[data-testid=daily-summary]");
  const t0 = await page.evaluate(() => performance.now());
  await page.click("nav.tabs a[href='/plan']");
  await page.waitForSelector("[data-testid=suggestion]");
  tab.push((await page.evaluate(() => performance.now())) - t0);
}
await page.close();

page = await context.newPage();
await page.goto(BASE + "/plan");
await page.waitForFunction(() => performance.getEntriesByName("rounds:views").length > 0);
await page.waitForSelector("[data-testid=suggestion]");
const ids = await page.$$eval("div.form.inline select option", (os) => os.map((o) => o.value).filter(Boolean));
for (const id of ids.slice(0, STOPS)) {
  await page.selectOption("div.form.inline select", id);
  await page.click("div.form.inline button");
}
const today = await page.inputValue("div.form.inline input[type=date]");
const planned = await page.$$eval(`[data-testid=planned-visit][data-day="${today}"]`, (v) => v.length);
await throttled(context, page);
const route = [];
for (let i = 0; i < RUNS; i++) {
  // Shuffle the day by hand-moves so each run orders from a different first stop.
  await page.click(`[data-testid=planned-visit][data-day="${today}"] >> nth=${(i % (planned - 1)) + 1} >> button:has-text('上移')`);
  await page.click("[data-testid=route-order]");
  route.push(
    await page.evaluate(() => {
      const at = (n) => performance.getEntriesByName(n).at(-1).startTime;
      return at("rounds:route-end") - at("rounds:route-start");
    }),
  );
}
await browser.close();
console.log(JSON.stringify({
  accounts: ids.length,
  stops: planned,
  plan_screen_ms: summary(open),
  app_start_ms: summary(phases.start),
  store_open_ms: summary(phases.ready),
  all_views_ms: summary(phases.views),
  plan_tab_ms: summary(tab),
  route_ms: summary(route),
}));
