// The quarter and the week on a phone with no network. The quarterly plan first: two
// hospitals the rep has not seen today get 30 visits a month (and whom to see), and the
// plan is submitted; the week's plan, started afresh, then suggests them, by those
// frequencies, whatever the weekday. They are added for today, the day's visits reordered by hand and by route
// (drawn on the route map in that order), a visit logged at one of them; the plan and the
// week's calendar show which were visited and which not, and the coverage worked out on
// the phone counts the visit. Back online, the manager's plan attainment (API and
// dashboard) says the same as the phone, the manager's coverage matches the phone's, the
// manager approves the quarterly plan with a comment, and the phone shows the approval.
import { BASE, api, check, launch, login, shot, offlinePhone, signedInLaptop, synced } from "./lib.mjs";

const REP = "zhangwei";
const stamp = Date.now().toString(36);
const manager = await login("manager1");
const rep = (await login(REP)).user;

const phoneBrowser = await launch();
const deskBrowser = await launch();
try {
  const { context, page } = await offlinePhone(phoneBrowser, REP);

  // The quarterly plan (reached in the app, every hospital on the device): the two located
  // hospitals unseen longest (not today) are to be seen 30 times a month, so both are due.
  await page.click("a[href='/plan']");
  await page.click("a:has-text('季计划与客户覆盖')");
  await page.waitForSelector("[data-testid=quarter-state][data-state=draft]");
  const rows = await page.$$eval("[data-testid=quarter-hospital]", (r) => r.map((x) => ({ ...x.dataset })));
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10); // Beijing
  const daysAgo = (d) => (d ? (Date.parse(today) - Date.parse(d)) / 864e5 : 1e9);
  const stale = rows.filter((r) => r.located === "true" && daysAgo(r.last) >= 1).sort((a, b) => daysAgo(b.last) - daysAgo(a.last));
  check(stale.length >= 2, `two located hospitals not seen today: ${stale.length} of ${rows.length}`);
  const [first, second] = stale.map((r) => r.account);
  for (const a of [first, second]) {
    const line = page.locator(`[data-testid=quarter-hospital][data-account="${a}"]`);
    await line.locator("input[name=frequency]").fill("30");
    await line.locator("input[name=frequency]").press("Tab");
  }
  const focused = page.locator(`[data-testid=quarter-hospital][data-account="${second}"]`);
  await focused.locator("input[name=focus]").fill(`检验科 王主任 ${stamp}`);
  await focused.locator("input[name=focus]").press("Tab");
  await page.click("[data-testid=submit-quarter]");
  await page.waitForSelector("[data-testid=quarter-state][data-state=submitted]");
  await page.waitForSelector(`[data-testid=quarter-hospital][data-account="${second}"][data-per-month="30"]`);
  await shot(page, "phone-quarter-plan");

  // The week: both are suggested, by the quarterly frequencies, and added for today.
  await page.click("a[href='/plan']");
  await page.waitForSelector("[data-testid=suggestion]");
  check((await page.inputValue("div.form.inline input[type=date]")) === today, "new visits go on today");
  // The rep starts the week's plan afresh (the demo's has visits already).
  while (await page.$("[data-testid=planned-visit]")) {
    await page.click("[data-testid=planned-visit] >> nth=0 >> button:has-text('删除')");
  }
  for (const a of [first, second]) {
    await page.click(`[data-testid=suggestion][data-account="${a}"] button`);
  }
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
  // The coverage on the phone counts the visit: the hospital was seen today.
  await page.click("a:has-text('季计划与客户覆盖')");
  await page.waitForSelector(`[data-testid=quarter-hospital][data-account="${visited}"][data-last="${today}"]`);
  const onPhone = await page.$eval("[data-testid=coverage]", (c) => ({ ...c.dataset }));
  check(Number(onPhone.hospitals) === rows.length && Number(onPhone.visited) >= 1, `coverage on the phone: ${JSON.stringify(onPhone)}`);
  await context.setOffline(false);
  await synced(page, 60000);

  // The manager: the API and the dashboard say the same as the phone.
  const report = await api(manager.token, `/api/v1/attainment`);
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
    cov.hospitals === Number(onPhone.hospitals) && cov.visited === Number(onPhone.visited) && cov.idle === Number(onPhone.idle),
    `coverage: server ${cov.hospitals}/${cov.visited}/${cov.idle}, phone ${onPhone.hospitals}/${onPhone.visited}/${onPhone.idle}`,
  );
  const hospital = cov.rows.find((h) => h.account === second);
  check(hospital?.per_month === 30 && hospital?.focus === `检验科 王主任 ${stamp}`, `the plan's frequency and whom to see: ${JSON.stringify(hospital)}`);
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
