'use client';

// Tabs for a console (the ARIA tabs pattern): arrow keys, Home and End move between tabs, and
// every panel stays mounted (only hidden), so a half-typed form or a live feed survives a switch.
import type { KeyboardEvent, ReactNode } from 'react';

import { useRef } from 'react';

export interface ConsoleTab<K extends string> {
  key: K;
  label: ReactNode;
  /** A count shown after the label (e.g. new orders); announced with it. */
  badge?: number;
  panel: ReactNode;
}

export function ConsoleTabs<K extends string>({
  id,
  label,
  tabs,
  selected,
  onSelect,
}: {
  id: string;
  /** The tab list's accessible name. */
  label: string;
  tabs: readonly ConsoleTab<K>[];
  selected: K;
  onSelect: (key: K) => void;
}) {
  const buttons = useRef(new Map<K, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const last = tabs.length - 1;
    const target =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (target === null) return;
    event.preventDefault();
    const tab = tabs[target];
    if (!tab) return;
    onSelect(tab.key);
    buttons.current.get(tab.key)?.focus();
  }

  return (
    <div>
      <div
        role="tablist"
        aria-label={label}
        className="flex gap-1 overflow-x-auto border-b border-stone-300"
      >
        {tabs.map((tab, index) => {
          const active = tab.key === selected;
          return (
            <button
              key={tab.key}
              ref={(el) => {
                if (el) buttons.current.set(tab.key, el);
                else buttons.current.delete(tab.key);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${tab.key}`}
              aria-selected={active}
              aria-controls={`${id}-panel-${tab.key}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab.key)}
              onKeyDown={(event) => onKeyDown(event, index)}
              data-testid={`${id}-tab-${tab.key}`}
              className={`-mb-px inline-flex min-h-12 shrink-0 items-center gap-2 border-b-4 px-4 text-lg font-semibold transition focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-700 ${
                active
                  ? 'border-brand-700 text-stone-900'
                  : 'border-transparent text-stone-700 hover:border-stone-300 hover:text-stone-900'
              }`}
            >
              {tab.label}
              {tab.badge !== undefined && tab.badge > 0 && (
                <span className="rounded-full bg-red-700 px-2 py-0.5 text-sm font-bold text-white tabular-nums">
                  {tab.badge}
                  <span className="sr-only"> new</span>
                </span>
              )}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.key}
          role="tabpanel"
          id={`${id}-panel-${tab.key}`}
          aria-labelledby={`${id}-tab-${tab.key}`}
          hidden={tab.key !== selected}
          className="pt-6"
          data-testid={`${id}-panel-${tab.key}`}
        >
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
