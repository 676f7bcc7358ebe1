'use client';

// Modal dialogs on Radix: focus is trapped inside, Escape and the overlay close, and focus
// returns to whatever had it when the dialog opened. ConfirmDialog asks yes or no; ModalDialog
// holds a form of the caller's.
import type { ReactNode } from 'react';

import { useRef } from 'react';
import * as RadixDialog from '@radix-ui/react-dialog';

import { Button } from './button';

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  testId?: string;
}

/**
 * These dialogs open from code, not from a Radix Trigger, so Radix has no trigger to return focus
 * to and would leave it on <body>. Remember what had focus and hand it back on close.
 */
function useReturnFocus() {
  const returnFocusTo = useRef<Element | null>(null);
  return {
    onOpenAutoFocus: () => {
      returnFocusTo.current = document.activeElement;
    },
    onCloseAutoFocus: (event: Event) => {
      const target = returnFocusTo.current;
      if (target instanceof HTMLElement && target.isConnected) {
        event.preventDefault();
        target.focus();
      }
    },
  };
}

/** A yes/no question; "cancel" is the default focus so Enter never destroys anything. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  testId,
}: ConfirmDialogProps) {
  const returnFocus = useReturnFocus();
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-stone-900/50 backdrop-blur-[1px]" />
        <RadixDialog.Content
          data-testid={testId}
          {...returnFocus}
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-2xl bg-white p-6 shadow-xl focus:outline-none"
        >
          <RadixDialog.Title className="text-lg font-semibold">{title}</RadixDialog.Title>
          <RadixDialog.Description className="mt-2 text-sm text-stone-700">
            {description}
          </RadixDialog.Description>
          <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <RadixDialog.Close asChild>
              <Button variant="secondary" data-testid={testId ? `${testId}-cancel` : undefined}>
                {cancelLabel}
              </Button>
            </RadixDialog.Close>
            <Button
              data-testid={testId ? `${testId}-confirm` : undefined}
              onClick={() => {
                onConfirm();
                onOpenChange(false);
              }}
            >
              {confirmLabel}
            </Button>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export interface ModalDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  /** The body: usually a form with its own buttons (a DialogClose for "Cancel"). */
  children: ReactNode;
  size?: 'md' | 'lg';
  testId?: string;
}

/** A dialog around the caller's content; it scrolls inside when taller than the window. */
export function ModalDialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  size = 'md',
  testId,
}: ModalDialogProps) {
  const returnFocus = useReturnFocus();
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-stone-900/50 backdrop-blur-[1px]" />
        <RadixDialog.Content
          data-testid={testId}
          {...returnFocus}
          // Without a description Radix would point aria-describedby at nothing.
          {...(description ? {} : { 'aria-describedby': undefined })}
          className={`fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-2xl bg-white p-6 shadow-xl focus:outline-none ${size === 'lg' ? 'max-w-2xl' : 'max-w-md'}`}
        >
          <RadixDialog.Title className="text-xl font-semibold">{title}</RadixDialog.Title>
          {description && (
            <RadixDialog.Description className="mt-2 text-stone-700">
              {description}
            </RadixDialog.Description>
          )}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Closes the surrounding dialog; wrap a "Cancel" button in it. */
export const DialogClose = RadixDialog.Close;
