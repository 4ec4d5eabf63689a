// A hand-over loses nothing: a rep logs a visit with no network; meanwhile an admin gives
// the hospital to another rep of the team. When the phone is back online, the visit reaches
// the account (the new owner sees it, with the first rep as its author) and the account
// disappears from the first rep's phone, also after a reload.
import { stringifyAutomergeUrl } from "@automerge/automerge-repo";
import { BASE, api, check, launch, login, signedInPhone, synced } from "./lib.mjs";

const REP = "zhangwei";
const stamp = Date.now().toString(36);

const admin = await login("admin");
const rep = await login(REP);
const teams = await api(admin.token, "/api/v1/teams");
const team = teams.find((t) => t.members.includes(REP));
const heir = team.members.find((m) => m !== REP);
check(heir, "another rep in the team to hand over to");

/** Whether any chunk of document `id` is in the phone's IndexedDB. */
async function onDevice(page, id) {
  return page.evaluate(async (id) => {
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, err) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => err(r.error);
      });
      if (![...db.objectStoreNames].includes("chunks")) continue;
      const keys = await new Promise((ok, err) => {
        const r = db.transaction("chunks").objectStore("chunks").getAllKeys();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => err(r.error);
      });
      if (keys.some((k) => JSON.stringify(k).includes(id))) return true;
    }
    return false;
  }, id);
}

const browser = await launch();
try {
  const { context, page } = await signedInPhone(browser, REP);
  await page.click("nav.tabs a[href='/accounts']");
  await page.waitForSelector("[data-testid=account-list] a");
  const accountPath = await page.$eval("[data-testid=account-list] a", (a) => a.getAttribute("href"));
  const accountId = accountPath.split("/").pop();
  // The account's document id as the phone stores it (the same UUID, in the protocol's form).
  const uuidBytes = Uint8Array.from(accountId.replaceAll("-", "").match(/../g).map((h) => parseInt(h, 16)));
  const documentId = stringifyAutomergeUrl({ documentId: uuidBytes }).replace("automerge:", "");

  check(await onDevice(page, documentId), "the account's chunks are in IndexedDB before");

  // In the basement: a visit, saved on the phone.
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("[data-testid=sync-status][data-link=offline]");
  const purpose = `交接前的离线拜访 ${stamp}`;
  await page.goto(BASE + accountPath + "/visit");
  await page.waitForSelector("[data-testid=visit-form]");
  await page.fill("input[name=purpose]", purpose);
  await page.fill("textarea[name=content]", "设备科长同意下周试用。");
  await page.click("form.visit-form button[type=submit]");
  await page.waitForSelector(`[data-testid=visit-form][data-saved="1"] [data-testid=saved]`);

  // Meanwhile, the hospital is handed over.
  const res = await fetch(`${BASE}/api/v1/accounts/${accountId}/owner`, {
    method: "PUT",
    headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
    body: JSON.stringify({ owner: heir }),
  });
  check(res.ok, `hand-over: ${res.status} ${await res.text()}`);

  // Back online: the visit is delivered, then the account leaves the phone.
  await context.setOffline(false);
  await page.goto(BASE + "/accounts");
  await synced(page, 60000);
  await page.waitForFunction(
    (path) => !document.querySelector(`[data-testid=account-list] a[href='${path}']`),
    accountPath,
    { timeout: 60000 },
  );
  const heirSession = await login(heir);
  const feed = await api(heirSession.token, `/api/v1/visits?limit=200`);
  const delivered = feed.items.find((v) => v.purpose === purpose);
  check(delivered, "the new owner sees the visit logged offline before the hand-over");
  check(delivered.author_id === rep.user.id, "with the first rep as its author");
  check(delivered.account_id === accountId, "on the handed-over account");

  // Gone from the device, not just hidden: a reload does not bring it back.
  await page.reload();
  await page.waitForSelector("[data-testid=account-list] a");
  check(
    (await page.locator(`[data-testid=account-list] a[href='${accountPath}']`).count()) === 0,
    "the account stays gone after a reload",
  );
  check(!(await onDevice(page, documentId)), "no chunk of the account is left in IndexedDB");
  console.log("hand-over e2e: ok");
} finally {
  await browser.close();
}
