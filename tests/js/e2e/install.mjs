// (c) The app installs: a valid web manifest with PNG icons of the sizes it claims, a
// service worker that controls the page, Chromium reports no installability errors, and a
// reload with no network opens the app.
import { BASE, check, controlled, persistentPhone, shot } from "./lib.mjs";

const manifestRes = await fetch(BASE + "/manifest.webmanifest");
check(manifestRes.ok, "manifest served");
const manifest = await manifestRes.json();
check(manifest.name && manifest.short_name, "manifest has names");
check(manifest.start_url === "/" && manifest.display === "standalone", "starts at / as a standalone app");
for (const size of [192, 512]) {
  const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.type === "image/png");
  check(icon, `a ${size}px PNG icon is listed`);
  const bytes = new Uint8Array(await (await fetch(BASE + icon.src)).arrayBuffer());
  const view = new DataView(bytes.buffer);
  check(bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47, `${icon.src} is a PNG`);
  check(view.getUint32(16) === size && view.getUint32(20) === size, `${icon.src} is ${size}×${size}`);
}
const worker = await (await fetch(BASE + "/sw.js")).text();
check(!worker.includes("__ROUNDS_BUILD__"), "the service worker is stamped with its build");

const context = await persistentPhone();
try {
  const page = await context.newPage();
  await page.goto(BASE + "/");
  await controlled(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
  check(scope === BASE + "/", `the worker's scope is the whole app: ${scope}`);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  check(installabilityErrors.length === 0, `installable: ${JSON.stringify(installabilityErrors)}`);
  const { errors } = await cdp.send("Page.getAppManifest");
  check(errors.length === 0, `manifest parses without errors: ${JSON.stringify(errors)}`);

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("form.login");
  await shot(page, "rep-sign-in");
  console.log("install e2e: ok");
} finally {
  await context.close();
}
