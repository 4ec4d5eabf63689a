// The daily list (日清单) and the manager's 3E review: the rep, offline on a phone, logs a
// visit and submits the day's list with a help request and tomorrow's plan; back online,
// the manager on a laptop finds it among the team's lists (help first, and who has not
// submitted), comments, marks it reviewed and picks it for a spot check; the rep's phone
// shows the comment and the marks. Saves the list and the review at 360×740 and 1440×900.
import { BASE, api, check, launch, login, shot, offlinePhone, signedInLaptop, synced } from "./lib.mjs";

const REP = "zhangwei";
const stamp = Date.now().toString(36);
const manager = await login("manager1");
const rep = (await login(REP)).user;

const phoneBrowser = await launch();
const deskBrowser = await launch();
try {
  const { context, page } = await offlinePhone(phoneBrowser, REP);

  // A visit today, then the list built from the day's visits.
  await page.goto(BASE + "/accounts");
  await page.click("[data-testid=account-list] li a >> nth=0");
  await page.waitForSelector("[data-testid=hospital-notices]");
  const hospital = (await page.textContent("h2.title")).trim();
  await page.goto(page.url() + "/visit");
  await page.waitForSelector("[data-testid=visit-form]");
  await page.fill("input[name=purpose]", `日清单拜访 ${stamp}`);
  await page.fill("textarea[name=content]", "主任同意下周试用样机");
  await page.fill("input[name=next_step]", "安排样机");
  await page.click("form.visit-form button[type=submit]");
  await page.waitForSelector(`[data-testid=visit-form][data-saved="1"] [data-testid=saved]`);

  await page.goto(BASE + "/");
  await page.click("a:has([data-testid=daily-summary])");
  await page.waitForSelector("[data-testid=daily-status][data-submitted=false]");
  const entries = await page.$$eval("[data-testid=daily-entry]", (es) => es.map((e) => e.textContent));
  check(entries.some((e) => e.includes(`日清单拜访 ${stamp}`) && e.includes(hospital)), `today's visit is on the list: ${entries}`);
  await page.fill("textarea[name=help]", `需要公司安排样机 ${stamp}`);
  await page.selectOption("select[name=tomorrow]", { label: hospital });
  await page.waitForSelector(`[data-testid=tomorrow]:has-text("${hospital}")`);
  await page.click("[data-testid=submit-daily]");
  await page.waitForSelector("[data-testid=daily-status][data-submitted=true]");
  await shot(page, "phone-daily-list");
  await context.setOffline(false);
  await synced(page, 60000);

  // The manager, on a laptop: the team's lists of today, help first.
  const { page: desk } = await signedInLaptop(deskBrowser, "manager1");
  await desk.goto(BASE + "/team/daily");
  const card = desk.locator(`[data-testid=rep-daily][data-name="${rep.display_name}"]`);
  await card.waitFor();
  await desk.waitForSelector(`[data-testid=rep-daily][data-name="${rep.display_name}"][data-submitted=true]`);
  check((await card.locator("[data-testid=daily-help]").textContent()).includes(stamp), "the help request is highlighted");
  const report = await api(manager.token, "/api/v1/daily");
  const totals = desk.locator("[data-testid=daily-totals]");
  check(
    Number(await totals.getAttribute("data-missing")) === report.missing && report.missing > 0,
    `who has not submitted, as the API says: ${await totals.textContent()} / ${report.missing}`,
  );
  const first = await desk.getAttribute("[data-testid=rep-daily] >> nth=0", "data-name");
  check(report.reps[0].name === first, `help first, in the API's order: ${first}`);
  await card.locator("textarea[name=comment]").fill(`样机周二到，先约主任 ${stamp}`);
  await card.locator("input[name=follow_up]").check();
  await card.locator("[data-testid=review-daily]").click();
  await desk.waitForSelector(`[data-testid=rep-daily][data-name="${rep.display_name}"][data-reviewed=true]`);
  await card.scrollIntoViewIfNeeded();
  await shot(desk, "dashboard-daily-review");

  // The rep's phone: the comment and the marks.
  await page.waitForSelector("[data-testid=daily-review][data-reviewed=true]", { timeout: 60000 });
  const review = await page.textContent("[data-testid=daily-review]");
  check(review.includes(`样机周二到，先约主任 ${stamp}`) && review.includes("抽查") && review.includes("已阅"), `the review on the phone: ${review}`);
  await shot(page, "phone-daily-reviewed");
  await page.goto(BASE + "/");
  await page.waitForSelector("[data-testid=daily-summary]:has-text('已阅')");
  console.log("daily list e2e: ok");
} finally {
  await phoneBrowser.close();
  await deskBrowser.close();
}
