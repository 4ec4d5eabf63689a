// (a) A rep signs in, loses the network, reloads, logs three visits, adds a hospital and
// moves an opportunity's stage, closes the page, reopens it offline and finds everything; back
// online, the manager's funnel endpoint shows the move. Saves 360×740 zh-CN screenshots.
import { BASE, addHospital, api, check, controlled, launch, login, phoneContext, shot, signIn, synced } from "./lib.mjs";

const REP = "zhangwei";
const MANAGER = "manager1";
const stamp = Date.now().toString(36);

const manager = await login(MANAGER);
const rep = await login(REP);
const stageCount = async (stage) => {
  const f = await api(manager.token, `/api/v1/funnel?rep=${rep.user.id}`);
  return f.stages.find((s) => s.stage === stage)?.count ?? 0;
};

const browser = await launch();
try {
  const context = await phoneContext(browser);
  let page = await context.newPage();
  page.on("pageerror", (e) => {
    console.error("page error:", e.message);
    process.exitCode = 1; // a panic in the app fails the test
  });
  await signIn(page, REP);
  await controlled(page);
  await synced(page);
  await shot(page, "rep-today");

  // An account with an open opportunity, and the opportunity's next stage.
  await page.click("nav.tabs a[href='/accounts']");
  await page.waitForSelector("[data-testid=account-list] a");
  await shot(page, "rep-accounts");
  const accounts = await page.$$eval("[data-testid=account-list] a", (as) => as.map((a) => a.getAttribute("href")));
  let accountPath, oppPath;
  for (const path of accounts) {
    await page.click(`[data-testid=account-list] a[href='${path}']`);
    await page.waitForSelector("section.card");
    const opps = await page.$$eval("a[href*='/opportunities/']", (as) => as.map((a) => a.getAttribute("href")));
    if (opps.length > 0) {
      accountPath = path;
      oppPath = opps[0];
      break;
    }
    await page.goBack();
    await page.waitForSelector("[data-testid=account-list] a");
  }
  check(accountPath && oppPath, "some account has an opportunity");
  await shot(page, "rep-account");
  await page.goto(BASE + oppPath);
  await page.waitForSelector("[data-testid=stage]");
  const options = await page.$$eval("select[name=stage] option", (os) => os.map((o) => o.value).filter((v) => v));
  const fromStage = (await api(manager.token, `/api/v1/funnel/opportunities?rep=${rep.user.id}&limit=1000`)).items.find(
    (o) => oppPath.endsWith(o.id),
  )?.stage;
  check(fromStage, "the manager sees the opportunity before the change");
  // The next stage along the organisation's template.
  const order = (await api(manager.token, "/api/v1/org")).template.stages.map((s) => s.key);
  const toStage = order[order.indexOf(fromStage) + 1];
  check(toStage && options.includes(toStage), `a stage after ${fromStage}`);
  const before = { from: await stageCount(fromStage), to: await stageCount(toStage) };

  // No network from here on. A reload still opens the app (the service worker's shell).
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('[data-testid=sync-status][data-link=offline]');

  const purposes = [1, 2, 3].map((n) => `离线拜访 ${n} ${stamp}`);
  await page.goto(BASE + accountPath + "/visit");
  await page.waitForSelector("[data-testid=visit-form]");
  await shot(page, "rep-log-visit");
  for (const [i, purpose] of purposes.entries()) {
    await page.fill("input[name=purpose]", purpose);
    await page.fill("textarea[name=content]", "地下室没有信号,先记在手机上。");
    await page.fill("input[name=next_step]", "下周带样机演示");
    const started = Date.now();
    await page.click("form.visit-form button[type=submit]");
    await page.waitForSelector(`[data-testid=visit-form][data-saved="${i + 1}"] [data-testid=saved]`);
    console.log(`visit saved in ${Date.now() - started} ms`);
  }

  // A hospital the rep has just found, added with no network.
  const hospital = `新发现医院 ${stamp}`;
  await addHospital(page, hospital);

  await page.goto(BASE + oppPath);
  await page.waitForSelector("[data-testid=stage]");
  await page.selectOption("select[name=stage]", toStage);
  await page.click("div.move button");
  await page.waitForSelector("[data-testid=saved]");
  await shot(page, "rep-opportunity");
  const status = page.locator("[data-testid=sync-status]");
  check((await status.getAttribute("data-link")) === "offline", "still offline");
  check((await status.getAttribute("data-waiting")) === "5", "5 changes waiting, not " + (await status.getAttribute("data-waiting")));

  // Close the page; reopen with no network: everything is there.
  await page.close();
  page = await context.newPage();
  await page.goto(BASE + accountPath);
  await page.waitForSelector("[data-testid=visit-history]");
  const history = await page.textContent("[data-testid=visit-history]");
  for (const purpose of purposes) check(history.includes(purpose), `visit "${purpose}" is on the device after reopening`);
  await page.goto(BASE + oppPath);
  await page.waitForSelector("[data-testid=stage-history]");
  const stageNow = await page.textContent("[data-testid=stage]");
  const moved = await page.$eval(`select[name=stage]`, (s, to) => ![...s.options].some((o) => o.value === to), toStage);
  check(moved, `the opportunity is at ${toStage} (shown: ${stageNow})`);
  check((await page.locator("[data-testid=stage-history] li").count()) >= 2, "the stage history shows the move");
  check((await page.getAttribute("[data-testid=sync-status]", "data-waiting")) === "5", "still 5 waiting after reopening");
  await page.goto(BASE + "/accounts");
  await page.waitForSelector(`[data-testid=account-list] :text("${hospital}")`);

  await page.goto(BASE + "/funnel");
  await page.waitForSelector("[data-testid=funnel-bars]");
  await shot(page, "rep-funnel");
  await page.goto(BASE + "/plan");
  await page.waitForSelector("[data-testid=activity]");
  await shot(page, "rep-plan");

  // Back online: the changes reach the server, and the manager's funnel shows the move.
  await context.setOffline(false);
  await synced(page, 60000);
  await shot(page, "rep-synced");
  const after = { from: await stageCount(fromStage), to: await stageCount(toStage) };
  check(after.from === before.from - 1 && after.to === before.to + 1, `funnel moved: ${JSON.stringify({ before, after })}`);
  const items = (await api(manager.token, `/api/v1/funnel/opportunities?rep=${rep.user.id}&stage=${toStage}&limit=1000`)).items;
  check(items.some((o) => oppPath.endsWith(o.id)), "the drill-down lists the opportunity at its new stage");
  const feed = await api(manager.token, `/api/v1/visits?rep=${rep.user.id}&limit=50`);
  const text = JSON.stringify(feed);
  for (const purpose of purposes) check(text.includes(purpose), `the manager's visit feed has "${purpose}"`);
  const classified = await api(manager.token, `/api/v1/accounts/classes?rep=${rep.user.id}`);
  check(classified.some((a) => a.name === hospital), "the manager sees the new hospital");
  console.log("rep offline e2e: ok");
} finally {
  await browser.close();
}
