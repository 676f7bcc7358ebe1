'use client';

// Creating or editing a dish: name, description, course, price (typed in dollars, sent in
// cents), stock, whether it is on the menu, and its dietary tags. Problems show next to their
// field, whether the browser or the server found them.
import { useState } from 'react';

import type { FieldErrors } from '@tiffin/api';
import type { DietaryTagName } from '@tiffin/domain/client-safe';
import { DIETARY_TAG_LABELS, DIETARY_TAGS } from '@tiffin/domain/client-safe';

import type { DishForm, EditedDish } from './dish-form';
import { InlineError } from '../../components/consoles/console-section';
import { Button } from '../../components/ui/button';
import { DialogClose, ModalDialog } from '../../components/ui/dialog';
import { FormField } from '../../components/ui/input';
import { firstError, otherErrors } from '../../lib/field-errors';
import { api } from '../../trpc/react';
import { dishFormFrom, dishInput } from './dish-form';

const SHOWN_FIELDS = [
  'name',
  'description',
  'category',
  'priceCents',
  'stock',
  'isAvailable',
  'tags',
];

export function DishDialog({
  open,
  dish,
  restaurantId,
  categories,
  onClose,
}: {
  open: boolean;
  /** The dish being edited; null to create one. */
  dish: EditedDish | null;
  restaurantId: string;
  /** The menu's courses, offered as suggestions. */
  categories: readonly string[];
  onClose: () => void;
}) {
  return (
    <ModalDialog
      open={open}
      onOpenChange={(next) => (next ? undefined : onClose())}
      title={dish ? `Edit ${dish.name}` : 'Add a dish'}
      size="lg"
      testId="dish-dialog"
    >
      {open && (
        <DishEditor
          key={dish?.id ?? 'new'}
          dish={dish}
          restaurantId={restaurantId}
          categories={categories}
          onDone={onClose}
        />
      )}
    </ModalDialog>
  );
}

function DishEditor({
  dish,
  restaurantId,
  categories,
  onDone,
}: {
  dish: EditedDish | null;
  restaurantId: string;
  categories: readonly string[];
  onDone: () => void;
}) {
  const utils = api.useUtils();
  const [form, setForm] = useState<DishForm>(() => dishFormFrom(dish, categories[0] ?? ''));
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const save = api.kitchen.saveItem.useMutation({
    onSuccess: async () => {
      await utils.kitchen.restaurant.invalidate({ restaurantId });
      onDone();
    },
    onError: (error) => {
      const fieldErrors = error.data?.fieldErrors;
      if (fieldErrors) {
        setErrors(fieldErrors);
        const rest = otherErrors(fieldErrors, SHOWN_FIELDS);
        setFormError(rest.length > 0 ? rest.join(' ') : null);
      } else {
        setFormError(error.message);
      }
    },
  });

  function update<K extends keyof DishForm>(field: K, value: DishForm[K]) {
    setForm((current) => ({ ...current, [field]: value }));
  }

  function toggleTag(tag: DietaryTagName, on: boolean) {
    update('tags', on ? [...form.tags, tag] : form.tags.filter((t) => t !== tag));
  }

  function submit() {
    setFormError(null);
    const result = dishInput(form, { restaurantId, editing: dish });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors(null);
    save.mutate(result.input);
  }

  const error = (field: string) => firstError(errors, field);

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      className="space-y-4"
      data-testid="dish-form"
    >
      <FormField
        id="dish-name"
        label="Name"
        value={form.name}
        onChange={(e) => update('name', e.target.value)}
        error={error('name')}
        maxLength={80}
        required
      />
      <FormField
        id="dish-description"
        label="Description"
        multiline
        value={form.description}
        onChange={(e) => update('description', e.target.value)}
        error={error('description')}
        maxLength={300}
        hint="Optional. What a customer should know before ordering."
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField
          id="dish-category"
          label="Course"
          value={form.category}
          onChange={(e) => update('category', e.target.value)}
          error={error('category')}
          list="dish-categories"
          maxLength={40}
          required
        />
        <datalist id="dish-categories">
          {categories.map((category) => (
            <option key={category} value={category} />
          ))}
        </datalist>
        <FormField
          id="dish-price"
          label="Price ($)"
          inputMode="decimal"
          placeholder="12.50"
          value={form.price}
          onChange={(e) => update('price', e.target.value)}
          error={error('priceCents')}
          required
        />
        <FormField
          id="dish-stock"
          label="Stock"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={form.stock}
          onChange={(e) => update('stock', e.target.value)}
          error={error('stock')}
          hint={dish ? 'Orders move it; change it only to recount.' : 'Portions you can sell.'}
        />
      </div>
      <label className="flex min-h-12 items-center gap-3 text-base font-medium text-stone-900">
        <input
          type="checkbox"
          checked={form.isAvailable}
          onChange={(e) => update('isAvailable', e.target.checked)}
          className="h-6 w-6 accent-emerald-700"
          data-testid="dish-available"
        />
        On the menu (customers can order it)
      </label>
      <fieldset aria-describedby={error('tags') ? 'dish-tags-error' : undefined}>
        <legend className="text-sm font-medium text-stone-800">Dietary tags</legend>
        <div className="mt-2 grid grid-cols-1 gap-1 sm:grid-cols-3">
          {DIETARY_TAGS.map((tag) => (
            <label
              key={tag}
              className="flex min-h-12 items-center gap-3 rounded-lg px-2 text-base hover:bg-stone-50"
            >
              <input
                type="checkbox"
                checked={form.tags.includes(tag)}
                onChange={(e) => toggleTag(tag, e.target.checked)}
                className="h-6 w-6 accent-emerald-700"
                data-testid={`dish-tag-${tag}`}
              />
              {DIETARY_TAG_LABELS[tag]}
            </label>
          ))}
        </div>
        {error('tags') && (
          <p id="dish-tags-error" className="text-sm text-red-700">
            {error('tags')}
          </p>
        )}
      </fieldset>
      {formError && <InlineError testId="dish-form-error">{formError}</InlineError>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <DialogClose asChild>
          <Button variant="secondary" size="xl">
            Cancel
          </Button>
        </DialogClose>
        <Button
          type="submit"
          size="xl"

          pending={save.isPending}
          data-testid="dish-save"
        >
          {dish ? 'Save changes' : 'Add dish'}
        </Button>
      </div>
    </form>
  );
}
