// The profile and saved addresses through the API: a person changes their own name and keeps up
// to MAX_SAVED_ADDRESSES labelled addresses with map points; bad input, someone else's address,
// a taken label and the limit each get a clear error and write nothing; two adds racing for the
// last place have exactly one winner.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { SavedAddressView } from '@tiffin/domain';
import type { TestDatabase, TestPerson } from '@tiffin/stack/testing';
import { MAX_SAVED_ADDRESSES } from '@tiffin/domain';
import { createTestDatabase, createTestPerson } from '@tiffin/stack/testing';

import { appRouter } from '../root';
import { call } from '../testing/api-test-kit';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(async () => {
  await t?.drop();
});

const HOME = {
  label: 'Home',
  address: '12 Orchard Lane, Flat 3',
  location: { lat: 51.52, lng: -0.1 },
};

const api = <T = unknown>(path: string, input: unknown, user: TestPerson | null) =>
  call<T>(appRouter, { db: t.db }, path, input, user);

describe('account.profile and account.updateName', () => {
  it('shows the email and its verification state; a new name is saved, a bad one refused', async () => {
    const person = await createTestPerson(t.db, { role: 'CUSTOMER', name: 'Old Name' });
    expect((await api('account.profile', undefined, person)).data).toEqual({
      email: person.email,
      name: 'Old Name',
      emailVerified: false,
    });
    const renamed = await api('account.updateName', { name: '  Priya Raman  ' }, person);
    expect(renamed.data).toEqual({ name: 'Priya Raman' });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: person.id } })).name).toBe(
      'Priya Raman',
    );

    const empty = await api('account.updateName', { name: '   ' }, person);
    expect(empty.status).toBe(400);
    expect(empty.error?.data.fieldErrors?.name).toEqual(['Enter your name']);
    const control = await api('account.updateName', { name: 'Bad\u0007Name' }, person);
    expect(control.status).toBe(400);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: person.id } })).name).toBe(
      'Priya Raman',
    );
    expect((await api('account.profile', undefined, null)).status).toBe(401);
  });
});

describe('account.addresses', () => {
  it('adds, lists, renames, moves and removes a person’s own addresses', async () => {
    const person = await createTestPerson(t.db, { role: 'CUSTOMER' });
    const added = await api<SavedAddressView>('account.addresses.add', HOME, person);
    expect(added.status).toBe(200);
    expect(added.data).toMatchObject({
      label: 'Home',
      address: HOME.address,
      lat: 51.52,
      lng: -0.1,
    });
    const id = added.data!.id;

    const renamed = await api('account.addresses.update', { id, label: 'Flat' }, person);
    expect(renamed.data).toMatchObject({ id, label: 'Flat', address: HOME.address });
    const moved = await api(
      'account.addresses.update',
      { id, address: '14 Orchard Lane', location: { lat: 51.53, lng: -0.11 } },
      person,
    );
    expect(moved.data).toMatchObject({ label: 'Flat', address: '14 Orchard Lane', lat: 51.53 });
    expect((await api('account.addresses.list', undefined, person)).data).toEqual([
      { id, label: 'Flat', address: '14 Orchard Lane', lat: 51.53, lng: -0.11 },
    ]);

    expect((await api('account.addresses.remove', { id }, person)).data).toEqual({ removed: true });
    expect(await t.db.savedAddress.count({ where: { userId: person.id } })).toBe(0);
  });

  it('another person’s address cannot be seen, changed or removed', async () => {
    const owner = await createTestPerson(t.db, { role: 'CUSTOMER' });
    const stranger = await createTestPerson(t.db, { role: 'CUSTOMER' });
    const { data } = await api<SavedAddressView>('account.addresses.add', HOME, owner);
    expect((await api('account.addresses.list', undefined, stranger)).data).toEqual([]);
    const update = await api('account.addresses.update', { id: data!.id, label: 'Mine' }, stranger);
    expect(update.status).toBe(404);
    expect(update.error?.message).toBe('That is not one of your addresses.');
    expect((await api('account.addresses.remove', { id: data!.id }, stranger)).status).toBe(404);
    const row = await t.db.savedAddress.findUniqueOrThrow({ where: { id: data!.id } });
    expect(row.label).toBe('Home');
  });

  it('refuses bad input and a taken label with clear messages, writing nothing', async () => {
    const person = await createTestPerson(t.db, { role: 'CUSTOMER' });
    const noLabel = await api('account.addresses.add', { ...HOME, label: ' ' }, person);
    expect(noLabel.error?.data.fieldErrors?.label).toEqual([
      'Give the address a label (e.g. Home)',
    ]);
    const shortAddress = await api('account.addresses.add', { ...HOME, address: 'x' }, person);
    expect(shortAddress.error?.data.fieldErrors?.address).toEqual([
      'Enter a delivery address (street and number)',
    ]);
    const offMap = await api(
      'account.addresses.add',
      { ...HOME, location: { lat: 123, lng: 0 } },
      person,
    );
    expect(offMap.status).toBe(400);
    expect(await t.db.savedAddress.count({ where: { userId: person.id } })).toBe(0);

    await api('account.addresses.add', HOME, person);
    const twice = await api('account.addresses.add', { ...HOME, address: '1 Other Road' }, person);
    expect(twice.status).toBe(400);
    expect(twice.error?.message).toBe('You already have an address called “Home”.');
    expect(await t.db.savedAddress.count({ where: { userId: person.id } })).toBe(1);
  });

  it(`keeps at most ${MAX_SAVED_ADDRESSES}; the next is refused with the limit named`, async () => {
    const person = await createTestPerson(t.db, { role: 'CUSTOMER' });
    for (let n = 1; n <= MAX_SAVED_ADDRESSES; n++) {
      expect(
        (await api('account.addresses.add', { ...HOME, label: `Place ${n}` }, person)).status,
      ).toBe(200);
    }
    const over = await api('account.addresses.add', { ...HOME, label: 'One more' }, person);
    expect(over.status).toBe(400);
    expect(over.error?.data.domain).toEqual({
      code: 'ADDRESS_LIMIT',
      details: { limit: MAX_SAVED_ADDRESSES },
    });
    expect(over.error?.message).toBe(
      `You can save up to ${MAX_SAVED_ADDRESSES} addresses. Delete one to add another.`,
    );
    expect(await t.db.savedAddress.count({ where: { userId: person.id } })).toBe(
      MAX_SAVED_ADDRESSES,
    );
  });

  it('two adds racing for the last place: exactly one is saved', async () => {
    const person = await createTestPerson(t.db, { role: 'CUSTOMER' });
    for (let n = 1; n < MAX_SAVED_ADDRESSES; n++) {
      await api('account.addresses.add', { ...HOME, label: `Place ${n}` }, person);
    }
    const replies = await Promise.all([
      api('account.addresses.add', { ...HOME, label: 'Racer A' }, person),
      api('account.addresses.add', { ...HOME, label: 'Racer B' }, person),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(replies.find((r) => r.status === 400)?.error?.data.domain?.code).toBe('ADDRESS_LIMIT');
    expect(await t.db.savedAddress.count({ where: { userId: person.id } })).toBe(
      MAX_SAVED_ADDRESSES,
    );
  });
});
