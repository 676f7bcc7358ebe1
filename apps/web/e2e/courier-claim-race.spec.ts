// Two couriers press "Claim" on the same delivery at the same moment: exactly one gets it, the
// other is told it is already taken and no longer sees it on offer.
import { expect, goOnline, placeApiOrder, test } from './fixtures';

test('two couriers claim one delivery at once: exactly one gets it, the other sees "already taken"', async ({
  customer,
  staff,
  courier,
  secondCourier,
  manualRestaurant,
}) => {
  const { orderId } = await placeApiOrder(customer, manualRestaurant);
  await goOnline(courier);
  await goOnline(secondCourier);
  await staff.call('kitchen.accept', { orderId });
  const riders = [courier, secondCourier];
  for (const rider of riders) {
    await expect(rider.page.getByTestId(`claim-${orderId}`)).toBeEnabled();
  }

  // Both presses in the same few milliseconds: a click that waited for actionability could come
  // after the other courier's claim had already taken the offer off this page.
  const pressed = await Promise.all(
    riders.map((rider) =>
      rider.page.evaluate((id) => {
        const button = document.querySelector<HTMLButtonElement>(`[data-testid="claim-${id}"]`);
        button?.click();
        return button !== null;
      }, orderId),
    ),
  );
  expect(pressed).toEqual([true, true]);

  const outcome = async (rider: (typeof riders)[number]) => {
    if ((await rider.page.getByTestId('current-delivery').count()) > 0) return 'won';
    if ((await rider.page.getByTestId('claim-error').count()) > 0) return 'lost';
    return 'waiting';
  };
  await expect
    .poll(async () => (await Promise.all(riders.map(outcome))).sort())
    .toEqual(['lost', 'won']);

  const winner = (await outcome(courier)) === 'won' ? courier : secondCourier;
  const loser = winner === courier ? secondCourier : courier;
  await expect(winner.page.getByTestId('current-delivery')).toHaveAttribute(
    'data-order-id',
    orderId,
  );
  await expect(loser.page.getByTestId('claim-error')).toHaveText(
    'Another courier has already taken this delivery.',
  );
  await expect(loser.page.getByTestId(`offer-${orderId}`)).toHaveCount(0);
  await expect(loser.page.getByTestId('current-delivery')).toHaveCount(0);

  const order = await customer.call('order.byId', { orderId }, 'query');
  expect(order.delivery?.status).toBe('assigned');
  expect(order.delivery?.courierFirstName).toBe(winner.user.name.split(' ')[0]);
  expect(await loser.call('courier.current', undefined, 'query')).toBeNull();
});
