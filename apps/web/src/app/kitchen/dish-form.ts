// The dish form's rules, apart from React: prices typed in dollars become integer cents, stock
// typed as text becomes a number, and the whole is checked with the API's own schema, so the
// form shows the same messages the server would send (keyed the same way as its fieldErrors).
import type { FieldErrors } from '@tiffin/api';
import type { DietaryTagName, SaveMenuItemInput } from '@tiffin/domain/client-safe';
import { saveMenuItemInputSchema } from '@tiffin/domain/client-safe';

import { fieldErrorsFromZod } from '../../lib/field-errors';

export interface DishForm {
  name: string;
  description: string;
  category: string;
  /** Dollars as typed: "12.50", "$12.5", "12". */
  price: string;
  /** Portions as typed. */
  stock: string;
  isAvailable: boolean;
  tags: DietaryTagName[];
}

export interface EditedDish {
  id: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  stock: number;
  isAvailable: boolean;
  tags: readonly DietaryTagName[];
}

/** "12.50" → 1250; null for anything that is not a plain amount with at most two decimals. */
export function parsePriceCents(text: string): number | null {
  const match = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const dollars = Number((match[1] ?? '').replaceAll(',', ''));
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  return dollars * 100 + cents;
}

/** 1250 → "12.50", as the price field shows it. */
export function priceText(cents: number): string {
  return (cents / 100).toFixed(2);
}

export function dishFormFrom(dish: EditedDish | null, defaultCategory = ''): DishForm {
  if (!dish) {
    return {
      name: '',
      description: '',
      category: defaultCategory,
      price: '',
      stock: '0',
      isAvailable: true,
      tags: [],
    };
  }
  return {
    name: dish.name,
    description: dish.description,
    category: dish.category,
    price: priceText(dish.priceCents),
    stock: String(dish.stock),
    isAvailable: dish.isAvailable,
    tags: [...dish.tags],
  };
}

export type DishInputResult =
  { ok: true; input: SaveMenuItemInput } | { ok: false; errors: FieldErrors };

/**
 * What to send to kitchen.saveItem, or the problems to show. When editing, stock goes only if
 * the cook changed it: orders move it meanwhile, and an untouched field must not undo them.
 */
export function dishInput(
  form: DishForm,
  opts: { restaurantId: string; editing: EditedDish | null },
): DishInputResult {
  const errors: FieldErrors = {};
  const priceCents = parsePriceCents(form.price);
  if (priceCents === null) errors.priceCents = ['Enter a price in dollars, like 12.50'];
  const stockText = form.stock.trim();
  const stock = stockText === '' ? Number.NaN : Number(stockText);
  const stockChanged = !opts.editing || stock !== opts.editing.stock;
  const candidate: SaveMenuItemInput = {
    ...(opts.editing ? { id: opts.editing.id } : {}),
    restaurantId: opts.restaurantId,
    name: form.name,
    description: form.description,
    category: form.category,
    priceCents: priceCents ?? 0,
    ...(stockChanged ? { stock } : {}),
    isAvailable: form.isAvailable,
    tags: form.tags,
  };
  const parsed = saveMenuItemInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const [field, messages] of Object.entries(fieldErrorsFromZod(parsed.error))) {
      if (field === 'priceCents' && errors.priceCents) continue;
      errors[field] = messages;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: candidate };
}
