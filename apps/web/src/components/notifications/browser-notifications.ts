// Opt-in browser notifications (the Notification API): the person switches them on in the panel,
// the choice is kept in this browser, and the bell shows one only while the tab is hidden.
const OPT_IN_KEY = 'tiffin.browser-notifications.v1';

export function browserNotificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** On only when this browser opted in and the permission is granted. */
export function browserNotificationsOn(): boolean {
  return (
    browserNotificationsSupported() &&
    Notification.permission === 'granted' &&
    window.localStorage.getItem(OPT_IN_KEY) === 'on'
  );
}

/** Asks for the permission (a click must start this) and records the choice. */
export async function enableBrowserNotifications(): Promise<NotificationPermission> {
  const permission = await Notification.requestPermission();
  if (permission === 'granted') window.localStorage.setItem(OPT_IN_KEY, 'on');
  return permission;
}

export function disableBrowserNotifications(): void {
  window.localStorage.removeItem(OPT_IN_KEY);
}

export function showBrowserNotification(title: string, body: string, link: string | null): void {
  if (!browserNotificationsOn() || !document.hidden) return;
  const shown = new Notification(title, { body, tag: `tiffin-${title}` });
  if (link) {
    shown.addEventListener('click', () => {
      window.focus();
      window.location.assign(link);
    });
  }
}
