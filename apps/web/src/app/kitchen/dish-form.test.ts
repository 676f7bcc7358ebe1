// The dish form sends what the API expects (cents, whole portions) and shows its messages.
import { describe, expect, it } from 'vitest';

import type { DishForm, EditedDish } from './dish-form';
import { dishFormFrom, dishInput, parsePriceCents, priceText } from './dish-form';

const RESTAURANT = '7c1d1f52-4b8e-4c8a-9a59-2c1f0e9d4b11';
const DISH: EditedDish = {
  id: '0d3a3c0e-5a55-4d7e-8b8e-3c1e6f1f2a77',
  name: 'Garlic Naan',
  description: 'Baked to order.',
  category: 'Sides',
  priceCents: 350,
  stock: 30,
  isAvailable: true,
  tags: ['vegetarian'],
};

function form(overrides: Partial<DishForm> = {}): DishForm {
  return { ...dishFormFrom(null, 'Mains'), name: 'Dal', price: '9.50', ...overrides };
}

describe('parsePriceCents', () => {
  it('reads dollars with up to two decimals, a dollar sign or thousands commas', () => {
    expect(parsePriceCents('12.50')).toBe(1250);
    expect(parsePriceCents('12.5')).toBe(1250);
    expect(parsePriceCents(' $12 ')).toBe(1200);
    expect(parsePriceCents('0.05')).toBe(5);
    expect(parsePriceCents('1,250.00')).toBe(125_000);
  });

  it('refuses anything else', () => {
    for (const text of ['', 'abc', '12.505', '-1', '1.2.3', '12,5', '$', '.5']) {
      expect(parsePriceCents(text), text).toBeNull();
    }
  });

  it('round-trips with priceText', () => {
    expect(priceText(350)).toBe('3.50');
    expect(parsePriceCents(priceText(1999))).toBe(1999);
  });
});

describe('dishInput', () => {
  it('builds a new dish in cents, with the stock typed', () => {
    const result = dishInput(form({ stock: '12', tags: ['vegan', 'spicy'] }), {
      restaurantId: RESTAURANT,
      editing: null,
    });
    expect(result).toEqual({
      ok: true,
      input: {
        restaurantId: RESTAURANT,
        name: 'Dal',
        description: '',
        category: 'Mains',
        priceCents: 950,
        stock: 12,
        isAvailable: true,
        tags: ['vegan', 'spicy'],
      },
    });
  });

  it('leaves the stock out of an edit that did not change it, and sends it when it did', () => {
    const untouched = dishInput(dishFormFrom(DISH), { restaurantId: RESTAURANT, editing: DISH });
    expect(untouched.ok && untouched.input).toMatchObject({ id: DISH.id, priceCents: 350 });
    expect(untouched.ok && 'stock' in untouched.input).toBe(false);

    const changed = dishInput(
      { ...dishFormFrom(DISH), stock: '4' },
      { restaurantId: RESTAURANT, editing: DISH },
    );
    expect(changed.ok && changed.input.stock).toBe(4);
  });

  it("shows the API schema's messages, keyed like its fieldErrors", () => {
    const result = dishInput(form({ name: ' ', category: '', price: 'twelve', stock: '2.5' }), {
      restaurantId: RESTAURANT,
      editing: null,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toEqual(['Enter a dish name']);
    expect(result.errors.category).toEqual(['Enter a course, e.g. Mains']);
    expect(result.errors.priceCents).toEqual(['Enter a price in dollars, like 12.50']);
    expect(result.errors.stock).toEqual(['Stock must be a whole number']);
  });

  it('refuses an empty or negative stock', () => {
    for (const stock of ['', '-3']) {
      const result = dishInput(form({ stock }), { restaurantId: RESTAURANT, editing: null });
      expect(result.ok, stock).toBe(false);
    }
  });
});
