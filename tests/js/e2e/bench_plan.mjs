// Plan screen benchmark (results go to BENCHMARKS.md), offline with the CPU throttled 4×:
// from navigation to the week's plan with its suggestions drawn, and ordering a day of 40
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
for (let i = 0; i < RUNS; i++) {
  page = await context.newPage();
  await throttled(context, page);
  await page.goto(BASE + "/plan");
  await page.waitForSelector("[data-testid=suggestion]");
  open.push(await page.evaluate(() => performance.now()));
  await page.close();
}

page = await context.newPage();
await page.goto(BASE + "/plan");
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
console.log(JSON.stringify({ accounts: ids.length, stops: planned, plan_screen_ms: summary(open), route_ms: summary(route) }));
