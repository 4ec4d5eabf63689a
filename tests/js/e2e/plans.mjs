// The week's plan on a phone with no network: hospitals suggested by their visit frequency
// are added for today, the day's visits reordered by hand and by route (drawn on the route
// map in that order), a visit logged at one of them; the plan and the week's calendar show
// which were visited and which not. Still offline, the quarterly plan: coverage worked out
// on the phone, a hospital's frequency and whom to see set, the plan submitted. Back online,
// the manager's plan attainment (API and dashboard) says the same; the manager's coverage
// matches the phone's, the manager approves the quarterly plan with a comment, and the
// phone shows the approval.
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
  // The route map numbers the day's stops in the plan's order.
  await page.waitForSelector(`[data-testid=route-map][data-stops="${routed.length}"]`);
  const drawn = await page.$$eval("[data-testid=route-stop]", (s) => s.map((x) => x.dataset.account));
  check(drawn.join() === routed.join(), `the map draws the route in order: ${drawn} vs ${routed}`);
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
  // The calendar: today holds both, one made, one not.
  const cell = page.locator(`[data-testid=calendar-day][data-day="${today}"]`);
  check((await cell.locator("li.planned.done").count()) === 1 && (await cell.locator("li.planned.missed").count()) === 1, "the calendar marks today's visits");
  await shot(page, "phone-week-plan-done");

  // The quarterly plan, still offline: the coverage is worked out on the phone; the missed
  // hospital gets three visits a month and whom to see; the plan is submitted.
  await page.click("a:has-text('季计划与客户覆盖')");
  await page.waitForSelector("[data-testid=quarter-state][data-state]");
  const onPhone = await page.$eval("[data-testid=coverage]", (c) => ({ ...c.dataset }));
  check(Number(onPhone.hospitals) > 0 && Number(onPhone.visited) >= 1, `coverage on the phone: ${JSON.stringify(onPhone)}`);
  const row = page.locator(`[data-testid=quarter-hospital][data-account="${missed}"]`);
  await row.locator("input[name=frequency]").fill("3");
  await row.locator("input[name=frequency]").press("Tab");
  await row.locator("input[name=focus]").fill(`检验科 王主任 ${stamp}`);
  await row.locator("input[name=focus]").press("Tab");
  await page.click("[data-testid=submit-quarter]");
  await page.waitForSelector("[data-testid=quarter-state][data-state=submitted]");
  await page.waitForSelector(`[data-testid=quarter-hospital][data-account="${missed}"][data-per-month="3"]`);
  await shot(page, "phone-quarter-plan");
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
  // The quarter: the manager's coverage is the phone's; the plan awaits approval.
  const quarter = await api(manager.token, `/api/v1/coverage?rep=${REP}`);
  const cov = quarter.reps[0].coverage;
  check(
    cov.hospitals === Number(onPhone.hospitals) && cov.visited === Number(onPhone.visited),
    `coverage: server ${cov.hospitals}/${cov.visited}, phone ${onPhone.hospitals}/${onPhone.visited}`,
  );
  const line = cov.rows.find((h) => h.account === missed);
  check(line?.per_month === 3 && line?.focus === `检验科 王主任 ${stamp}`, `the plan's frequency and whom to see: ${JSON.stringify(line)}`);
  const card = desk.locator(`[data-testid=rep-quarter][data-name="${quarter.reps[0].name}"]`);
  await card.waitFor();
  check((await card.getAttribute("data-state")) === "submitted", "the dashboard shows the plan submitted");
  await shot(desk, "dashboard-plan-attainment");
  await card.locator("textarea[name=comment]").fill(`同意 ${stamp}`);
  await card.locator("[data-testid=approve-quarter]").click();
  await desk.waitForSelector(`[data-testid=rep-quarter][data-name="${quarter.reps[0].name}"][data-state=approved]`);
  // The meeting page shows the rep's coverage.
  await desk.goto(BASE + `/team/meeting?rep=${REP}`);
  await desk.waitForSelector("[data-testid=meeting-coverage] [data-testid=coverage]");
  // The phone receives the approval and the comment.
  await page.goto(BASE + "/plan/quarter");
  await page.waitForSelector("[data-testid=quarter-state][data-state=approved]", { timeout: 30000 });
  check((await page.textContent("[data-testid=quarter-review]")).includes(`同意 ${stamp}`), "the manager's comment is on the phone");
  await shot(page, "phone-quarter-approved");
  console.log("plans e2e: ok");
} finally {
  await phoneBrowser.close();
  await deskBrowser.close();
}
