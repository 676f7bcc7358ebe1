// The whole lifecycle with people in it, each in their own browser: a customer orders at a
// staffed kitchen (autopilot off) through the UI, moving the drop-off pin; the kitchen sees it
// arrive on its live board and accepts, cooks and marks it ready there; a courier goes online in
// /courier, sees the offer, claims it, picks it up and rides with a simulated position; the
// customer's tracking page shows every step, the courier's name and the courier moving on the
// map, then delivered.
import { openKitchen } from './console-steps';
import { expect, fillCart, goOnline, submitOrder, test, uniqueAddress } from './fixtures';

test('customer, kitchen and courier take an order from the checkout pin to the door', async ({
  customer,
  staff,
  courier,
  manualRestaurant,
}) => {
  const { naan, lassi } = manualRestaurant.items;
  const shop = customer.page;
  const bike = courier.page;
  const kitchen = staff.page;
  await openKitchen(kitchen, manualRestaurant);
  const address = uniqueAddress();
  let orderId = '';
  let pin = { lat: 0, lng: 0 };

  await test.step('checkout: the pin starts near the restaurant and moves with the keyboard', async () => {
    await fillCart(shop, manualRestaurant, [[naan, 2], [lassi]]);
    const marker = shop.getByTestId('drop-off-pin');
    await expect(marker).toBeVisible();
    await expect(marker).toHaveAttribute('data-inside', 'true');
    const start = Number(await marker.getAttribute('data-lat'));
    await marker.focus();
    await shop.keyboard.press('ArrowUp');
    await shop.keyboard.press('ArrowUp');
    await shop.keyboard.press('ArrowRight');
    // Two steps north of 100 m each: about 0.0018° of latitude.
    await expect
      .poll(async () => Number(await marker.getAttribute('data-lat')) - start)
      .toBeCloseTo(0.0018, 4);
    await expect(shop.getByTestId('drop-off-distance')).toContainText(manualRestaurant.name);
    pin = {
      lat: Number(await marker.getAttribute('data-lat')),
      lng: Number(await marker.getAttribute('data-lng')),
    };
    await shop.getByTestId('delivery-address').fill(address);
    const placed = await submitOrder(shop);
    if (placed instanceof Error) throw placed;
    orderId = placed.orderId;
    await shop.waitForURL(`**/orders/${orderId}`);
    const order = await customer.call('order.byId', { orderId }, 'query');
    expect(order.dropOff.lat).toBeCloseTo(pin.lat, 6);
    expect(order.dropOff.lng).toBeCloseTo(pin.lng, 6);
    await expect(shop.getByTestId('order-status')).toHaveAttribute('data-status', 'created');
    await expect(shop.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(shop.getByTestId('tracking-map')).toBeVisible();
  });

  await test.step('the courier goes online; the kitchen accepts and the offer appears', async () => {
    await goOnline(courier);
    await expect(bike.getByTestId(`offer-${orderId}`)).toHaveCount(0);

    // The order reached the kitchen's board live, without a reload.
    await expect(kitchen.getByTestId(`kitchen-order-${orderId}`)).toHaveAttribute(
      'data-status',
      'created',
    );
    await kitchen.getByTestId(`kitchen-accept-${orderId}`).click();
    await expect(shop.getByTestId('order-status')).toHaveAttribute('data-status', 'confirmed');
    await expect(shop.getByTestId('delivery-progress')).toHaveAttribute('data-status', 'waiting');
    const offer = bike.getByTestId(`offer-${orderId}`);
    await expect(offer).toBeVisible();
    await expect(offer).toContainText(manualRestaurant.name);
    await expect(offer).toContainText(address);
  });

  await test.step('cooking: the courier claims it; "Picked up" waits for the food', async () => {
    await kitchen.getByTestId(`kitchen-start-${orderId}`).click();
    await expect(shop.getByTestId('order-status')).toHaveAttribute('data-status', 'preparing');
    await bike.getByTestId(`claim-${orderId}`).click();
    const current = bike.getByTestId('current-delivery');
    await expect(current).toHaveAttribute('data-status', 'assigned');
    await expect(current).toHaveAttribute('data-order-id', orderId);
    await expect(bike.getByTestId('pick-up')).toBeDisabled();
    await expect(bike.getByTestId('kitchen-cooking')).toBeVisible();
    await expect(bike.getByTestId('courier-map')).toBeVisible();

    await expect(shop.getByTestId('delivery-progress')).toHaveAttribute('data-status', 'assigned');
    await expect(shop.getByTestId('courier-name')).toContainText('Cora');
  });

  await test.step('ready: the courier picks it up and rides with a simulated position', async () => {
    // The board names the courier who claimed it, live.
    await expect(kitchen.getByTestId(`kitchen-order-courier-${orderId}`)).toContainText('Cora');
    await kitchen.getByTestId(`kitchen-ready-${orderId}`).click();
    await expect(shop.getByTestId('order-status')).toHaveAttribute(
      'data-status',
      'ready_for_pickup',
    );
    const pickUp = bike.getByTestId('pick-up');
    await expect(pickUp).toBeEnabled();
    await pickUp.click();
    await expect(bike.getByTestId('current-delivery')).toHaveAttribute('data-status', 'on_the_way');
    // Handed over: the order leaves the kitchen's board.
    await expect(kitchen.getByTestId(`kitchen-order-${orderId}`)).toHaveCount(0);
    await expect(shop.getByTestId('order-status')).toHaveAttribute(
      'data-status',
      'out_for_delivery',
    );
    await expect(shop.getByTestId('delivery-progress')).toHaveAttribute(
      'data-status',
      'on_the_way',
    );
    await expect(shop.getByTestId('courier-name')).toContainText('Cora is on the way');

    // No location permission in this browser: the app says so and offers a simulated ride.
    await bike.getByTestId('simulate-position').click();
    await expect(bike.getByTestId('position-sharing')).toHaveAttribute('data-source', 'simulated');
    await expect(bike.getByTestId('map-marker-courier')).toBeVisible();
  });

  await test.step('the customer sees the courier move on the map, closer each time', async () => {
    const rider = shop.getByTestId('map-marker-courier');
    await expect(rider).toBeVisible();
    const first = Number(await rider.getAttribute('data-lat'));
    await expect
      .poll(async () => Number(await rider.getAttribute('data-lat')), { timeout: 15_000 })
      .not.toBe(first);
    await expect(shop.getByTestId('courier-distance')).toContainText('from you');
    await expect(shop.getByTestId('tracking-map')).toHaveAttribute(
      'aria-label',
      /Cora is .* from you/,
    );
    await expect(shop.getByTestId('order-eta')).toBeVisible();
  });

  await test.step('delivered: the courier says so, the customer sees it', async () => {
    await bike.getByTestId('deliver').click();
    await expect(bike.getByTestId('current-delivery')).toHaveCount(0);
    await expect(shop.getByTestId('order-final')).toHaveAttribute('data-final', 'delivered');
    await expect(shop.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered');
    await expect(shop.getByTestId('connection')).toHaveAttribute('data-state', 'done');
    for (const step of [
      'created',
      'confirmed',
      'preparing',
      'ready_for_pickup',
      'out_for_delivery',
      'delivered',
    ]) {
      await expect(shop.getByTestId(`step-${step}`)).toHaveAttribute('data-reached', 'true');
    }
    const order = await customer.call('order.byId', { orderId }, 'query');
    expect(order.status).toBe('delivered');
    expect(order.delivery?.status).toBe('delivered');
    expect(order.statusChanges.map((change) => change.to)).toEqual([
      'created',
      'confirmed',
      'preparing',
      'ready_for_pickup',
      'out_for_delivery',
      'delivered',
    ]);
  });
});

test('/courier: a signed-out visitor is asked to sign in, a customer is told it is for couriers', async ({
  page,
  customer,
}) => {
  await page.goto('/courier');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fcourier$/);

  await customer.page.goto('/courier');
  await expect(customer.page.getByTestId('courier-access-denied')).toContainText(
    'The courier app is for couriers',
  );
  await expect(customer.page.getByTestId('courier-online')).toHaveCount(0);
});
