/**
 * Registers /sw.js (built by client/sw/plugin.ts), which keeps the app shell so a page reloaded
 * offline still opens its canvas. Browsers allow service workers only in a secure context:
 * localhost and https, not plain http on a LAN address (see the README).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      // Without it everything works online; only an offline reload would not.
      console.warn('Stip: no service worker, an offline reload will not work', error);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
