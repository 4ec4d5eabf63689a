// Shared by the browser end-to-end tests: launching Debian's Chromium through
// playwright-core, signing in, and saving screenshots as test artefacts.
import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BASE = process.env.ROUNDS_URL ?? "http://127.0.0.1:8080";
export const PASSWORD = process.env.ROUNDS_PASSWORD ?? "rounds-demo";
const ARTEFACTS = process.env.ROUNDS_ARTEFACTS ?? "target/e2e-artifacts";
export const PHONE = { width: 360, height: 740 };

const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

const PHONE_OPTIONS = {
  viewport: PHONE,
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "zh-CN",
  timezoneId: "Asia/Shanghai",
  serviceWorkers: "allow",
};

export async function launch() {
  return chromium.launch(CHROMIUM);
}

export async function phoneContext(browser) {
  return browser.newContext(PHONE_OPTIONS);
}

/** A new, empty browser profile folder. */
export function newProfile() {
  return mkdtempSync(join(tmpdir(), "rounds-profile-"));
}

/** A phone with a profile on disk, as an installed app has (contexts are incognito);
 * `dir` reopens an earlier profile. */
export async function persistentPhone(dir = newProfile()) {
  return chromium.launchPersistentContext(dir, { ...CHROMIUM, ...PHONE_OPTIONS });
}

/** Kills the browser running on profile `dir` at once (SIGKILL), as the system or a
 * swipe in the task switcher kills a phone's browser: nothing is flushed. */
export function killBrowser(dir) {
  const killed = spawnSync("pkill", ["-KILL", "-f", "--", `user-data-dir=${dir}`]);
  if (killed.status !== 0) throw new Error(`no browser on ${dir} to kill (pkill: ${killed.status})`);
}

export async function shot(page, name) {
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: false });
}

/** Signs in through the app's own form and waits for the app to open. */
export async function signIn(page, username) {
  await page.goto(BASE + "/");
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", PASSWORD);
  await page.click("form.login button[type=submit]");
  await page.waitForSelector("[data-testid=sync-status]");
}

/**
 * A phone signed in as `username` with the app installed (its service worker in control)
 * and synced; an uncaught error in the app fails the script.
 */
export async function signedInPhone(browser, username) {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    console.error("page error:", e.message);
    process.exitCode = 1;
  });
  await signIn(page, username);
  await controlled(page);
  await synced(page);
  return { context, page };
}

/** A phone signed in as `username` ([`signedInPhone`]), then cut off the network. */
export async function offlinePhone(browser, username) {
  const phone = await signedInPhone(browser, username);
  await phone.context.setOffline(true);
  await phone.page.waitForSelector("[data-testid=sync-status][data-link=offline]");
  return phone;
}

/** A laptop (1440×900) signed in as `username`; an uncaught error in the app fails the
 * script. */
export async function signedInLaptop(browser, username) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    console.error(`${username}'s page error:`, e.message);
    process.exitCode = 1;
  });
  await signIn(page, username);
  return { context, page };
}

/** Adds a hospital from the accounts screen, as a rep who found one on the road; the app
 * then shows it. */
export async function addHospital(page, name, region = "浦东") {
  await page.goto(BASE + "/accounts");
  await page.click("button.add");
  await page.fill("input[name=hospital_name]", name);
  await page.fill("input[name=region]", region);
  await page.click("form:has(input[name=hospital_name]) button[type=submit]");
  await page.waitForSelector(`h2.title:has-text("${name}")`);
}

/** Waits until the service worker controls the page (the shell is cached). */
export async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, {
    timeout: 30000,
  });
}

/** Waits for the status chip to say synced with nothing waiting. */
export async function synced(page, timeout = 30000) {
  await page.waitForSelector('[data-testid=sync-status][data-link=synced][data-waiting="0"]', { timeout });
}

/** An API call with a bearer token, as a manager's dashboard or a script would make. */
export async function api(token, path) {
  const res = await fetch(BASE + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function login(username) {
  const res = await fetch(BASE + "/api/v1/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD, bearer: true }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return res.json();
}

export function check(condition, message) {
  if (!condition) throw new Error("check failed: " + message);
}

/** Rows of a CSV text (RFC 4180 quoting), without a BOM. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
