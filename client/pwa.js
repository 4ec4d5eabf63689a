// Registers the service worker and tells the app (event `rounds-update`) when a new version
// has been installed; the app's banner calls `roundsApplyUpdate()` to switch and reload.
(function () {
  if (!("serviceWorker" in navigator)) return;
  window.addEventListener("load", async function () {
    let registration;
    try {
      registration = await navigator.serviceWorker.register("/sw.js");
    } catch (e) {
      console.warn("service worker not registered", e);
      return;
    }
    const announce = function () {
      window.roundsUpdateReady = true;
      window.dispatchEvent(new Event("rounds-update"));
    };
    if (registration.waiting && navigator.serviceWorker.controller) announce();
    registration.addEventListener("updatefound", function () {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && navigator.serviceWorker.controller) announce();
      });
    });
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (window.roundsApplying) location.reload();
    });
    window.roundsApplyUpdate = function () {
      window.roundsApplying = true;
      if (registration.waiting) registration.waiting.postMessage({ type: "SKIP_WAITING" });
      else location.reload();
    };
    const check = function () {
      registration.update().catch(function () {});
    };
    setInterval(check, 60 * 60 * 1000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") check();
    });
  });
})();
