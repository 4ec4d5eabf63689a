// Dashboard benchmark: time from navigation to the team funnel drawn with fresh data from
// the server (not the copy kept on the device), for manager1 at 1440×900. Prints JSON.
import { BASE, PASSWORD, launch } from "./lib.mjs";

const RUNS = Number(process.env.ROUNDS_BENCH_RUNS ?? 9);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
};
const summary = (xs) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100), runs: xs.length });

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
let page = await context.newPage();
await page.goto(BASE + "/");
await page.fill("input[name=username]", "manager1");
await page.fill("input[name=password]", PASSWORD);
const started = Date.now();
await page.click("form.login button[type=submit]");
await page.waitForSelector("[data-testid=freshness][data-loading=false]", { timeout: 300000 });
const firstAfterSignIn = Date.now() - started;
await page.waitForSelector('[data-testid=sync-status][data-link=synced]', { timeout: 1800000 });
const firstSync = Date.now() - started;
// Then every document loaded into Automerge, decoded for the screens and confirmed by the
// sync protocol (the background work after the documents are stored).
await page.waitForSelector('[data-testid=sync-status][data-link=synced][data-settling="0"]', { timeout: 1800000 });
const settled = Date.now() - started;
await page.close();

const drawn = [];
const ready = [];
for (let i = 0; i < RUNS; i++) {
  page = await context.newPage();
  // Every run a different view, so the copy on the device never stands in for the answer.
  const q = ["", "period=month", "period=week", "level=3a", "level=2a", "period=month&level=3a"][i % 6];
  await page.goto(BASE + "/team" + (q ? "?" + q : ""));
  await page.waitForSelector("[data-testid=freshness][data-loading=false]", { timeout: 60000 });
  await page.waitForSelector("[data-testid=team-funnel] svg g");
  drawn.push(await page.evaluate(() => performance.now()));
  ready.push(await page.evaluate(() => performance.getEntriesByName("rounds:ready")[0]?.startTime ?? NaN));
  await page.close();
}
await browser.close();
console.log(JSON.stringify({ first_after_sign_in_ms: firstAfterSignIn, first_sync_ms: firstSync, settled_ms: settled, funnel_drawn_ms: summary(drawn), app_ready_ms: summary(ready) }));
