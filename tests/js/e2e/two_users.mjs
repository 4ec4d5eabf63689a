// (b) A rep and their manager edit the same account with no network, reconnect, and both
// see both edits. Where both changed the same field (the amount), each sees the value that
// won, who set it, and the other value.
import { BASE, api, check, controlled, launch, login, phoneContext, shot, signIn, synced } from "./lib.mjs";

const stamp = Date.now().toString(36);
const managerSession = await login("manager1");
const repSession = await login("zhangwei");
const opps = (await api(managerSession.token, `/api/v1/funnel/opportunities?rep=${repSession.user.id}&limit=1000`)).items;
const target = opps.find((o) => typeof o.stage === "string" && !["lost", "dropped"].includes(o.stage));
check(target, "the rep has an open opportunity");
const accountPath = `/accounts/${target.account_id}`;
const oppPath = `${accountPath}/opportunities/${target.id}`;

const browser = await launch();
try {
  const open = async (username) => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    page.on("pageerror", (e) => {
    console.error(`${username} page error:`, e.message);
    process.exitCode = 1; // a panic in the app fails the test
  });
    await signIn(page, username);
    await controlled(page);
    await synced(page);
    return { context, page };
  };
  const rep = await open("zhangwei");
  const manager = await open("manager1");
  await rep.context.setOffline(true);
  await manager.context.setOffline(true);

  const setTerms = async (page, fields) => {
    await page.goto(BASE + oppPath);
    await page.waitForSelector("input[name=amount]");
    for (const [name, value] of Object.entries(fields)) await page.fill(`input[name=${name}]`, value);
    await page.click("form:has(input[name=amount]) button[type=submit]");
    await page.waitForSelector("[data-testid=saved]");
  };
  // The rep: a new amount, a new contact, a visit.
  await setTerms(rep.page, { amount: "111111" });
  const contactName = `周主任 ${stamp}`;
  await rep.page.goto(BASE + accountPath);
  await rep.page.click("text=添加联系人");
  await rep.page.fill(".contact-form input >> nth=0", contactName);
  await rep.page.click(".contact-form button[type=submit]");
  await rep.page.waitForSelector(`text=${contactName}`);
  const purpose = `离线拜访 ${stamp}`;
  await rep.page.goto(BASE + accountPath + "/visit");
  await rep.page.fill("input[name=purpose]", purpose);
  await rep.page.click("form.visit-form button[type=submit]");
  await rep.page.waitForSelector('[data-testid=visit-form][data-saved="1"]');
  // The manager, at the same time: another amount and a next step.
  const nextStep = `经理:周五一起拜访院长 ${stamp}`;
  await setTerms(manager.page, { amount: "222222", next_step: nextStep });

  // Reconnect both.
  await rep.context.setOffline(false);
  await manager.context.setOffline(false);
  await synced(rep.page, 60000);
  await synced(manager.page, 60000);
  // Each device may need the other's changes relayed after its own went up.
  for (const side of [rep, manager]) {
    await side.page.goto(BASE + oppPath);
    await side.page.waitForFunction(
      (next) => document.querySelector("input[name=next_step]")?.value === next && document.querySelector("[data-testid=conflicts]"),
      nextStep,
      { timeout: 30000 },
    );
    const note = await side.page.textContent("[data-testid=conflicts]");
    check(note.includes("11.1万") && note.includes("22.2万"), `both amounts are shown: ${note}`);
    check(note.includes("张伟") && note.includes("经理"), `both authors are named: ${note}`);
    const shown = await side.page.inputValue("input[name=amount]");
    check(["111111", "222222"].includes(shown), `the amount is one of the two: ${shown}`);
  }
  const amounts = await Promise.all([rep, manager].map((s) => s.page.inputValue("input[name=amount]")));
  check(amounts[0] === amounts[1], `both devices show the same winner: ${amounts}`);
  await rep.page.locator("[data-testid=conflicts]").scrollIntoViewIfNeeded();
  await shot(rep.page, "rep-conflict");

  for (const side of [rep, manager]) {
    await side.page.goto(BASE + accountPath);
    await side.page.waitForSelector("[data-testid=visit-history]");
    await side.page.waitForFunction(
      ([c, p]) => document.body.textContent.includes(c) && document.body.textContent.includes(p),
      [contactName, purpose],
      { timeout: 30000 },
    );
  }
  console.log("two users e2e: ok");
} finally {
  await browser.close();
}
