// The week's plan on a phone with no network: hospitals suggested by their visit frequency
// are added for today, the day's visits reordered by hand and by route, a visit logged at
// one of them; the plan shows which were visited and which not. Back online, the manager's
// plan attainment (API and dashboard) says the same.
import { BASE, api, check, launch, login, shot, offlinePhone, signedInLaptop, synced } from "./lib.mjs";

const REP = "zhangwei";
const stamp = Date.now().toString(36);
const manager = await login("manager1");
const rep = (await login(REP)).user;

const phoneBrowser = await launch();
const deskBrowser = await launch();
try {
  const { context, page } = await offlinePhone(phoneBrowser, REP);
  await page.goto(BASE + "/plan");
  await page.waitForSelector("[data-testid=suggestion]");
  const today = await page.inputValue("div.form.inline input[type=date]");
  const suggested = await page.$$eval("[data-testid=suggestion]", (s) => s.map((x) => x.dataset.account));
  check(suggested.length >= 2, `hospitals are suggested: ${suggested.length}`);
  const [first, second] = suggested;
  await page.click(`[data-testid=suggestion][data-account="${first}"] button`);
  await page.click(`[data-testid=suggestion][data-account="${second}"] button`);
  const todays = () =>
    page.$$eval(`[data-testid=planned-visit][data-day="${today}"]`, (v) => v.map((x) => x.dataset.account));
  let order = await todays();
  check(order.includes(first) && order.includes(second), `both planned for today: ${order}`);
  check(!(await page.$(`[data-testid=suggestion][data-account="${first}"]`)), "a planned hospital is no longer suggested");
  // By hand: the second of today's visits moves up.
  const before = await todays();
  await page.click(`[data-testid=planned-visit][data-day="${today}"] >> nth=1 >> button:has-text('上移')`);
  const moved = await todays();
  check(moved[0] === before[1] && moved[1] === before[0], `moved up by hand: ${before} → ${moved}`);
  // By route: the same hospitals, in route order from the first.
  await page.click("[data-testid=route-order]");
  const routed = await todays();
  check(routed.length === moved.length && routed[0] === moved[0] && [...routed].sort().join() === [...moved].sort().join(), `route order keeps the day's hospitals: ${routed}`);
  await page.click("button:has-text('提交周计划')");
  await page.waitForSelector("[data-testid=plan-state].ok");
  await shot(page, "phone-week-plan");

  // A visit at the first of today's hospitals.
  const visited = routed[0];
  await page.goto(BASE + `/accounts/${visited}/visit`);
  await page.waitForSelector("[data-testid=visit-form]");
  await page.fill("input[name=purpose]", `按计划拜访 ${stamp}`);
  await page.click("form.visit-form button[type=submit]");
  await page.waitForSelector(`[data-testid=visit-form][data-saved="1"] [data-testid=saved]`);
  await page.goto(BASE + "/plan");
  await page.waitForSelector(`[data-testid=planned-visit][data-account="${visited}"][data-day="${today}"][data-done=true]`);
  const missed = routed.find((a) => a !== visited);
  await page.waitForSelector(`[data-testid=planned-visit][data-account="${missed}"][data-day="${today}"][data-done=false]`);
  await shot(page, "phone-week-plan-done");
  await context.setOffline(false);
  await synced(page, 60000);

  // The manager: the API and the dashboard say the same as the phone.
  const report = await api(manager.token, "/api/v1/attainment");
  const mine = report.reps.find((r) => r.rep === rep.id);
  check(mine, "the rep is in the manager's attainment");
  const item = (a) => mine.items.find((i) => i.account === a && i.day === today);
  check(item(visited)?.done === true && item(missed)?.done === false, `the API matches the phone: ${JSON.stringify(mine.items)}`);
  const { page: desk } = await signedInLaptop(deskBrowser, "manager1");
  await desk.goto(BASE + "/team/plans");
  const row = desk.locator(`[data-testid=attainment-rep][data-rep="${rep.id}"]`);
  await row.waitFor();
  check(
    Number(await row.getAttribute("data-planned")) === mine.planned && Number(await row.getAttribute("data-done")) === mine.done,
    `the dashboard shows the API's figures: ${await row.getAttribute("data-planned")}/${await row.getAttribute("data-done")} vs ${mine.planned}/${mine.done}`,
  );
  await shot(desk, "dashboard-plan-attainment");
  console.log("plans e2e: ok");
} finally {
  await phoneBrowser.close();
  await deskBrowser.close();
}
