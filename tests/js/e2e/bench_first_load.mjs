// First-load benchmark: a phone that has never opened the app, on an emulated slow 3G
// link (400 kbps each way, 400 ms round trip) with a 4× CPU throttle, through the DevTools
// protocol. Measures the bytes on the wire and the time from navigation until the sign-in
// screen is drawn, once as a browser that asks for no compression ("before": the server
// sent the app uncompressed until 2026-11-29) and once as Chromium asks (brotli). Prints
// JSON.
import { BASE, launch, phoneContext } from "./lib.mjs";

const RUNS = Number(process.env.ROUNDS_BENCH_RUNS ?? 3);
const KBPS = 400;

async function firstLoad(browser, encoding) {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 400,
    downloadThroughput: (KBPS * 1000) / 8,
    uploadThroughput: (KBPS * 1000) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  if (encoding) await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": encoding } });
  let bytes = 0;
  const encodings = new Map();
  cdp.on("Network.responseReceived", (e) => {
    const enc = e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"] ?? "none";
    encodings.set(e.response.url.replace(BASE, ""), enc);
  });
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
  });
  await page.goto(BASE + "/", { waitUntil: "commit" });
  await page.waitForSelector("form.login input[name=username]", { timeout: 300000 });
  const signInMs = await page.evaluate(() => performance.now());
  const bytesAtSignIn = bytes;
  const wasm = [...encodings].find(([url]) => url.endsWith(".wasm"));
  await context.close();
  return { signInMs, bytesAtSignIn, wasmEncoding: wasm ? wasm[1] : "?" };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await launch();
const result = {};
for (const [label, encoding] of [
  ["uncompressed", "identity"],
  ["as_chromium_asks", null],
]) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await firstLoad(browser, encoding));
  result[label] = {
    sign_in_screen_ms: Math.round(median(runs.map((r) => r.signInMs))),
    kb_on_the_wire: Math.round(median(runs.map((r) => r.bytesAtSignIn)) / 1000),
    wasm_encoding: runs[0].wasmEncoding,
    runs: runs.length,
  };
}
await browser.close();
console.log(JSON.stringify(result));
