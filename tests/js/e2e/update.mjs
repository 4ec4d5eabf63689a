// A deploy reaches an installed app: the new version installs beside the running one, the
// app says "有新版本可用 · 重新加载", and the tap switches to the new version.
import { appendFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { check, controlled, launch, phoneContext, shot, signIn, synced } from "./lib.mjs";

const dir = process.env.ROUNDS_STATIC_DIR;
check(dir, "ROUNDS_STATIC_DIR names the served app");
const browser = await launch();
try {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await signIn(page, "zhangwei");
  await controlled(page);
  await synced(page);
  const cachesBefore = await page.evaluate(() => caches.keys());
  check((await page.locator(".banner.update").count()) === 0, "no prompt before a deploy");

  // Deploy: a new index.html (as a new build would have; a build also writes its
  // compressed copies afresh, which here are simply removed).
  appendFileSync(join(dir, "index.html"), "\n<!-- the next deploy -->\n");
  for (const copy of ["index.html.br", "index.html.gz"]) rmSync(join(dir, copy), { force: true });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.waitForSelector(".banner.update", { timeout: 30000 });
  await shot(page, "rep-update-prompt");

  await Promise.all([page.waitForEvent("load"), page.click(".banner.update button")]);
  await page.waitForSelector("[data-testid=sync-status]");
  await page.waitForFunction((before) => caches.keys().then((k) => k.length === 1 && k[0] !== before[0]), cachesBefore, {
    timeout: 30000,
  });
  const html = await page.evaluate(async () => (await caches.match("/index.html")).text());
  check(html.includes("the next deploy"), "the new version's shell is the one cached");
  check((await page.locator(".banner.update").count()) === 0, "no prompt once updated");
  console.log("update e2e: ok");
} finally {
  await browser.close();
}
