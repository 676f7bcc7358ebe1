'use client';

// The Radix half of toasts (see toast.tsx): the viewport, each toast, swipe and Escape handling.
import Link from 'next/link';
import * as RadixToast from '@radix-ui/react-toast';

import type { ToastEntry, ToastTone } from './toast';

const toneClass: Record<ToastTone, string> = {
  success: 'border-emerald-300',
  error: 'border-red-300',
  info: 'border-stone-300',
};

const TOAST_MS = 3000;

export function ToastLayer({
  toasts,
  onDismiss,
}: {
  toasts: ToastEntry[];
  onDismiss: (id: number) => void;
}) {
  return (
    <RadixToast.Provider duration={TOAST_MS} swipeDirection="right">
      {toasts.map((toast) => (
        <RadixToast.Root
          key={toast.id}
          onOpenChange={(open) => (open ? undefined : onDismiss(toast.id))}
          data-testid="toast"
          className={`flex items-start gap-3 rounded-xl border-l-4 bg-white p-4 shadow-lg ring-1 ring-stone-200 ${toneClass[toast.tone ?? 'info']}`}
        >
          <div className="min-w-0 flex-1">
            <RadixToast.Title className="text-sm font-semibold text-stone-900">
              {toast.title}
            </RadixToast.Title>
            {toast.description && (
              <RadixToast.Description className="mt-0.5 text-sm text-stone-700">
                {toast.description}
              </RadixToast.Description>
            )}
          </div>
          {toast.action && (
            <RadixToast.Action altText={toast.action.label} asChild>
              <Link
                href={toast.action.href}
                className="shrink-0 rounded-lg px-2 py-1 text-sm font-semibold text-brand-700 hover:bg-brand-50"
              >
                {toast.action.label}
              </Link>
            </RadixToast.Action>
          )}
          <RadixToast.Close
            aria-label="Dismiss"
            className="shrink-0 rounded-lg px-1.5 text-lg leading-none text-stone-600 hover:bg-stone-100"
          >
            ×
          </RadixToast.Close>
        </RadixToast.Root>
      ))}
      <RadixToast.Viewport className="fixed right-0 bottom-0 z-50 flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
    </RadixToast.Provider>
  );
}
