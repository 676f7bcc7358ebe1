'use client';

// The bell's panel: the newest notifications, each linking to its order; opening one marks it
// read, and "Mark all read" clears the count. Which kinds also come by email, and browser
// notifications, are switched here.
import { useEffect, useRef, useState } from 'react';
import Link from 'next/link';

import { api } from '../../trpc/react';
import {
  browserNotificationsOn,
  browserNotificationsSupported,
  disableBrowserNotifications,
  enableBrowserNotifications,
} from './browser-notifications';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

export function NotificationPanel({
  id,
  onNavigate,
  onUnreadChange,
}: {
  id: string;
  onNavigate: () => void;
  onUnreadChange: (unread: number) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const list = api.notification.list.useQuery({});
  const utils = api.useUtils();
  const afterMark = (result: { unread: number }) => {
    onUnreadChange(result.unread);
    void utils.notification.list.invalidate();
  };
  const markRead = api.notification.markRead.useMutation({ onSuccess: afterMark });
  const markAll = api.notification.markAllRead.useMutation({ onSuccess: afterMark });

  // Focus moves into the panel when it opens, so keyboard and screen-reader users land in it.
  useEffect(() => heading.current?.focus(), []);

  const items = list.data?.items ?? [];
  const anyUnread = items.some((n) => n.readAt === null);
  return (
    <section
      id={id}
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      data-testid="notification-panel"
      className="absolute right-0 z-30 mt-2 w-[min(22rem,calc(100vw-2rem))] rounded-xl border border-stone-200 bg-white shadow-lg"
    >
      <div className="flex items-center justify-between gap-2 border-b border-stone-100 px-4 py-3">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1} className="text-sm font-semibold">
          Notifications
        </h2>
        <button
          type="button"
          disabled={!anyUnread || markAll.isPending}
          onClick={() => markAll.mutate()}
          data-testid="notification-mark-all"
          className="rounded-full px-2 py-1 text-xs font-medium text-brand-800 hover:bg-brand-50 disabled:text-stone-400 disabled:hover:bg-transparent"
        >
          Mark all read
        </button>
      </div>
      {list.isPending ? (
        <p className="p-4 text-sm text-stone-500">Loading…</p>
      ) : items.length === 0 ? (
        <p className="p-4 text-sm text-stone-500" data-testid="notification-empty">
          Nothing yet. Updates about your orders will show up here.
        </p>
      ) : (
        <ul className="max-h-96 divide-y divide-stone-100 overflow-y-auto">
          {items.map((n) => (
            <li key={n.id} data-testid="notification-item" data-kind={n.kind}>
              <Link
                href={n.link ?? '#'}
                onClick={() => {
                  if (n.readAt === null) markRead.mutate({ ids: [n.id] });
                  onNavigate();
                }}
                className="block px-4 py-3 hover:bg-stone-50 focus-visible:bg-stone-50"
              >
                <span className="flex items-start gap-2">
                  {n.readAt === null && (
                    <span
                      className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-brand-600"
                      aria-label="Unread"
                      role="img"
                    />
                  )}
                  <span className="min-w-0">
                    <span className="block text-sm font-medium text-stone-900">{n.title}</span>
                    <span className="block text-sm text-stone-600">{n.body}</span>
                    <span className="block text-xs text-stone-500">
                      {timeFormat.format(new Date(n.createdAt))}
                    </span>
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <EmailPreferences />
      <BrowserNotificationsSwitch />
    </section>
  );
}

/** Which kinds also come by email: the same switch the unsubscribe link turns off. */
function EmailPreferences() {
  const preferences = api.notification.emailPreferences.useQuery();
  const utils = api.useUtils();
  // The box a person just clicked shows their choice at once, until the server has answered.
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const save = api.notification.setEmailPreference.useMutation({
    onSuccess: (next) => utils.notification.emailPreferences.setData(undefined, next),
    onSettled: (_data, _error, { kind }) => setChosen(({ [kind]: _settled, ...rest }) => rest),
  });
  if (!preferences.data) return null;
  return (
    <details className="border-t border-stone-100 px-4 py-3 text-xs text-stone-600">
      <summary className="cursor-pointer font-medium text-stone-800" data-testid="email-settings">
        Email me about…
      </summary>
      <ul className="mt-2 space-y-1">
        {preferences.data.map((p) => (
          <li key={p.kind}>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={chosen[p.kind] ?? p.email}
                data-testid={`email-preference-${p.kind}`}
                onChange={(event) => {
                  const email = event.target.checked;
                  setChosen((current) => ({ ...current, [p.kind]: email }));
                  save.mutate({ kind: p.kind, email });
                }}
              />
              {p.label.charAt(0).toUpperCase() + p.label.slice(1)}
            </label>
          </li>
        ))}
      </ul>
    </details>
  );
}

function BrowserNotificationsSwitch() {
  // The panel renders in the browser only (loaded on first open), so these read it directly.
  const [on, setOn] = useState(browserNotificationsOn);
  const [blocked, setBlocked] = useState(
    () => browserNotificationsSupported() && Notification.permission === 'denied',
  );
  if (!browserNotificationsSupported()) return null;
  return (
    <div className="border-t border-stone-100 px-4 py-3 text-xs text-stone-600">
      {blocked ? (
        <p>Browser notifications are blocked for this site in your browser’s settings.</p>
      ) : (
        <button
          type="button"
          data-testid="browser-notifications-toggle"
          className="font-medium text-brand-800 underline-offset-2 hover:underline"
          onClick={() => {
            if (on) {
              disableBrowserNotifications();
              setOn(false);
              return;
            }
            void enableBrowserNotifications().then((permission) => {
              setOn(permission === 'granted');
              setBlocked(permission === 'denied');
            });
          }}
        >
          {on ? 'Turn off browser notifications' : 'Show browser notifications too'}
        </button>
      )}
    </div>
  );
}
