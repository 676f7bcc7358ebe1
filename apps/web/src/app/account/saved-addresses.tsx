'use client';

// The saved delivery addresses: add one (label, text, map point), rename or move one, delete one.
// Checkout offers them. The API keeps at most MAX_SAVED_ADDRESSES and says so.
import type { FormEvent } from 'react';

import { useState } from 'react';

import type { RouterOutputs } from '@tiffin/api';
import type { GeoPoint } from '@tiffin/domain/client-safe';
import { addSavedAddressInputSchema, MAX_SAVED_ADDRESSES } from '@tiffin/domain/client-safe';

import { buttonClass } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { FormField } from '../../components/ui/input';
import { api } from '../../trpc/react';
import { AddressPointPicker } from './address-point-picker';

type SavedAddress = RouterOutputs['account']['addresses']['list'][number];

export function SavedAddresses({
  initial,
  centre,
  tileUrl,
}: {
  initial: SavedAddress[];
  centre: GeoPoint;
  tileUrl: string | null;
}) {
  const list = api.account.addresses.list.useQuery(undefined, { initialData: initial });
  const addresses = list.data;
  return (
    <Card className="space-y-4" data-testid="saved-addresses">
      <div>
        <h2 className="text-lg font-semibold">Delivery addresses</h2>
        <p className="text-sm text-stone-600">
          Saved addresses fill in checkout for you. You can keep up to {MAX_SAVED_ADDRESSES}.
        </p>
      </div>
      {addresses.length === 0 ? (
        <p className="text-sm text-stone-600" data-testid="no-saved-addresses">
          No saved addresses yet.
        </p>
      ) : (
        <ul className="divide-y divide-stone-200">
          {addresses.map((address) => (
            <SavedAddressRow key={address.id} address={address} />
          ))}
        </ul>
      )}
      <AddAddressForm centre={centre} tileUrl={tileUrl} />
    </Card>
  );
}

function SavedAddressRow({ address }: { address: SavedAddress }) {
  const utils = api.useUtils();
  const [editing, setEditing] = useState(false);
  const [label, setLabel] = useState(address.label);
  const refresh = () => void utils.account.addresses.list.invalidate();
  const update = api.account.addresses.update.useMutation({
    onSuccess: () => {
      setEditing(false);
      refresh();
    },
  });
  const remove = api.account.addresses.remove.useMutation({ onSuccess: refresh });
  const error = update.error ?? remove.error;

  return (
    <li className="space-y-2 py-3" data-testid="saved-address" data-label={address.label}>
      {editing ? (
        <form
          noValidate
          className="flex flex-wrap items-end gap-2"
          aria-label={`Rename ${address.label}`}
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ id: address.id, label });
          }}
        >
          <div className="min-w-48 flex-1">
            <FormField
              id={`rename-${address.id}`}
              data-testid="rename-address-input"
              label="Label"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
            />
          </div>
          <button type="submit" className={buttonClass('primary', 'sm')} data-testid="rename-save">
            Save
          </button>
          <button
            type="button"
            className={buttonClass('secondary', 'sm')}
            onClick={() => setEditing(false)}
          >
            Cancel
          </button>
        </form>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="text-sm">
            <p className="font-semibold" data-testid="saved-address-label">
              {address.label}
            </p>
            <p className="text-stone-700">{address.address}</p>
          </div>
          <div className="flex gap-2">
            <button
              type="button"
              data-testid="rename-address"
              className={buttonClass('secondary', 'sm')}
              onClick={() => setEditing(true)}
              aria-label={`Rename ${address.label}`}
            >
              Rename
            </button>
            <button
              type="button"
              data-testid="delete-address"
              className={buttonClass('secondary', 'sm')}
              disabled={remove.isPending}
              onClick={() => remove.mutate({ id: address.id })}
              aria-label={`Delete ${address.label}`}
            >
              Delete
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-800">
          {error.data?.fieldErrors?.label?.[0] ?? error.message}
        </p>
      )}
    </li>
  );
}

function AddAddressForm({ centre, tileUrl }: { centre: GeoPoint; tileUrl: string | null }) {
  const utils = api.useUtils();
  const [label, setLabel] = useState('');
  const [address, setAddress] = useState('');
  const [point, setPoint] = useState<GeoPoint>(centre);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const add = api.account.addresses.add.useMutation({
    onSuccess: () => {
      setLabel('');
      setAddress('');
      void utils.account.addresses.list.invalidate();
    },
  });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (add.isPending) return;
    const parsed = addSavedAddressInputSchema.safeParse({ label, address, location: point });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      setClientErrors(errors);
      return;
    }
    setClientErrors({});
    add.mutate(parsed.data);
  }

  const fieldErrors = add.error?.data?.fieldErrors;
  const formError = add.error && !fieldErrors ? add.error.message : null;

  return (
    <form
      noValidate
      onSubmit={handleSubmit}
      className="space-y-3 border-t border-stone-200 pt-4"
      aria-label="Add an address"
    >
      <h3 className="font-semibold">Add an address</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField
          id="new-address-label"
          data-testid="new-address-label"
          label="Label"
          placeholder="Home, Work…"
          value={label}
          error={clientErrors.label ?? fieldErrors?.label?.[0]}
          onChange={(e) => setLabel(e.target.value)}
        />
        <FormField
          id="new-address-text"
          data-testid="new-address-text"
          label="Address"
          autoComplete="street-address"
          placeholder="12 Curry Lane, Apt 3"
          value={address}
          error={clientErrors.address ?? fieldErrors?.address?.[0]}
          onChange={(e) => setAddress(e.target.value)}
        />
      </div>
      <AddressPointPicker
        centre={centre}
        point={point}
        onMove={setPoint}
        tileUrl={tileUrl}
        label={label.trim() || 'New address'}
      />
      {formError && (
        <p role="alert" data-testid="add-address-error" className="text-sm text-red-800">
          {formError}
        </p>
      )}
      <button
        type="submit"
        data-testid="add-address"
        disabled={add.isPending}
        className={buttonClass('primary')}
      >
        {add.isPending ? 'Saving…' : 'Save address'}
      </button>
    </form>
  );
}
