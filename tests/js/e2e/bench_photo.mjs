// Photo check-in benchmark (results go to BENCHMARKS.md): on a phone at 360 × 740, offline,
// CPU throttled 4×, a 4000 × 3000 camera JPEG given to the check-in's file input, to the
// visit on the device's disk with the photo's bytes (the app's `data-took-ms`: decoding,
// resizing to 1,600 px, encoding the photo and its thumbnail, hashing, and the strict
// IndexedDB transaction). Then online, the bytes uploaded per photo. Prints JSON.
import { BASE, api, launch, login, phoneContext, signIn, synced, controlled } from "./lib.mjs";

const RUNS = Number(process.env.ROUNDS_BENCH_RUNS ?? 9);
const REP = process.env.ROUNDS_BENCH_USER ?? "zhangwei";
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};
const summary = (xs) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100), runs: xs.length });

/** A 4000 × 3000 JPEG with a camera's grain (flat colours would flatter the encoder). */
async function cameraJpeg(page, seed) {
  const base64 = await page.evaluate(async (seed) => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const g = canvas.getContext("2d");
    const sky = g.createLinearGradient(0, 0, 4000, 3000);
    sky.addColorStop(0, `hsl(${seed * 40} 40% 70%)`);
    sky.addColorStop(1, "#f5cba7");
    g.fillStyle = sky;
    g.fillRect(0, 0, 4000, 3000);
    for (let i = 0; i < 80; i++) {
      g.fillStyle = `hsl(${(i * 37 + seed * 11) % 360} 50% 45%)`;
      g.fillRect((i * 263) % 3800, (i * 149) % 2800, 200 + (i % 7) * 60, 150 + (i % 5) * 70);
    }
    // Grain and texture on every pixel (±10 per channel), as a camera's sensor and real
    // surfaces give: flat colours would flatter the encoder.
    const img = g.getImageData(0, 0, 4000, 3000);
    let x = (seed * 2654435761) >>> 0;
    for (let i = 0; i < img.data.length; i += 4) {
      x = (x * 1103515245 + 12345) >>> 0;
      const n = ((x >>> 16) % 21) - 10;
      img.data[i] += n;
      img.data[i + 1] += n;
      img.data[i + 2] += n;
    }
    g.putImageData(img, 0, 0);
    const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, seed);
  return Buffer.from(base64, "base64");
}

const rep = await login(REP);
const browser = await launch();
const context = await phoneContext(browser);
const page = await context.newPage();
await signIn(page, REP);
await controlled(page);
await synced(page, 600000);
const photos = [];
for (let i = 0; i < RUNS; i++) photos.push(await cameraJpeg(page, i + 1));

await page.click("nav.tabs a[href='/accounts']");
await page.waitForSelector("[data-testid=account-list] a");
const accountPath = await page.$eval("[data-testid=account-list] a", (a) => a.getAttribute("href"));
await context.setOffline(true);
await page.waitForSelector("[data-testid=sync-status][data-link=offline]");
const cdp = await context.newCDPSession(page);
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });

const saved = [];
const stamp = Date.now().toString(36);
for (let i = 0; i < RUNS; i++) {
  await page.click("nav.tabs a[href='/accounts']");
  await page.click(`[data-testid=account-list] a[href='${accountPath}']`);
  await page.click(`a[href='${accountPath}/visit']`);
  await page.waitForSelector("[data-testid=check-in-button]");
  await page.setInputFiles("input[name=photo]", { name: `IMG_${i}.jpg`, mimeType: "image/jpeg", buffer: photos[i] });
  await page.waitForSelector("[data-testid=check-in] [data-testid=saved]", { timeout: 60000 });
  saved.push(Number(await page.getAttribute("[data-testid=check-in]", "data-took-ms")));
  // Finish the visit, so the next run starts a new one.
  await page.fill("textarea[name=content]", `bench ${stamp} ${i}`);
  await page.click("[data-testid=visit-form] button[type=submit]");
  await page.waitForSelector(`[data-testid=visit-form][data-saved='1']`);
  await page.click("[data-testid=check-out-button]");
  await page.waitForSelector("[data-testid=checked-in][data-left=true]");
}
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });

// Online: every photo goes up.
const started = Date.now();
await context.setOffline(false);
await page.waitForSelector('[data-testid=sync-status][data-link=synced][data-photos="0"]', { timeout: 300000 });
const uploadAll = Date.now() - started;
const feed = await api(rep.token, `/api/v1/visits?rep=${rep.user.id}&period=week&limit=1000`);
const ours = feed.items.filter((v) => v.content.startsWith(`bench ${stamp}`));
const sizes = ours.map((v) => v.photo.size);
const thumbs = [];
for (const v of ours) {
  const res = await fetch(BASE + `/api/v1/blobs/${v.photo.thumb}`, { headers: { authorization: `Bearer ${rep.token}` } });
  thumbs.push((await res.arrayBuffer()).byteLength);
}
await browser.close();

console.log(
  JSON.stringify({
    shutter_to_saved_ms_4x: summary(saved),
    shutter_to_saved_each: saved,
    camera_bytes: summary(photos.map((p) => p.length)),
    uploaded_bytes: summary(sizes),
    uploaded_thumbnail_bytes: summary(thumbs),
    photos_uploaded: sizes.length,
    sync_and_upload_all_ms: uploadAll,
  }),
);
