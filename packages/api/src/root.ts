import { accountRouter } from './routers/account-router';
import { adminRouter } from './routers/admin-router';
import { authRouter } from './routers/auth-router';
import { cartRouter } from './routers/cart-router';
import { courierRouter } from './routers/courier-router';
import { devRouter } from './routers/dev-router';
import { kitchenRouter } from './routers/kitchen-router';
import { menuRouter } from './routers/menu-router';
import { notificationRouter } from './routers/notification-router';
import { orderRouter } from './routers/order-router';
import { paymentRouter } from './routers/payment-router';
import { restaurantRouter } from './routers/restaurant-router';
import { reviewRouter } from './routers/review-router';
import { createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  auth: authRouter,
  cart: cartRouter,
  courier: courierRouter,
  dev: devRouter,
  kitchen: kitchenRouter,
  menu: menuRouter,
  notification: notificationRouter,
  order: orderRouter,
  payment: paymentRouter,
  restaurant: restaurantRouter,
  review: reviewRouter,
});

export type AppRouter = typeof appRouter;
