'use client';

// The header's bell: the live unread count from `notification.live`, a panel of recent
// notifications (loaded only when first opened, so pages stay light), and a polite live region
// that reads out each new one. Escape or a click outside closes the panel and focus returns here.
import { useEffect, useId, useRef, useState } from 'react';
import dynamic from 'next/dynamic';

import { api } from '../../trpc/react';
import { showBrowserNotification } from './browser-notifications';

const NotificationPanel = dynamic(
  () => import('./notification-panel').then((m) => m.NotificationPanel),
  { ssr: false, loading: () => <p className="p-4 text-sm text-stone-500">Loading…</p> },
);

export function NotificationBell() {
  const [unread, setUnread] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const utils = api.useUtils();

  api.notification.live.useSubscription(undefined, {
    onData: ({ data: message }) => {
      setUnread(message.unread);
      if (message.kind !== 'notification') return;
      const { title, body, link } = message.notification;
      setAnnouncement(`New notification: ${title}. ${body}`);
      showBrowserNotification(title, body, link);
      void utils.notification.list.invalidate();
    },
  });

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close(true);
    };
    const onPointer = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const count = unread ?? 0;
  const label = count === 0 ? 'Notifications' : `Notifications, ${count} unread`;
  return (
    <div ref={container} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        data-testid="notification-bell"
        data-live={unread !== null}
        onClick={() => (open ? close(false) : setOpen(true))}
        className="relative grid h-9 w-9 place-items-center rounded-full text-stone-700 transition hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="h-5 w-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path
            d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        {count > 0 && (
          <span
            aria-hidden="true"
            data-testid="notification-unread"
            className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-brand-700 px-1 text-center text-xs leading-5 font-semibold text-white"
          >
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      <p aria-live="polite" className="sr-only" data-testid="notification-announcer">
        {announcement}
      </p>
      {open && (
        <NotificationPanel
          id={panelId}
          onNavigate={() => close(false)}
          onUnreadChange={(n) => setUnread(n)}
        />
      )}
    </div>
  );
}
