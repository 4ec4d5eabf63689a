// A rep signs in and, 2 s later, the phone kills the browser (nothing is flushed: the
// cookie jar is written on a timer, so the session cookie is usually lost). Reopened
// online, the app opens on the rep's data and syncs without asking for the password: the
// device credential, kept in IndexedDB with strict durability before the app said "signed
// in", resumes the session.
import {
  BASE,
  check,
  killBrowser,
  newProfile,
  persistentPhone,
  shot,
  signIn,
  synced,
} from "./lib.mjs";

const USER = "zhangwei";
const profile = newProfile();

let context = await persistentPhone(profile);
let page = context.pages()[0] ?? (await context.newPage());
await signIn(page, USER);
await page.waitForTimeout(2000);
killBrowser(profile);
await context.close().catch(() => {});

context = await persistentPhone(profile);
try {
  const cookies = await context.cookies(BASE);
  console.log(`after the kill the browser kept ${cookies.length} cookie(s) for the app`);
  page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  let asked = false;
  page.on("framenavigated", () => {});
  await page.goto(BASE + "/");
  // Wait for the app to settle: either the data screen or a request to sign in.
  await page.waitForSelector("[data-testid=sync-status], form.login", { timeout: 30000 });
  asked = (await page.$("form.login")) !== null;
  check(!asked, "the app asked for the password after the kill");
  await synced(page);
  check((await page.$("[data-testid=signed-out-why]")) === null, "a signed-out banner is shown");
  const me = await page.evaluate(async () => (await fetch("/api/v1/session")).status);
  check(me === 200, `the browser has a live session again (GET /session: ${me})`);
  check(errors.length === 0, `page errors: ${errors.join("; ")}`);
  await shot(page, "kill-after-sign-in");
  console.log("reopened after a kill 2 s after signing in: synced without a password");
} finally {
  await context.close();
}
