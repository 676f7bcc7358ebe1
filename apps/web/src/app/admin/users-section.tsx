'use client';

// Users and roles: search accounts by name or email, then give one a role (and staff their
// restaurant). The API's own schema checks a change first; what the server refuses ("you cannot
// take away your own admin role") shows on the row it is about.
import { useDeferredValue, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';

import type { Role } from '@tiffin/domain/client-safe';
import { ROLES, setRoleInputSchema } from '@tiffin/domain/client-safe';

import type { AdminRestaurant, AdminUser } from './admin-data';
import { ConsoleSection, InlineError } from '../../components/consoles/console-section';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { inputClass } from '../../components/ui/input';
import { api } from '../../trpc/react';

export const ROLE_LABELS: Record<Role, string> = {
  CUSTOMER: 'Customer',
  RESTAURANT_STAFF: 'Restaurant staff',
  COURIER: 'Courier',
  ADMIN: 'Admin',
};

const selectClass = `${inputClass} min-h-11`;

export function UsersSection({ restaurants }: { restaurants: readonly AdminRestaurant[] }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const users = api.admin.users.useQuery(
    { query: deferred },
    { placeholderData: keepPreviousData },
  );
  return (
    <ConsoleSection
      id="users"
      title="Users and roles"
      description="Staff need a restaurant; other roles have none. Changes apply at the person’s next request."
      testId="admin-users"
    >
      <div className="max-w-md space-y-1.5">
        <label htmlFor="admin-user-search" className="block text-sm font-medium text-stone-800">
          Search by name or email
        </label>
        <input
          id="admin-user-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className={`${inputClass} min-h-11`}
          data-testid="admin-user-search"
        />
      </div>
      {users.error && <InlineError>{users.error.message}</InlineError>}
      {users.data && (
        <>
          <p className="text-sm text-stone-700" aria-live="polite" data-testid="admin-user-count">
            {users.data.length === 50
              ? 'Showing the newest 50 matches; search to narrow them down.'
              : `${users.data.length} ${users.data.length === 1 ? 'account' : 'accounts'}`}
          </p>
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200">
            {users.data.map((user) => (
              <UserRow key={user.id} user={user} restaurants={restaurants} />
            ))}
          </ul>
        </>
      )}
    </ConsoleSection>
  );
}

function UserRow({
  user,
  restaurants,
}: {
  user: AdminUser;
  restaurants: readonly AdminRestaurant[];
}) {
  // Closed until asked for: fifty rows, each listing every restaurant, would be a slow page.
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const rowId = `user-${user.id}`;
  return (
    <li
      className="space-y-2 px-3 py-3"
      data-testid={`admin-user-${user.id}`}
      data-role={user.role}
      aria-labelledby={`${rowId}-name`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-semibold break-words" id={`${rowId}-name`}>
            {user.name} {user.simulated && <Badge tone="accent">Autopilot</Badge>}
          </p>
          <p className="text-sm break-all text-stone-700">{user.email}</p>
          <p className="text-sm text-stone-700" data-testid={`admin-user-summary-${user.id}`}>
            {ROLE_LABELS[user.role]}
            {user.restaurant ? ` at ${user.restaurant.name}` : ''}
            {user.role === 'COURIER' && (user.courierOnline ? ' · online' : ' · offline')}
          </p>
        </div>
        {!editing && (
          <Button
            variant="secondary"
            className="min-h-11"
            onClick={() => {
              setEditing(true);
              setSaved(false);
            }}
            aria-describedby={`${rowId}-name`}
            data-testid={`admin-user-edit-${user.id}`}
          >
            Change role
          </Button>
        )}
      </div>
      {editing && (
        <RoleEditor
          user={user}
          restaurants={restaurants}
          rowId={rowId}
          onDone={(didSave) => {
            setEditing(false);
            setSaved(didSave);
          }}
        />
      )}
      <p aria-live="polite" className="text-sm font-medium text-emerald-800">
        {saved ? 'Role saved.' : ''}
      </p>
    </li>
  );
}

function RoleEditor({
  user,
  restaurants,
  rowId,
  onDone,
}: {
  user: AdminUser;
  restaurants: readonly AdminRestaurant[];
  rowId: string;
  onDone: (saved: boolean) => void;
}) {
  const utils = api.useUtils();
  const [role, setRole] = useState<Role>(user.role);
  const [restaurantId, setRestaurantId] = useState(user.restaurant?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = api.admin.setRole.useMutation({
    onSuccess: async () => {
      await utils.admin.users.invalidate();
      onDone(true);
    },
    onError: (e) => setError(e.data?.fieldErrors?.restaurantId?.[0] ?? e.message),
  });

  function submit() {
    const parsed = setRoleInputSchema.safeParse({
      email: user.email,
      role,
      restaurantId: role === 'RESTAURANT_STAFF' ? restaurantId || null : null,
    });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Check the role and restaurant');
      return;
    }
    setError(null);
    save.mutate(parsed.data);
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      className="space-y-2 rounded-xl bg-stone-50 p-3"
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor={`${rowId}-role`} className="block text-sm font-medium text-stone-800">
            Role<span className="sr-only"> of {user.name}</span>
          </label>
          <select
            id={`${rowId}-role`}
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role);
              setError(null);
            }}
            className={selectClass}
            data-testid={`admin-user-role-${user.id}`}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        {role === 'RESTAURANT_STAFF' && (
          <div className="min-w-0 space-y-1">
            <label
              htmlFor={`${rowId}-restaurant`}
              className="block text-sm font-medium text-stone-800"
            >
              Restaurant<span className="sr-only"> of {user.name}</span>
            </label>
            <select
              id={`${rowId}-restaurant`}
              value={restaurantId}
              onChange={(e) => {
                setRestaurantId(e.target.value);
                setError(null);
              }}
              className={`${selectClass} max-w-72`}
              data-testid={`admin-user-restaurant-${user.id}`}
            >
              <option value="">Choose…</option>
              {restaurants.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <Button
          type="submit"
          className="min-h-11"
          pending={save.isPending}
          data-testid={`admin-user-save-${user.id}`}
          aria-describedby={`${rowId}-name`}
        >
          Save
        </Button>
        <Button variant="ghost" className="min-h-11" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
      {error && <InlineError testId={`admin-user-error-${user.id}`}>{error}</InlineError>}
    </form>
  );
}
