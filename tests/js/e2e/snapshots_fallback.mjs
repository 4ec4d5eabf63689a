// A first sync when the snapshot endpoint fails (an older server, a proxy that refuses
// it): the app falls back to the sync protocol and the rep still gets every hospital.
// Then, with snapshots working, a second phone of the same rep gets the same list through
// them.
import { BASE, api, check, launch, login, phoneContext, signIn, synced } from "./lib.mjs";

const USER = "wangfang";
const session = await login(USER);
const expected = (await api(session.token, "/api/v1/accounts/classes")).length;
check(expected >= 4, `the rep has enough hospitals for a snapshot fetch (${expected})`);

async function hospitalsOnPhone(refuseSnapshots) {
  const context = await phoneContext(browser);
  let asked = 0;
  await context.route("**/api/v1/sync/snapshots", (route) => {
    asked += 1;
    return refuseSnapshots ? route.fulfill({ status: 503, body: "" }) : route.continue();
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, USER);
  await synced(page, 60000);
  await page.waitForSelector('[data-testid=sync-status][data-settling="0"]', { timeout: 60000 });
  // The accounts screen reopens the app: it fills in from the device as the documents load.
  await page.goto(BASE + "/accounts");
  await page.waitForSelector('[data-testid=sync-status][data-settling="0"]', { timeout: 60000 });
  await page
    .waitForFunction((n) => document.querySelectorAll("[data-testid=account-list] li").length >= n, expected, {
      timeout: 20000,
    })
    .catch(() => {});
  const shown = await page.$$eval("[data-testid=account-list] li", (items) => items.length);
  check(errors.length === 0, `page errors: ${errors.join("; ")}`);
  await context.close();
  return { asked, shown };
}

const browser = await launch();
try {
  const refused = await hospitalsOnPhone(true);
  check(refused.asked >= 1, "the app asked for snapshots");
  check(refused.shown === expected, `with snapshots refused: ${refused.shown} of ${expected} hospitals`);
  const fetched = await hospitalsOnPhone(false);
  check(fetched.asked >= 1, "the app asked for snapshots");
  check(fetched.shown === expected, `with snapshots: ${fetched.shown} of ${expected} hospitals`);
  console.log(`${expected} hospitals both ways (snapshots refused, and fetched)`);
} finally {
  await browser.close();
}
