// A hand-off notice between two browsers: the rep, offline on a phone, issues a shipping
// notice from a hospital and syncs; the warehouse, on a laptop, finds it in the inbox,
// accepts it and answers "缺货 · 需要帮助: 跟医院协商" with a new date; the rep's phone
// shows the receipt and the help request, on the notice and on 今日; the manager's
// dashboard counts it as the API does. Saves the inbox and the notice at 360×740 and
// 1440×900.
import { BASE, addHospital, api, check, launch, login, shot, offlinePhone, signedInLaptop, synced } from "./lib.mjs";

const REP = "zhangwei";
const stamp = Date.now().toString(36);
const details = `雌二醇 十盒 ${stamp}`;
const day = (n) => {
  const d = new Date(Date.now() + n * 86400000);
  return d.toISOString().slice(0, 10);
};
const manager = await login("manager1");

const phoneBrowser = await launch();
const deskBrowser = await launch();
try {
  // Offline, from the rep's first hospital.
  const { context, page } = await offlinePhone(phoneBrowser, REP);
  await page.goto(BASE + "/accounts");
  await page.click("[data-testid=account-list] li a >> nth=0");
  await page.waitForSelector("[data-testid=hospital-notices]");
  const accountHref = new URL(page.url()).pathname;
  const hospital = (await page.textContent("h2.title")).trim();
  await page.click("[data-testid=issue-notice]");
  await page.click("form.notice-form button[data-kind=ship]");
  check((await page.inputValue("form.notice-form select[name=department]")) === "warehouse", "shipping goes to the warehouse");
  check((await page.inputValue("form.notice-form input[name=delivery]")) === "送达医院", "the template's delivery method");
  // Details are required.
  await page.click("form.notice-form button[type=submit]");
  await page.waitForSelector("form.notice-form [role=alert]:has-text('业务详情')");
  await page.fill("form.notice-form textarea[name=details]", details);
  await page.fill("form.notice-form input[name=due]", day(3));
  await page.fill("form.notice-form input[name=contact]", "设备科 王老师");
  await page.click("form.notice-form button[type=submit]");
  const row = page.locator(`[data-testid=hospital-notices] [data-testid=notice-row]:has-text("${stamp}")`);
  await row.waitFor();
  check((await row.getAttribute("data-status")) === "new", "issued offline: new");
  const href = await row.locator("a").getAttribute("href");
  const id = href.split("/").pop();
  await context.setOffline(false);
  await synced(page, 60000);

  // The warehouse, on a laptop: the inbox has it under 新通知.
  const { page: desk } = await signedInLaptop(deskBrowser, "kufang");
  const inbox = desk.locator(`[data-testid=notice-list] [data-testid=notice-row]:has-text("${stamp}")`);
  await desk.click("[data-tab=new]");
  await inbox.waitFor({ timeout: 60000 });
  check((await desk.textContent("h2.title")).includes("收件箱"), "the warehouse lands on its inbox");
  await shot(desk, "dashboard-notice-inbox");
  await desk.setViewportSize({ width: 360, height: 740 });
  await shot(desk, "phone-notice-inbox");
  await desk.setViewportSize({ width: 1440, height: 900 });

  // Open, accept, answer.
  await inbox.locator("a").click();
  await desk.waitForSelector(`[data-testid=notice][data-status=new]`);
  check((await desk.textContent("[data-testid=notice] dl.facts")).includes("设备科 王老师"), "the contact travels with the notice");
  check((await desk.textContent("[data-testid=notice] h2.title")).includes(hospital), "so does the hospital's name");
  await desk.click("[data-testid=accept]");
  await desk.waitForSelector(`[data-testid=notice][data-status=in_progress]`);
  await desk.waitForSelector("[data-testid=notice-history] li:has-text('已接收')");
  await desk.selectOption("form.receipt-form select[name=outcome]", "cannot_do");
  await desk.fill("form.receipt-form input[name=reason]", "缺货");
  await desk.fill("form.receipt-form input[name=help]", "跟医院协商");
  await desk.fill("form.receipt-form input[name=new_due]", day(6));
  await desk.click("[data-testid=send-receipt]");
  await desk.waitForSelector(`[data-testid=notice][data-status=blocked][data-help=true]`);
  await synced(desk, 60000);
  await shot(desk, "dashboard-notice");
  await desk.setViewportSize({ width: 360, height: 740 });
  await shot(desk, "phone-notice");

  // The warehouse syncs no hospital document, and the server says so.
  const kufang = await login("kufang");
  const res = await fetch(BASE + "/api/v1/accounts", { headers: { authorization: `Bearer ${kufang.token}` } });
  check(res.status === 403, `the warehouse reads no hospital list: ${res.status}`);

  // The rep's phone: the receipt, the help request, and 今日's count.
  await page.goto(BASE + href);
  await page.waitForSelector("[data-testid=notice][data-status=blocked][data-help=true]", { timeout: 60000 });
  const help = await page.textContent("[data-testid=help-asked]");
  check(help.includes("缺货") && help.includes("跟医院协商"), `the help request: ${help}`);
  const history = await page.textContent("[data-testid=notice-history]");
  check(history.includes("周库管") && history.includes("已接收") && history.includes("无法完成"), `who did what: ${history}`);
  await shot(page, "phone-notice-help");
  await page.goto(BASE + "/");
  await page.waitForSelector(`[data-testid=notice-summary] [data-testid=notice-row]:has-text("${stamp}") [data-testid=help]`);

  // The manager: the API and the dashboard agree.
  const report = await api(manager.token, "/api/v1/notices?status=help");
  const item = report.notices.find((n) => n.id === id);
  check(item && item.help_needed === "跟医院协商" && item.status === "blocked", `the manager's API: ${JSON.stringify(item)}`);
  const open = await api(manager.token, "/api/v1/notices");
  const { page: mgr } = await signedInLaptop(deskBrowser, "manager1");
  await mgr.goto(BASE + "/team/notices");
  const totals = mgr.locator("[data-testid=notice-totals]");
  await totals.waitFor();
  check(
    Number(await totals.getAttribute("data-open")) === open.all.open && Number(await totals.getAttribute("data-overdue")) === open.all.overdue,
    `the dashboard's counts are the API's: ${await totals.textContent()} / ${JSON.stringify(open.all)}`,
  );
  await mgr.waitForSelector(`[data-testid=team-notice][data-id="${id}"]`);
  await shot(mgr, "dashboard-team-notices");
  // The rep signs a deal at the hospital (赢取承诺: signed, awaiting payment)...
  const title = `回款项目 ${stamp}`;
  await page.goto(BASE + accountHref);
  await page.click("button:has-text('新建商机')");
  await page.fill("form:has(input[inputmode=decimal]) label:nth-of-type(1) input", title);
  await page.fill("form:has(input[inputmode=decimal]) input[inputmode=decimal]", "120000");
  await page.click("form:has(input[inputmode=decimal]) button[type=submit]");
  await page.waitForSelector("select[name=stage]");
  await page.selectOption("select[name=stage]", "win_commitment");
  await page.click("div.move button");
  // From the deal's own screen, a notice serves that deal.
  const dealId = new URL(page.url()).pathname.split("/").pop();
  await page.click("[data-testid=issue-notice]");
  await page.click("form.notice-form button[data-kind=install]");
  check((await page.inputValue("form.notice-form select[name=deal]")) === dealId, "the deal is chosen");
  check((await page.inputValue("form.notice-form select[name=department]")) === "service", "installing goes to the engineers");
  await page.fill("form.notice-form textarea[name=details]", `安装 ${stamp}`);
  await page.click("form.notice-form button[type=submit]");
  await page.waitForSelector(`[data-testid=hospital-notices] [data-testid=notice-row]:has-text("安装 ${stamp}")`);
  await synced(page, 60000);
  const installs = await api(manager.token, "/api/v1/notices?department=service");
  check(installs.notices.some((n) => n.details === `安装 ${stamp}`), "the engineers' notice reached the server");
  // ...and finance chases its payment with the rep, from the collection list.
  const caiwu = await login("caiwu");
  const owed = await api(caiwu.token, "/api/v1/collections");
  const repUser = (await login(REP)).user;
  const mine = owed.reps.find((r) => r.rep === repUser.id);
  const deal = mine && mine.hospitals.flatMap((h) => h.deals).find((d) => d.title === title);
  check(deal, `the signed deal is on finance's list: ${JSON.stringify(mine)}`);
  const { page: finance } = await signedInLaptop(deskBrowser, "caiwu");
  await finance.goto(BASE + "/team/collections");
  await finance.click(`[data-testid=receivable][data-opportunity="${deal.opportunity}"] [data-testid=chase]`);
  await finance.waitForSelector(`[data-testid=receivable][data-opportunity="${deal.opportunity}"] [data-testid=chased]`);
  await synced(finance, 60000);
  // The rep finds it on 今日, to answer, and answers it.
  await page.goto(BASE + "/");
  const chase = page.locator(`[data-testid=notice-summary] [data-testid=notice-row]:has-text("${deal.title}")`);
  await chase.waitFor({ timeout: 60000 });
  await chase.locator("a").click();
  await page.waitForSelector("[data-testid=send-receipt]");
  await page.selectOption("form.receipt-form select[name=outcome]", "done");
  await page.click("[data-testid=send-receipt]");
  await page.waitForSelector("[data-testid=notice][data-status=done]");
  await synced(page, 60000);
  const done = await api(manager.token, "/api/v1/notices?status=done&department=finance");
  check(done.notices.some((n) => n.details.includes(deal.title) && n.to === mine.rep), `the chase is done: ${JSON.stringify(done.notices)}`);
  // A document made while online goes out at once too (a hospital, like the chase above):
  // its first sync message is not lost to the one asked for after the save.
  const found = `在线新增医院 ${stamp}`;
  await addHospital(page, found);
  await synced(page, 30000);
  const listed = await api(manager.token, "/api/v1/accounts");
  check(listed.some((a) => a.name === found), "a hospital added online reached the server");
  console.log("notices e2e: ok");
} finally {
  await phoneBrowser.close();
  await deskBrowser.close();
}
