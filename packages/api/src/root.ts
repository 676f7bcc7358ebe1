import { adminRouter } from './routers/admin-router';
import { authRouter } from './routers/auth-router';
import { cartRouter } from './routers/cart-router';
import { courierRouter } from './routers/courier-router';
import { devRouter } from './routers/dev-router';
import { kitchenRouter } from './routers/kitchen-router';
import { menuRouter } from './routers/menu-router';
import { notificationRouter } from './routers/notification-router';
import { orderRouter } from './routers/order-router';
import { restaurantRouter } from './routers/restaurant-router';
import { createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  admin: adminRouter,
  auth: authRouter,
  cart: cartRouter,
  courier: courierRouter,
  dev: devRouter,
  kitchen: kitchenRouter,
  menu: menuRouter,
  notification: notificationRouter,
  order: orderRouter,
  restaurant: restaurantRouter,
});

export type AppRouter = typeof appRouter;
