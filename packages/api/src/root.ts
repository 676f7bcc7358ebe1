import { authRouter } from './routers/auth-router';
import { cartRouter } from './routers/cart-router';
import { devRouter } from './routers/dev-router';
import { menuRouter } from './routers/menu-router';
import { orderRouter } from './routers/order-router';
import { restaurantRouter } from './routers/restaurant-router';
import { createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  cart: cartRouter,
  dev: devRouter,
  menu: menuRouter,
  order: orderRouter,
  restaurant: restaurantRouter,
});

export type AppRouter = typeof appRouter;
