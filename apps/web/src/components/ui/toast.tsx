'use client';

// Toasts: short, polite announcements (swipe or Escape to dismiss), one stack per page. The
// Radix layer that draws them loads with the first toast, keeping it out of first-load JS.
import type { ReactNode } from 'react';

import { createContext, useCallback, useContext, useRef, useState } from 'react';
import dynamic from 'next/dynamic';

export type ToastTone = 'success' | 'error' | 'info';

export interface ToastInput {
  title: string;
  description?: string;
  tone?: ToastTone;
  /** An optional link, e.g. "View cart". */
  action?: { label: string; href: string };
  /** Replaces a visible toast with the same key instead of stacking another. */
  key?: string;
}

export interface ToastEntry extends ToastInput {
  id: number;
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

const ToastLayer = dynamic(() => import('./toast-layer').then((m) => m.ToastLayer), {
  ssr: false,
});

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastEntry[]>([]);
  const nextId = useRef(0);

  const show = useCallback((toast: ToastInput) => {
    const id = ++nextId.current;
    setToasts((current) => {
      const kept = toast.key ? current.filter((t) => t.key !== toast.key) : current;
      // A handful at most: older ones scroll off rather than cover the page.
      return [...kept.slice(-2), { ...toast, id }];
    });
  }, []);

  const dismiss = useCallback(
    (id: number) => setToasts((current) => current.filter((t) => t.id !== id)),
    [],
  );

  return (
    <ToastContext.Provider value={show}>
      {children}
      {toasts.length > 0 && <ToastLayer toasts={toasts} onDismiss={dismiss} />}
    </ToastContext.Provider>
  );
}

export function useToast(): (toast: ToastInput) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>.');
  return show;
}
