'use client';

// The restaurant's week: one or more opening intervals per day (or the day closed), in the
// restaurant's own time zone, or no fixed hours at all. Saved as a whole, as the API stores it,
// with each problem shown at the field it is about.
import { useState } from 'react';

import { availability, describeNextOpening, WEEKDAY_NAMES } from '@tiffin/domain/client-safe';

import type { KitchenRestaurant } from './kitchen-console';
import type { DayDraft, HoursErrors, HoursForm, IntervalDraft } from './opening-hours-form';
import { InlineError } from '../../components/consoles/console-section';
import { touchInputClass } from '../../components/consoles/touch-input';
import { Button } from '../../components/ui/button';
import { api } from '../../trpc/react';
import {
  DEFAULT_INTERVAL,
  hoursErrorsFromServer,
  hoursFormFrom,
  hoursInput,
  MAX_INTERVALS_PER_DAY,
} from './opening-hours-form';

export function OpeningHoursEditor({
  restaurant,
  now,
}: {
  restaurant: KitchenRestaurant;
  now: number | null;
}) {
  const utils = api.useUtils();
  const [form, setForm] = useState<HoursForm>(() => hoursFormFrom(restaurant.hours));
  const [errors, setErrors] = useState<HoursErrors>({});
  const [saved, setSaved] = useState(false);
  const save = api.kitchen.setOpeningHours.useMutation({
    onSuccess: (result) => {
      utils.kitchen.restaurant.setData({ restaurantId: restaurant.id }, (current) =>
        current ? { ...current, hours: result.hours } : current,
      );
      setSaved(true);
    },
    onError: (error, sent) => {
      const fieldErrors = error.data?.fieldErrors;
      setErrors(
        fieldErrors
          ? hoursErrorsFromServer(fieldErrors, sent.hours, form)
          : { _form: error.message },
      );
    },
  });

  function change(next: HoursForm) {
    setForm(next);
    setSaved(false);
  }

  function changeDay(weekday: number, edit: (day: DayDraft) => DayDraft) {
    change({ ...form, days: form.days.map((d) => (d.weekday === weekday ? edit(d) : d)) });
  }

  function changeInterval(weekday: number, index: number, patch: Partial<IntervalDraft>) {
    changeDay(weekday, (day) => ({
      ...day,
      intervals: day.intervals.map((interval, i) =>
        i === index ? { ...interval, ...patch } : interval,
      ),
    }));
  }

  function submit() {
    const result = hoursInput(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate({ hours: result.hours, restaurantId: restaurant.id });
  }

  const monday = form.days[0];
  const status = now === null ? null : availability(restaurant, new Date(now));

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      className="space-y-5"
      data-testid="hours-form"
    >
      <div className="rounded-2xl border border-stone-300 bg-white p-4 text-base">
        <p>
          Times are in <strong data-testid="hours-time-zone">{restaurant.timeZone}</strong>, the
          restaurant’s time zone.
        </p>
        {status && (
          <p className="mt-1" data-testid="hours-now" data-open={String(status.open)}>
            Right now:{' '}
            <strong>
              {status.open
                ? 'taking orders'
                : status.reason === 'switched_off'
                  ? 'not taking orders (the switch is off)'
                  : `closed by the hours; ${describeNextOpening(status.opensNext)}`}
            </strong>
          </p>
        )}
      </div>

      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold">When do you take orders?</legend>
        {(
          [
            ['weekly', 'During the weekly hours below (and while the switch is on)'],
            ['always', 'No fixed hours: whenever the switch is on'],
          ] as const
        ).map(([mode, label]) => (
          <label key={mode} className="flex min-h-12 items-center gap-3 text-base">
            <input
              type="radio"
              name="hours-mode"
              value={mode}
              checked={form.mode === mode}
              onChange={() => change({ ...form, mode })}
              className="h-6 w-6 accent-brand-700"
              data-testid={`hours-mode-${mode}`}
            />
            {label}
          </label>
        ))}
      </fieldset>

      {form.mode === 'weekly' && (
        <div className="space-y-3">
          {monday && (
            <Button
              variant="secondary"
              className="min-h-12"
              onClick={() =>
                change({
                  ...form,
                  days: form.days.map((d) => ({
                    ...d,
                    open: monday.open,
                    intervals: monday.intervals.map((i) => ({ ...i })),
                  })),
                })
              }
              data-testid="hours-copy-monday"
            >
              Copy Monday to every day
            </Button>
          )}
          {form.days.map((day) => (
            <DayRow
              key={day.weekday}
              day={day}
              errors={errors}
              onOpen={(open) => changeDay(day.weekday, (d) => ({ ...d, open }))}
              onInterval={(index, patch) => changeInterval(day.weekday, index, patch)}
              onAdd={() =>
                changeDay(day.weekday, (d) => ({
                  ...d,
                  intervals: [...d.intervals, { ...DEFAULT_INTERVAL, opensAt: '17:00' }],
                }))
              }
              onRemove={(index) =>
                changeDay(day.weekday, (d) => ({
                  ...d,
                  intervals: d.intervals.filter((_, i) => i !== index),
                }))
              }
            />
          ))}
        </div>
      )}

      {errors._form && <InlineError testId="hours-error">{errors._form}</InlineError>}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          size="xl"

          pending={save.isPending}
          data-testid="hours-save"
        >
          Save hours
        </Button>
        <Button
          variant="secondary"
          size="xl"

          onClick={() => {
            change(hoursFormFrom(restaurant.hours));
            setErrors({});
          }}
        >
          Undo changes
        </Button>
        <p aria-live="polite" className="font-medium text-emerald-800" data-testid="hours-saved">
          {saved ? 'Hours saved.' : ''}
        </p>
      </div>
    </form>
  );
}

function DayRow({
  day,
  errors,
  onOpen,
  onInterval,
  onAdd,
  onRemove,
}: {
  day: DayDraft;
  errors: HoursErrors;
  onOpen: (open: boolean) => void;
  onInterval: (index: number, patch: Partial<IntervalDraft>) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
}) {
  const name = WEEKDAY_NAMES[day.weekday - 1] ?? `Day ${day.weekday}`;
  return (
    <fieldset
      className="rounded-2xl border border-stone-300 bg-white p-4"
      data-testid={`hours-day-${day.weekday}`}
      data-open={String(day.open)}
    >
      <legend className="sr-only">{name}</legend>
      <div className="flex flex-wrap items-start gap-x-6 gap-y-3">
        <label className="flex min-h-12 w-40 items-center gap-3 text-lg font-semibold">
          <input
            type="checkbox"
            checked={day.open}
            onChange={(e) => onOpen(e.target.checked)}
            className="h-6 w-6 accent-emerald-700"
            data-testid={`hours-open-${day.weekday}`}
          />
          {name}
        </label>
        {day.open ? (
          <div className="min-w-0 flex-1 space-y-3">
            {day.intervals.map((interval, index) => {
              const key = `${day.weekday}.${index}`;
              const intervalError = errors[key];
              return (
                <div key={index} className="space-y-1">
                  <div className="flex flex-wrap items-end gap-3">
                    <ClockField
                      id={`hours-${day.weekday}-${index}-opens`}
                      label="Opens"
                      dayName={name}
                      value={interval.opensAt}
                      error={errors[`${key}.opensAt`]}
                      intervalErrorId={intervalError ? `${key}-error` : undefined}
                      onChange={(opensAt) => onInterval(index, { opensAt })}
                    />
                    <span aria-hidden="true" className="pb-3 text-lg">
                      –
                    </span>
                    <ClockField
                      id={`hours-${day.weekday}-${index}-closes`}
                      label="Closes"
                      dayName={name}
                      value={interval.closesAt}
                      error={errors[`${key}.closesAt`]}
                      intervalErrorId={intervalError ? `${key}-error` : undefined}
                      onChange={(closesAt) => onInterval(index, { closesAt })}
                    />
                    {day.intervals.length > 1 && (
                      <Button variant="ghost" className="min-h-12" onClick={() => onRemove(index)}>
                        Remove
                        <span className="sr-only">
                          {' '}
                          {name} interval {index + 1}
                        </span>
                      </Button>
                    )}
                  </div>
                  {intervalError && (
                    <p
                      id={`${key}-error`}
                      className="text-sm font-medium text-red-800"
                      data-testid={`hours-error-${day.weekday}-${index}`}
                    >
                      {intervalError}
                    </p>
                  )}
                </div>
              );
            })}
            {day.intervals.length < MAX_INTERVALS_PER_DAY && (
              <Button variant="ghost" className="min-h-12" onClick={onAdd}>
                Add an interval<span className="sr-only"> on {name}</span>
              </Button>
            )}
          </div>
        ) : (
          <p className="flex min-h-12 items-center text-base text-stone-700">Closed all day</p>
        )}
      </div>
    </fieldset>
  );
}

function ClockField({
  id,
  label,
  dayName,
  value,
  error,
  intervalErrorId,
  onChange,
}: {
  id: string;
  label: string;
  dayName: string;
  value: string;
  error: string | undefined;
  /** The interval's own problem (e.g. closes before it opens), shown below both times. */
  intervalErrorId: string | undefined;
  onChange: (value: string) => void;
}) {
  const describedBy = [error ? `${id}-error` : null, intervalErrorId ?? null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
        <span className="sr-only"> on {dayName}</span>
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        inputMode="numeric"
        placeholder="HH:MM"
        maxLength={5}
        aria-invalid={error || intervalErrorId ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={`${touchInputClass} w-28 tabular-nums`}
        data-testid={id}
      />
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
