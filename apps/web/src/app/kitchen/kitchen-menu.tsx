'use client';

// The menu as the kitchen runs it: every dish by course with its price and dietary tags, stock
// typed in place, an on/off switch for the menu, and a form to add or edit a dish.
import { useState } from 'react';

import { DIETARY_TAG_LABELS } from '@tiffin/domain/client-safe';

import type { EditedDish } from './dish-form';
import type { KitchenRestaurant } from './kitchen-console';
import { ToggleSwitch } from '../../components/consoles/toggle-switch';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/card';
import { formatMoney } from '../../lib/money';
import { api } from '../../trpc/react';
import { DishDialog } from './dish-dialog';
import { StockField } from './stock-field';

type Dish = KitchenRestaurant['menuItems'][number];

function byCourse(dishes: readonly Dish[]): [string, Dish[]][] {
  const courses = new Map<string, Dish[]>();
  for (const dish of dishes) {
    const list = courses.get(dish.category) ?? [];
    list.push(dish);
    courses.set(dish.category, list);
  }
  return [...courses.entries()];
}

export function KitchenMenu({ restaurant }: { restaurant: KitchenRestaurant }) {
  const [editing, setEditing] = useState<{ dish: EditedDish | null } | null>(null);
  const courses = byCourse(restaurant.menuItems);

  return (
    <div className="space-y-6" data-testid="kitchen-menu">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-base text-stone-700">
          {restaurant.menuItems.length} dishes. Stock saves when you leave the field or press Enter.
        </p>
        <Button
          size="xl"

          onClick={() => setEditing({ dish: null })}
          data-testid="dish-add"
        >
          Add a dish
        </Button>
      </div>

      {courses.length === 0 ? (
        <EmptyState title="No dishes yet">Add the first one to open your menu.</EmptyState>
      ) : (
        courses.map(([course, dishes], index) => (
          <section key={course} aria-labelledby={`course-${index}`} className="space-y-2">
            <h2 id={`course-${index}`} className="text-xl font-bold">
              {course}
            </h2>
            <ul className="divide-y divide-stone-200 overflow-hidden rounded-2xl border border-stone-300 bg-white">
              {dishes.map((dish) => (
                <DishRow
                  key={dish.id}
                  dish={dish}
                  restaurantId={restaurant.id}
                  onEdit={() => setEditing({ dish })}
                />
              ))}
            </ul>
          </section>
        ))
      )}

      <DishDialog
        open={editing !== null}
        dish={editing?.dish ?? null}
        restaurantId={restaurant.id}
        categories={courses.map(([course]) => course)}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}

function DishRow({
  dish,
  restaurantId,
  onEdit,
}: {
  dish: Dish;
  restaurantId: string;
  onEdit: () => void;
}) {
  const utils = api.useUtils();
  const [error, setError] = useState<string | null>(null);
  const setAvailable = api.kitchen.setItemAvailable.useMutation({
    onSuccess: (updated) => {
      setError(null);
      utils.kitchen.restaurant.setData({ restaurantId }, (current) =>
        current
          ? {
              ...current,
              menuItems: current.menuItems.map((i) =>
                i.id === updated.id ? { ...i, isAvailable: updated.isAvailable } : i,
              ),
            }
          : current,
      );
    },
    onError: (e) => setError(e.message),
  });

  return (
    <li
      className="grid gap-3 p-4 sm:grid-cols-[minmax(0,1fr)_auto] lg:grid-cols-[minmax(0,1fr)_auto_auto_auto] lg:items-center"
      data-testid={`menu-dish-${dish.id}`}
      data-available={String(dish.isAvailable)}
      data-stock={dish.stock}
    >
      <div className="min-w-0">
        <p className="flex flex-wrap items-baseline gap-x-3 text-lg font-semibold">
          <span className="break-words">{dish.name}</span>
          <span className="tabular-nums text-stone-800" data-testid={`menu-dish-price-${dish.id}`}>
            {formatMoney(dish.priceCents)}
          </span>
        </p>
        {dish.description && <p className="text-sm text-stone-700">{dish.description}</p>}
        {dish.tags.length > 0 && (
          <ul className="mt-1 flex flex-wrap gap-1" aria-label={`Dietary tags of ${dish.name}`}>
            {dish.tags.map((tag) => (
              <li key={tag}>
                <Badge tone="success">{DIETARY_TAG_LABELS[tag]}</Badge>
              </li>
            ))}
          </ul>
        )}
      </div>
      <StockField item={dish} restaurantId={restaurantId} />
      <div className="flex flex-col">
        <ToggleSwitch
          checked={dish.isAvailable}
          onChange={(available) => setAvailable.mutate({ menuItemId: dish.id, available })}
          pending={setAvailable.isPending}
          label={
            <>
              On the menu<span className="sr-only">: {dish.name}</span>
            </>
          }
          onText="Customers can order it"
          offText="Hidden from customers"
          testId={`dish-available-${dish.id}`}
        />
        {error && (
          <p role="alert" className="text-sm font-medium text-red-800">
            {error}
          </p>
        )}
      </div>
      <Button
        variant="secondary"
        size="xl"

        onClick={onEdit}
        data-testid={`dish-edit-${dish.id}`}
      >
        Edit<span className="sr-only"> {dish.name}</span>
      </Button>
    </li>
  );
}
