// The administration console in a real browser, against a fresh server with a small demo
// organisation (one server, one browser for every step):
//  1. An admin imports a 300-row .xlsx with 3 bad rows: the dry run lists exactly those 3
//     with their reasons and saves nothing; the fixed sheet imports every row; the
//     hospitals reach their owner's phone.
//  2. An admin creates a rep, who signs in with the one-time password, must choose their
//     own, and sees the hospitals handed to them.
//  3. All of a rep's hospitals are handed over while that rep's phone holds an unsynced
//     offline visit: after both sync the new owner has the hospitals with the visit, and
//     the first rep none of them.
//  4. The admin disables a rep whose phone is open: the phone is signed out within seconds
//     and the documents are gone from its IndexedDB.
// Screenshots of every admin screen at 1440 × 900 in zh-CN.
import { readFileSync } from "node:fs";
import {
  BASE, PASSWORD, api, check, launch, login, phoneContext, shot, signedInPhone, synced,
} from "./lib.mjs";

const BAD_SHEET = process.env.ROUNDS_SHEET_BAD;
const GOOD_SHEET = process.env.ROUNDS_SHEET_GOOD;
check(BAD_SHEET && GOOD_SHEET, "the test passes the sheets' paths");
const IMPORTED = 300;
const DESKTOP = { width: 1440, height: 900 };

const admin = await login("admin");
const accountsOf = async (username) =>
  (await api(admin.token, `/api/v1/accounts?owner=${username}`)).map((a) => a.name);

/** How many chunks the phone's IndexedDB holds, over every database. */
async function chunksOnDevice(page) {
  return page.evaluate(async () => {
    let n = 0;
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, err) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => err(r.error);
      });
      if ([...db.objectStoreNames].includes("chunks")) {
        n += await new Promise((ok, err) => {
          const r = db.transaction("chunks").objectStore("chunks").count();
          r.onsuccess = () => ok(r.result);
          r.onerror = () => err(r.error);
        });
      }
      db.close();
    }
    return n;
  });
}

async function openAdmin(page, slug) {
  await page.goto(`${BASE}/admin/${slug}`);
  await page.waitForSelector(`.admin-nav a.active[data-page=${slug}]`);
}

const browser = await launch();
try {
  // The admin, on a laptop.
  const desk = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const console_ = await desk.newPage();
  console_.on("pageerror", (e) => { console.error("console page error:", e.message); process.exitCode = 1; });
  console_.on("dialog", (d) => d.accept());
  console_.on("console", (m) => { if (m.type() === "error") console.error("console:", m.text()); });
  await console_.goto(BASE + "/");
  await console_.fill("input[name=username]", "admin");
  await console_.fill("input[name=password]", PASSWORD);
  await console_.click("form.login button[type=submit]");
  await console_.waitForSelector("[data-testid=sync-status]");

  // 1. Import. The dry run of the bad sheet: exactly its three bad rows, nothing saved.
  const before = (await api(admin.token, "/api/v1/accounts")).length;
  await openAdmin(console_, "hospitals");
  await console_.setInputFiles("[data-testid=import-file]", BAD_SHEET);
  await console_.click("[data-testid=import-dry-run]");
  await console_.waitForSelector("[data-testid=import-summary]");
  const summary = await console_.$eval("[data-testid=import-summary]", (e) => ({ ...e.dataset }));
  check(summary.errors === "3" && summary.committed === "false", `dry run: ${JSON.stringify(summary)}`);
  const errors = await console_.$$eval("[data-testid=import-rows] tr[data-outcome=error]", (rows) =>
    rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)));
  check(errors.length === 3, `three error rows: ${JSON.stringify(errors)}`);
  check(errors[0][0] === "51" && errors[0][3] === "负责人" && errors[0][4].includes("nobody"), `row 51: ${errors[0]}`);
  check(errors[1][0] === "120" && errors[1][3] === "等级" && errors[1][4].includes("四甲"), `row 120: ${errors[1]}`);
  check(errors[2][0] === "250" && errors[2][3] === "医院名称" && errors[2][4].includes("row 10"), `row 250: ${errors[2]}`);
  check((await console_.locator("[data-testid=import-commit]").count()) === 0, "no import button while rows have errors");
  check((await api(admin.token, "/api/v1/accounts")).length === before, "the dry run saved nothing");
  await shot(console_, "admin-hospitals-dry-run");

  // The fixed sheet: a dry run, then the import.
  await console_.setInputFiles("[data-testid=import-file]", GOOD_SHEET);
  await console_.click("[data-testid=import-dry-run]");
  await console_.waitForSelector(`[data-testid=import-summary][data-errors="0"][data-new="${IMPORTED}"]`);
  await console_.click("[data-testid=import-commit]");
  await console_.waitForSelector("[data-testid=import-summary][data-committed=true]", { timeout: 60000 });
  check((await api(admin.token, "/api/v1/accounts")).length === before + IMPORTED, "every row imported");
  await shot(console_, "admin-hospitals");

  // The hospitals reach their owner's phone.
  const zhang = await signedInPhone(browser, "zhangwei");
  zhang.page.on("console", (m) => { if (m.type() === "error") console.error("zhangwei console:", m.text()); });
  const owned = await accountsOf("zhangwei");
  await zhang.page.goto(BASE + "/accounts");
  await zhang.page.waitForFunction(
    (n) => document.querySelectorAll("[data-testid=account-list] a").length >= n, owned.length, { timeout: 60000 });
  const onPhone = await zhang.page.$$eval("[data-testid=account-list] a", (as) => as.map((a) => a.textContent).join("\n"));
  check(onPhone.includes("导入医院000") && onPhone.includes("导入医院298") && !onPhone.includes("导入医院001"), "imported hospitals on the owner's phone");

  // 2. A new rep, with a one-time password.
  await openAdmin(console_, "people");
  await console_.fill("[data-testid=new-person] input[name=username]", "xiaoli");
  await console_.fill("[data-testid=new-person] input[name=display_name]", "小李");
  await console_.selectOption("[data-testid=new-person] select[name=role]", "rep");
  const team = (await api(admin.token, "/api/v1/teams"))[0].name;
  await console_.selectOption("[data-testid=new-person] select[name=team]", team);
  await console_.click("[data-testid=new-person] button[type=submit]");
  const otp = (await console_.textContent("[data-testid=one-time-password]", { timeout: 15000 })).trim();
  check(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(otp), `a one-time password: ${otp}`);
  await shot(console_, "admin-people");

  // 3. All of zhangwei's hospitals go to xiaoli while zhangwei's phone has an offline visit.
  await zhang.context.setOffline(true);
  await zhang.page.reload();
  await zhang.page.waitForSelector("[data-testid=sync-status][data-link=offline]");
  const firstPath = await zhang.page.$eval("[data-testid=account-list] a", (a) => a.getAttribute("href"));
  const purpose = `交接前的离线拜访 ${Date.now().toString(36)}`;
  await zhang.page.goto(BASE + firstPath + "/visit");
  await zhang.page.waitForSelector("[data-testid=visit-form]");
  await zhang.page.fill("input[name=purpose]", purpose);
  await zhang.page.fill("textarea[name=content]", "离开前最后一次拜访。");
  await zhang.page.click("form.visit-form button[type=submit]");
  await zhang.page.waitForSelector(`[data-testid=visit-form][data-saved="1"] [data-testid=saved]`);

  await openAdmin(console_, "handover");
  await console_.selectOption("[data-testid=handover-from]", "zhangwei");
  await console_.waitForSelector(`[data-testid=handover-count]:has-text("${owned.length} / ${owned.length}")`);
  await console_.selectOption("[data-testid=handover-to]", "xiaoli");
  await shot(console_, "admin-handover");
  await console_.click("[data-testid=handover-go]");
  await console_.waitForSelector(`[data-testid=outcome]:has-text("${owned.length}")`, { timeout: 120000 });
  check((await accountsOf("zhangwei")).length === 0, "zhangwei owns nothing now");
  check((await accountsOf("xiaoli")).length === owned.length, "xiaoli owns them all");

  // zhangwei's phone comes back online: the visit is delivered, then every account leaves.
  await zhang.context.setOffline(false);
  await zhang.page.goto(BASE + "/accounts");
  await synced(zhang.page, 120000);
  await zhang.page.waitForFunction(() => !document.querySelector("[data-testid=account-list] a"), null, { timeout: 120000 });

  // xiaoli signs in with the one-time password, must choose their own, and sees the
  // hospitals, the offline visit among their history.
  const li = await phoneContext(browser);
  const liPage = await li.newPage();
  liPage.on("pageerror", (e) => { console.error("page error:", e.message); process.exitCode = 1; });
  await liPage.goto(BASE + "/");
  await liPage.fill("input[name=username]", "xiaoli");
  await liPage.fill("input[name=password]", otp);
  await liPage.click("form.login button[type=submit]");
  await liPage.waitForSelector("[data-testid=choose-password]");
  await liPage.fill("[data-testid=choose-password] input[name=current]", otp);
  await liPage.fill("[data-testid=choose-password] input[name=new]", "xiaoli-own-secret");
  await liPage.fill("[data-testid=choose-password] input[name=again]", "xiaoli-own-secret");
  await liPage.click("[data-testid=choose-password] button[type=submit]");
  await liPage.waitForSelector("[data-testid=sync-status]");
  await synced(liPage, 120000);
  await liPage.goto(BASE + "/accounts");
  await liPage.waitForFunction(
    (n) => document.querySelectorAll("[data-testid=account-list] a").length >= n, owned.length, { timeout: 60000 });
  const liSession = await (await fetch(BASE + "/api/v1/session", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "xiaoli", password: "xiaoli-own-secret", bearer: true }),
  })).json();
  const feed = await api(liSession.token, "/api/v1/visits?limit=500");
  check(feed.items.some((v) => v.purpose === purpose), "the visit logged offline before the hand-over reached the new owner");
  await liPage.goto(BASE + firstPath);
  await liPage.waitForSelector(`text=${purpose}`, { timeout: 30000 });

  // 4. Disable wangfang while her phone is open.
  const wang = await signedInPhone(browser, "wangfang");
  wang.page.on("console", (m) => console.error("wangfang console:", m.type(), m.text()));
  check((await chunksOnDevice(wang.page)) > 0, "wangfang's phone holds documents");
  await openAdmin(console_, "people");
  const disabledAt = Date.now();
  await console_.click("tr[data-user=wangfang] button[data-action=toggle]");
  await console_.waitForSelector("tr[data-user=wangfang].disabled");
  await wang.page.waitForSelector("[data-testid=account-disabled]", { timeout: 20000 });
  const seconds = (Date.now() - disabledAt) / 1000;
  check((await chunksOnDevice(wang.page)) === 0, "no document is left in the phone's IndexedDB");
  check(!(await wang.page.evaluate(() => localStorage.getItem("rounds.session"))), "the sign-in is forgotten");
  console.log(`disabled phone signed out and wiped in ${seconds.toFixed(1)} s`);

  // Every admin screen, zh-CN, 1440 × 900.
  await openAdmin(console_, "people");
  await console_.waitForSelector("tr[data-user=wangfang].disabled");
  await shot(console_, "admin-people");
  for (const slug of ["teams", "settings", "audit"]) {
    await openAdmin(console_, slug);
    await console_.waitForLoadState("networkidle");
    await shot(console_, `admin-${slug}`);
  }
  const log = await api(admin.token, "/api/v1/audit?limit=1000");
  const actions = new Set(log.items.map((e) => e.action));
  for (const a of ["accounts_imported", "user_created", "account_assigned", "user_disabled"]) {
    check(actions.has(a), `the audit log has ${a}`);
  }
  await openAdmin(console_, "audit");
  await console_.waitForSelector("[data-testid=audit] tr[data-action=user_disabled]");
  await shot(console_, "admin-audit");

  // A manager sees the people and hand-over screens for their own team only: no new
  // person, no disabling, no other administration screen.
  const mdesk = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const mpage = await mdesk.newPage();
  mpage.on("pageerror", (e) => { console.error("manager page error:", e.message); process.exitCode = 1; });
  await mpage.goto(BASE + "/");
  await mpage.fill("input[name=username]", "manager1");
  await mpage.fill("input[name=password]", PASSWORD);
  await mpage.click("form.login button[type=submit]");
  await mpage.waitForSelector("[data-testid=sync-status]");
  await openAdmin(mpage, "people");
  await mpage.waitForSelector("[data-testid=people] tr[data-user]");
  const managed = await mpage.$$eval("[data-testid=people] tr[data-user]", (rows) => rows.map((r) => r.dataset.user).sort());
  check(JSON.stringify(managed) === JSON.stringify(["wangfang", "xiaoli", "zhangwei"]), `the manager's reps: ${managed}`);
  check((await mpage.locator("[data-testid=new-person]").count()) === 0, "no new-person form for a manager");
  check((await mpage.locator("[data-action=toggle]").count()) === 0, "a manager cannot disable");
  const pages = await mpage.$$eval(".admin-nav a", (as) => as.map((a) => a.dataset.page));
  check(JSON.stringify(pages) === JSON.stringify(["people", "handover"]), `a manager's admin pages: ${pages}`);
  await mpage.goto(BASE + "/admin/audit");
  await mpage.waitForSelector("[data-testid=sync-status]");
  check((await mpage.locator(".admin-nav").count()) === 0, "the audit log is not a manager's");
  console.log("admin console e2e: ok");
} finally {
  await browser.close();
}
