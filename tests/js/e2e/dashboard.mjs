// The manager's dashboard against the demo data: the funnel on screen equals the API's;
// the period and a filter change the URL and the numbers; a stage drills down to an
// opportunity and its history; the CSV has the rows on screen; a co-visit report written
// offline reaches the server; a comment on a visit reaches the rep; a rep cannot open the
// manager's screens. 1440×900 zh-CN
// screenshots of every manager view.
import { readFileSync } from "node:fs";
import { BASE, PASSWORD, api, check, controlled, launch, login, parseCsv, shot, synced } from "./lib.mjs";

const LAPTOP = { viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai", acceptDownloads: true };
const manager = await login("manager1");
const repSession = await login("zhangwei");

async function signInAs(context, username) {
  const page = await context.newPage();
  page.snapshotRequests = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/sync/snapshots")) page.snapshotRequests.push(r.url());
  });
  page.on("pageerror", (e) => {
    console.error(`${username} page error:`, e.message);
    process.exitCode = 1; // a panic in the app fails the test
  });
  await page.goto(BASE + "/");
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", PASSWORD);
  await page.click("form.login button[type=submit]");
  await page.waitForSelector("[data-testid=sync-status]");
  return page;
}

/** The stage table on screen: {stage: {count, fen}}. */
async function onScreen(page) {
  return page.$$eval("[data-testid=stage-table] tbody tr", (rows) =>
    Object.fromEntries(
      rows.map((r) => [
        r.dataset.stage,
        { count: Number(r.querySelector(".n-count").textContent), fen: Number(r.querySelector("[data-fen]").dataset.fen) },
      ]),
    ),
  );
}
async function fromApi(query) {
  const f = await api(manager.token, `/api/v1/funnel?${query}`);
  return Object.fromEntries(f.stages.map((s) => [s.stage, { count: s.count, fen: s.amount }]));
}
async function settled(page, query) {
  // The screen shows the fresh answer for `query` (not the cached one) once the URL says so
  // and no fetch is under way.
  await page.waitForFunction((q) => location.search.replace(/^\?/, "") === q, query);
  await page.waitForSelector("[data-testid=freshness][data-loading=false]");
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const browser = await launch();
try {
  const context = await browser.newContext(LAPTOP);
  const page = await signInAs(context, "manager1");
  await controlled(page);
  await page.waitForSelector("[data-testid=stage-table] tbody tr");
  await settled(page, "");
  let screen = await onScreen(page);
  const api0 = await fromApi("");
  check(same(screen, api0), `the funnel on screen equals the API's: ${JSON.stringify({ screen, api0 })}`);
  const weighted = Number(await page.getAttribute("[data-testid=weighted]", "data-fen"));
  check(weighted === (await api(manager.token, "/api/v1/funnel")).weighted_pipeline, "weighted pipeline equals the API's");
  await page.waitForSelector("[data-testid=trend] svg path");
  await page.waitForSelector("[data-testid=multiples] svg");
  await shot(page, "manager-funnel");

  // The period, then a filter: the URL and the numbers follow.
  await page.selectOption("select[name=period]", "month");
  await settled(page, "period=month");
  const forecastMonth = await page.textContent("[data-testid=forecast]");
  const apiMonth = await api(manager.token, "/api/v1/funnel?period=month");
  const expected = apiMonth.forecast.percent === null ? "—" : `${apiMonth.forecast.percent.toFixed(1)}%`;
  check(forecastMonth.trim() === expected, `month forecast ${forecastMonth} equals the API's ${expected}`);
  await page.selectOption("select[name=level]", "3a");
  await settled(page, "period=month&level=3a");
  screen = await onScreen(page);
  const api3a = await fromApi("period=month&level=3a");
  check(same(screen, api3a), "filtered funnel equals the API's");
  check(!same(screen, api0), "the filter changed the numbers");
  await shot(page, "manager-funnel-filtered");

  // Drill down: a stage, an opportunity, its history. The manager's device holds the
  // team's documents once synced: fetched as snapshots over HTTP, then loaded, decoded and
  // confirmed by the sync protocol in the background (settled).
  await synced(page, 120000);
  check(page.snapshotRequests.length >= 1, "the manager's first sync fetched the documents as snapshots");
  await page.waitForSelector('[data-testid=sync-status][data-link=synced][data-settling="0"]', { timeout: 120000 });
  const stage = Object.entries(screen).find(([, v]) => v.count > 0)[0];
  await page.click(`[data-testid=team-funnel] g[data-stage=${stage}]`);
  await page.waitForSelector("[data-testid=drill-down] a");
  check(page.url().includes(`stage=${stage}`), "the drilled stage is in the URL");
  await page.locator("[data-testid=drill-down]").scrollIntoViewIfNeeded();
  await shot(page, "manager-drill-down");
  await page.click("[data-testid=drill-down] a");
  await page.waitForSelector("[data-testid=stage-history] li");
  await shot(page, "manager-opportunity");

  // CSV: the rows on screen.
  await page.goto(BASE + "/team?period=month&level=3a");
  await page.waitForSelector("[data-testid=stage-table] tbody tr");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("a.csv")]);
  const lines = parseCsv(readFileSync(await download.path(), "utf8")).slice(1);
  const names = await page.$$eval("[data-testid=stage-table] tbody tr td:first-child", (tds) => tds.map((td) => td.textContent));
  check(lines.length === names.length, `CSV has ${lines.length} rows, screen ${names.length}`);
  for (const [i, cells] of lines.entries()) {
    check(cells[0] === names[i], `CSV row ${i} is ${names[i]}: ${cells}`);
    check(Number(cells[3]) === screen[Object.keys(screen)[i]].count, `CSV row ${i} count`);
  }

  // The other views.
  await page.goto(BASE + "/team/activity");
  await page.waitForSelector("[data-testid=activity-table] tbody tr");
  await shot(page, "manager-activity");
  // The activity table's receivables column equals the API's, and it offers weeks only:
  // picking last week puts that week in the URL and the table.
  const thisWeek = await api(manager.token, "/api/v1/activity");
  const first = thisWeek.reps[0];
  const at = first.cells.findIndex((c) => c.metric === "receivables_collected_percent");
  const collected = first.cells[at];
  const row = page.locator("[data-testid=activity-table] tbody tr", { has: page.locator(`th:text-is("${first.display_name}")`) });
  const shown = await row.locator("td").nth(at).textContent();
  check(at >= 0 && shown === (collected.basis === 0 ? "—" : `${collected.actual}%`), `receivables on screen ${shown}, API ${JSON.stringify(collected)}`);
  const weeks = await page.$$eval("select[name=period] option", (os) => os.map((o) => o.value));
  check(weeks.length === 9 && weeks.slice(1).every((w) => /^\d{4}-W\d{2}$/.test(w)), `weeks only: ${weeks}`);
  await page.selectOption("select[name=period]", weeks[1]);
  await page.waitForURL((u) => u.search.includes(`period=${weeks[1]}`));
  await page.locator(`[data-testid=activity-table]`).waitFor();
  await page.locator(`p.sub:text-is("${weeks[1]}")`).waitFor();
  // The visit feed, filtered to one rep; the manager comments on a visit.
  await page.goto(BASE + "/team/visits?rep=zhangwei");
  await page.waitForSelector("[data-testid=visit-feed] li form.comment-form");
  const commented = page.locator("[data-testid=visit-feed] li", { has: page.locator("form.comment-form") }).first();
  const commentedAccount = await commented.locator(".when a").getAttribute("href");
  const remark = `经理批注 ${Date.now().toString(36)}`;
  await commented.locator("input[name=comment]").fill(remark);
  await commented.locator("form.comment-form button").click();
  await commented.locator(`[data-testid=comment]:has-text("${remark}")`).waitFor();
  await shot(page, "manager-visits");
  await page.goto(BASE + "/team/classes");
  await page.waitForSelector("[data-testid=grid] td");
  const abc = await page.$$eval("[data-testid=abc] tr td:nth-child(2)", (tds) => tds.reduce((n, td) => n + Number(td.textContent), 0));
  const classified = await api(manager.token, "/api/v1/accounts/classes");
  check(abc === classified.length, `every account is in one ABC class: ${abc} of ${classified.length}`);
  await shot(page, "manager-classes");
  await page.goto(BASE + "/team/meeting");
  await page.waitForSelector("[data-testid=meeting] .rep-page svg g");
  await shot(page, "manager-meeting");
  // The collection list: the total and every deal on screen are the API's.
  const owed = await api(manager.token, "/api/v1/collections");
  await page.goto(BASE + "/team/collections");
  await page.waitForSelector("[data-testid=collection-total]");
  const shownTotal = Number(await page.getAttribute("[data-testid=collection-total]", "data-fen"));
  const shownDeals = await page.locator("[data-testid=receivable]").count();
  check(shownTotal === owed.total && shownDeals === owed.deals, `collections on screen ${shownTotal}/${shownDeals}, API ${owed.total}/${owed.deals}`);
  check(owed.deals > 0, "the demo has signed deals awaiting payment");
  await shot(page, "manager-collections");
  const repId = repSession.user.id;
  await page.goto(BASE + `/team/reps/${repId}`);
  await page.waitForSelector("[data-testid=account-list] li");
  await shot(page, "manager-rep-accounts");
  // The manager records a key-account review with the rep; the rep's activity counts it.
  const reviewedBefore = async () => {
    const act = await api(manager.token, `/api/v1/activity?rep=${repSession.user.username}`);
    return act.reps[0].cells.find((c) => c.metric === "key_accounts_reviewed_per_week").actual;
  };
  const before = await reviewedBefore();
  await page.click("[data-testid=account-list] li a");
  await page.fill("[data-testid=review-form] input[name=review-note]", "下周带工程师演示");
  await page.click("[data-testid=review-form] button[type=submit]");
  await page.waitForSelector('[data-testid=reviews] li:has-text("下周带工程师演示")');
  await shot(page, "manager-account-review");

  // A co-visit report written offline reaches the server after reconnect.
  const observations = `协同拜访观察 ${Date.now().toString(36)}`;
  await context.setOffline(true);
  await page.goto(BASE + "/team/covisit");
  await page.selectOption("select[name=rep]", repId);
  const account = await page.$eval("select[name=account] option:nth-child(2)", (o) => o.value);
  await page.selectOption("select[name=account]", account);
  await page.selectOption("select[name=kind]", "coaching");
  await page.fill("textarea[name=observations]", observations);
  await page.fill("textarea[name=coaching]", "先问需求,再讲方案");
  await page.click("[data-testid=covisit-form] button[type=submit]");
  await page.waitForSelector('[data-testid=covisit-form][data-saved="1"]');
  await shot(page, "manager-covisit");
  await context.setOffline(false);
  await synced(page, 60000);
  const covisits = await api(manager.token, "/api/v1/covisits?limit=50");
  check(JSON.stringify(covisits).includes(observations), "the co-visit report reached the server");
  const after = await reviewedBefore();
  check(after === before + 1, `the review counts in the rep's week: ${before} → ${after}`);

  // Offline, the dashboard opens with the last data, marked with its age.
  await context.setOffline(true);
  await page.goto(BASE + "/team");
  await page.waitForSelector("[data-testid=stage-table] tbody tr");
  await page.waitForSelector(".freshness.stale");
  await shot(page, "manager-offline");
  await context.setOffline(false);

  // A rep's session cannot open the manager's screens, and the API refuses team data.
  const repContext = await browser.newContext(LAPTOP);
  const repPage = await signInAs(repContext, "zhangwei");
  await repPage.goto(BASE + "/team?period=month");
  await repPage.waitForFunction(() => location.pathname === "/");
  check((await repPage.locator("[data-testid=stage-table]").count()) === 0, "no team funnel for a rep");
  // The rep sees the manager's comment with the visit.
  await synced(page, 60000);
  await synced(repPage, 120000);
  await repPage.goto(BASE + commentedAccount);
  await repPage.waitForSelector(`[data-testid=visit-history] [data-testid=comment]:has-text("${remark}")`, { timeout: 30000 });
  const teams = await api(manager.token, "/api/v1/teams");
  for (const path of ["/api/v1/teams", `/api/v1/funnel?team=${encodeURIComponent(teams[0].name)}`, `/api/v1/activity?rep=lina`]) {
    const res = await fetch(BASE + path, { headers: { authorization: `Bearer ${repSession.token}` } });
    check(res.status === 403, `a rep gets 403 from ${path}, not ${res.status}`);
  }
  console.log("dashboard e2e: ok");
} finally {
  await browser.close();
}
