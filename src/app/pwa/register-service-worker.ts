import { registerSW } from 'virtual:pwa-register';
import { setUpdateActivator, setUpdateState } from './update-store';

/** How often a long-open tab asks the server for a new service worker (besides on every return to the tab). */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Registers the service worker (from this module file, not an inline script, so the CSP needs no exception).
 *
 * Updates follow `registerType: 'prompt'`: a new worker waits until the learner clicks Reload. The page reloads only
 * when this tab asked for the update; when another tab's Reload activates the new worker, this tab just shows the
 * banner (the learner may be mid-review), never reloading by itself.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  let reloadRequested = false;
  const updateServiceWorker = registerSW({
    onNeedRefresh: () => setUpdateState({ needRefresh: true }),
    onOfflineReady: () => setUpdateState({ offlineReady: true }),
    onNeedReload: () => {
      if (reloadRequested) window.location.reload();
      else setUpdateState({ needRefresh: true });
    },
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      const check = () => {
        // Offline, the check fails: harmless, the next one retries.
        if (navigator.onLine) registration.update().catch(() => undefined);
      };
      window.setInterval(check, UPDATE_CHECK_INTERVAL_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
    },
    onRegisterError: (error: unknown) => {
      // Without a service worker the app still works online; say why offline will not.
      console.warn('Coursedeck: the service worker could not be registered', error);
    },
  });
  setUpdateActivator(async () => {
    reloadRequested = true;
    await updateServiceWorker();
  });
}
