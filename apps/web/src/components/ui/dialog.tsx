'use client';

// Modal dialogs on Radix: focus is trapped inside, Escape and the overlay close, and focus
// returns to whatever had it when the dialog opened.
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
  // These dialogs open from code, not from a Radix Trigger, so Radix has no trigger to return
  // focus to and would leave it on <body>. Remember what had focus and hand it back on close.
  const returnFocusTo = useRef<Element | null>(null);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-stone-900/50 backdrop-blur-[1px]" />
        <RadixDialog.Content
          data-testid={testId}
          onOpenAutoFocus={() => {
            returnFocusTo.current = document.activeElement;
          }}
          onCloseAutoFocus={(event) => {
            const target = returnFocusTo.current;
            if (target instanceof HTMLElement && target.isConnected) {
              event.preventDefault();
              target.focus();
            }
          }}
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
