// The demo catalogue and logins, kept apart from the seeding logic so `npm start` can print the
// logins without touching the database. A handful of dishes start with 1–3 in stock on purpose,
// so low-stock and sold-out states show up after a couple of orders.
import type { DietaryTag } from '../generated/prisma/enums';
import { Role } from '../generated/prisma/enums';

/** Every day of the week, around the clock. */
const ALWAYS = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: 0, closesAt: 1440 }));
/** Lunch to late, every day. */
const LUNCH_TO_LATE = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  opensAt: 11 * 60 + 30,
  closesAt: 23 * 60,
}));

export interface SeedMenuItem {
  /** Unique within its restaurant: the seed upserts on (restaurantId, name). */
  name: string;
  description: string;
  category: string;
  priceCents: number;
  /** Initial stock only; the seed never overwrites stock on an existing item. */
  stock: number;
  imageUrl: string;
  sortOrder: number;
  tags: readonly DietaryTag[];
}

export interface SeedRestaurant {
  slug: string;
  name: string;
  description: string;
  cuisine: string;
  imageUrl: string;
  isOpen: boolean;
  address: string;
  lat: number;
  lng: number;
  timeZone: string;
  /** Fees and tax (pricing/price-order.ts): cents, and percentages in basis points (875 = 8.75 %). */
  deliveryFeeCents: number;
  minimumOrderCents: number;
  serviceFeeBps: number;
  taxRateBps: number;
  /** Weekly hours in minutes after local midnight; the seed writes them once, staff edit them. */
  hours: readonly { weekday: number; opensAt: number; closesAt: number }[];
  menuItems: readonly SeedMenuItem[];
}

export interface DemoLogin {
  email: string;
  role: Role;
  name: string;
}

export interface SeedUser extends DemoLogin {
  /** Slug of the restaurant a RESTAURANT_STAFF user works for. */
  restaurantSlug?: string;
}

/** A courier the autopilot plays: it never signs in, so it has no usable password. */
export interface SimulatedCourier {
  email: string;
  name: string;
}

/** Dev-only password shared by every demo login; `npm start` prints it. Never use outside local/demo data. */
export const DEMO_PASSWORD = 'tiffin-demo-1';

const SAFFRON_TANDOOR = 'saffron-tandoor';

export const SEED_RESTAURANTS: readonly SeedRestaurant[] = [
  {
    slug: SAFFRON_TANDOOR,
    name: 'Saffron Tandoor',
    description:
      'North Indian curries and clay-oven breads, slow-cooked the way the owner’s grandmother made them in Amritsar.',
    cuisine: 'Indian',
    imageUrl: `/images/restaurants/${SAFFRON_TANDOOR}.svg`,
    isOpen: true,
    address: '12 Drury Lane, London WC2B 5RE',
    lat: 51.515,
    lng: -0.1216,
    timeZone: 'Europe/London',
    deliveryFeeCents: 199,
    minimumOrderCents: 0,
    serviceFeeBps: 500,
    taxRateBps: 875,
    hours: ALWAYS,
    menuItems: [
      {
        name: 'Vegetable Samosas',
        description:
          'Two crisp pastries filled with spiced potato and peas, with tamarind chutney.',
        category: 'Starters',
        priceCents: 550,
        stock: 80,
        imageUrl: '/images/menu/saffron-tandoor/vegetable-samosas.svg',
        sortOrder: 1,
        tags: ['vegetarian', 'vegan', 'dairy_free'],
      },
      {
        name: 'Onion Bhaji',
        description: 'Sliced onion fritters in a gram-flour batter, served with mint raita.',
        category: 'Starters',
        priceCents: 495,
        stock: 60,
        imageUrl: '/images/menu/saffron-tandoor/onion-bhaji.svg',
        sortOrder: 2,
        tags: ['vegetarian', 'gluten_free'],
      },
      {
        name: 'Chicken Tikka',
        description:
          'Yoghurt-marinated chicken thigh, charred in the tandoor, with lemon and onion salad.',
        category: 'Starters',
        priceCents: 850,
        stock: 50,
        imageUrl: '/images/menu/saffron-tandoor/chicken-tikka.svg',
        sortOrder: 3,
        tags: ['gluten_free'],
      },
      {
        name: 'Butter Chicken',
        description: 'Tandoori chicken simmered in a silky tomato, butter and fenugreek sauce.',
        category: 'Mains',
        priceCents: 1595,
        stock: 40,
        imageUrl: '/images/menu/saffron-tandoor/butter-chicken.svg',
        sortOrder: 4,
        tags: ['gluten_free'],
      },
      {
        name: 'Lamb Rogan Josh',
        description: 'Kashmiri-style lamb shoulder braised with chilli, cardamom and fennel.',
        category: 'Mains',
        priceCents: 1795,
        stock: 2,
        imageUrl: '/images/menu/saffron-tandoor/lamb-rogan-josh.svg',
        sortOrder: 5,
        tags: ['gluten_free', 'spicy', 'dairy_free'],
      },
      {
        name: 'Palak Paneer',
        description: 'Fresh cottage cheese in a smooth spinach sauce with garlic and ginger.',
        category: 'Mains',
        priceCents: 1395,
        stock: 45,
        imageUrl: '/images/menu/saffron-tandoor/palak-paneer.svg',
        sortOrder: 6,
        tags: ['vegetarian', 'gluten_free'],
      },
      {
        name: 'Chana Masala',
        description: 'Chickpeas cooked with onion, tomato and dried mango powder. Vegan.',
        category: 'Mains',
        priceCents: 1195,
        stock: 55,
        imageUrl: '/images/menu/saffron-tandoor/chana-masala.svg',
        sortOrder: 7,
        tags: ['vegetarian', 'vegan', 'gluten_free', 'dairy_free', 'spicy'],
      },
      {
        name: 'Garlic Naan',
        description:
          'Leavened flatbread from the tandoor, brushed with garlic butter and coriander.',
        category: 'Sides',
        priceCents: 450,
        stock: 120,
        imageUrl: '/images/menu/saffron-tandoor/garlic-naan.svg',
        sortOrder: 8,
        tags: ['vegetarian'],
      },
      {
        name: 'Saffron Basmati Rice',
        description: 'Aged basmati steamed with saffron and whole spices.',
        category: 'Sides',
        priceCents: 450,
        stock: 150,
        imageUrl: '/images/menu/saffron-tandoor/saffron-basmati-rice.svg',
        sortOrder: 9,
        tags: ['vegetarian', 'vegan', 'gluten_free', 'dairy_free'],
      },
      {
        name: 'Gulab Jamun',
        description: 'Three warm milk dumplings soaked in rose and cardamom syrup.',
        category: 'Desserts',
        priceCents: 550,
        stock: 30,
        imageUrl: '/images/menu/saffron-tandoor/gulab-jamun.svg',
        sortOrder: 10,
        tags: ['vegetarian', 'contains_nuts'],
      },
      {
        name: 'Mango Lassi',
        description: 'Alphonso mango blended with yoghurt and a pinch of cardamom.',
        category: 'Drinks',
        priceCents: 495,
        stock: 70,
        imageUrl: '/images/menu/saffron-tandoor/mango-lassi.svg',
        sortOrder: 11,
        tags: ['vegetarian', 'gluten_free'],
      },
    ],
  },
  {
    slug: 'nonna-lucia',
    name: 'Nonna Lucia Trattoria',
    description:
      'Fresh pasta rolled every morning and wood-fired Neapolitan pizza from a family trattoria.',
    cuisine: 'Italian',
    imageUrl: '/images/restaurants/nonna-lucia.svg',
    isOpen: true,
    address: "48 Lamb's Conduit Street, London WC1N 3LJ",
    lat: 51.5218,
    lng: -0.119,
    timeZone: 'Europe/London',
    deliveryFeeCents: 249,
    minimumOrderCents: 400,
    serviceFeeBps: 500,
    taxRateBps: 875,
    hours: ALWAYS,
    menuItems: [
      {
        name: 'Bruschetta al Pomodoro',
        description: 'Grilled sourdough with marinated tomatoes, basil and extra-virgin olive oil.',
        category: 'Starters',
        priceCents: 750,
        stock: 50,
        imageUrl: '/images/menu/nonna-lucia/bruschetta-al-pomodoro.svg',
        sortOrder: 1,
        tags: ['vegetarian', 'vegan', 'dairy_free'],
      },
      {
        name: 'Burrata with Heirloom Tomatoes',
        description: 'Creamy Puglian burrata, heirloom tomatoes, basil oil and flaky salt.',
        category: 'Starters',
        priceCents: 1150,
        stock: 3,
        imageUrl: '/images/menu/nonna-lucia/burrata-with-heirloom-tomatoes.svg',
        sortOrder: 2,
        tags: ['vegetarian', 'gluten_free'],
      },
      {
        name: 'Arancini',
        description: 'Three saffron risotto balls stuffed with mozzarella, with a tomato dip.',
        category: 'Starters',
        priceCents: 850,
        stock: 40,
        imageUrl: '/images/menu/nonna-lucia/arancini.svg',
        sortOrder: 3,
        tags: ['vegetarian'],
      },
      {
        name: 'Margherita Pizza',
        description: 'San Marzano tomato, fior di latte, basil and olive oil on a wood-fired base.',
        category: 'Mains',
        priceCents: 1350,
        stock: 60,
        imageUrl: '/images/menu/nonna-lucia/margherita-pizza.svg',
        sortOrder: 4,
        tags: ['vegetarian'],
      },
      {
        name: 'Diavola Pizza',
        description: 'Tomato, mozzarella, spicy salami, Calabrian chilli and a drizzle of honey.',
        category: 'Mains',
        priceCents: 1495,
        stock: 55,
        imageUrl: '/images/menu/nonna-lucia/diavola-pizza.svg',
        sortOrder: 5,
        tags: ['spicy'],
      },
      {
        name: 'Spaghetti Carbonara',
        description: 'Guanciale, egg yolk, pecorino romano and plenty of black pepper. No cream.',
        category: 'Mains',
        priceCents: 1550,
        stock: 50,
        imageUrl: '/images/menu/nonna-lucia/spaghetti-carbonara.svg',
        sortOrder: 6,
        tags: [],
      },
      {
        name: 'Tagliatelle al Ragù',
        description: 'Egg tagliatelle with a beef and pork ragù simmered for six hours.',
        category: 'Mains',
        priceCents: 1650,
        stock: 45,
        imageUrl: '/images/menu/nonna-lucia/tagliatelle-al-ragu.svg',
        sortOrder: 7,
        tags: [],
      },
      {
        name: 'Risotto ai Funghi',
        description: 'Carnaroli rice with porcini and chestnut mushrooms, finished with parmesan.',
        category: 'Mains',
        priceCents: 1750,
        stock: 35,
        imageUrl: '/images/menu/nonna-lucia/risotto-ai-funghi.svg',
        sortOrder: 8,
        tags: ['vegetarian', 'gluten_free'],
      },
      {
        name: 'Rosemary Focaccia',
        description: 'Warm Ligurian focaccia with rosemary and sea salt.',
        category: 'Sides',
        priceCents: 550,
        stock: 80,
        imageUrl: '/images/menu/nonna-lucia/rosemary-focaccia.svg',
        sortOrder: 9,
        tags: ['vegetarian', 'vegan', 'dairy_free'],
      },
      {
        name: 'Tiramisù',
        description: 'Espresso-soaked savoiardi layered with mascarpone cream and cocoa.',
        category: 'Desserts',
        priceCents: 750,
        stock: 30,
        imageUrl: '/images/menu/nonna-lucia/tiramisu.svg',
        sortOrder: 10,
        tags: ['vegetarian'],
      },
      {
        name: 'Panna Cotta',
        description: 'Vanilla panna cotta with a seasonal berry compote.',
        category: 'Desserts',
        priceCents: 695,
        stock: 25,
        imageUrl: '/images/menu/nonna-lucia/panna-cotta.svg',
        sortOrder: 11,
        tags: ['vegetarian', 'gluten_free'],
      },
      {
        name: 'Sparkling Blood Orange Soda',
        description: 'Sicilian blood orange soda, lightly sweetened.',
        category: 'Drinks',
        priceCents: 450,
        stock: 100,
        imageUrl: '/images/menu/nonna-lucia/sparkling-blood-orange-soda.svg',
        sortOrder: 12,
        tags: ['vegetarian', 'vegan', 'gluten_free', 'dairy_free'],
      },
    ],
  },
  {
    slug: 'kaze-ramen',
    name: 'Kaze Ramen & Izakaya',
    description:
      'Rich 18-hour tonkotsu broth, hand-folded gyoza and donburi bowls from a Tokyo-style ramen bar.',
    cuisine: 'Japanese',
    imageUrl: '/images/restaurants/kaze-ramen.svg',
    isOpen: true,
    address: '7 Gerrard Street, London W1D 5PJ',
    lat: 51.5117,
    lng: -0.1313,
    timeZone: 'Europe/London',
    deliveryFeeCents: 0,
    minimumOrderCents: 400,
    serviceFeeBps: 800,
    taxRateBps: 875,
    hours: LUNCH_TO_LATE,
    menuItems: [
      {
        name: 'Edamame',
        description: 'Steamed soybeans tossed with sea salt and togarashi.',
        category: 'Starters',
        priceCents: 450,
        stock: 120,
        imageUrl: '/images/menu/kaze-ramen/edamame.svg',
        sortOrder: 1,
        tags: ['vegetarian', 'vegan', 'gluten_free', 'dairy_free'],
      },
      {
        name: 'Pork Gyoza',
        description: 'Six pan-fried pork and cabbage dumplings with a chilli-vinegar dip.',
        category: 'Starters',
        priceCents: 795,
        stock: 70,
        imageUrl: '/images/menu/kaze-ramen/pork-gyoza.svg',
        sortOrder: 2,
        tags: ['dairy_free'],
      },
      {
        name: 'Chicken Karaage',
        description: 'Soy and ginger fried chicken with Kewpie mayonnaise and lemon.',
        category: 'Starters',
        priceCents: 895,
        stock: 60,
        imageUrl: '/images/menu/kaze-ramen/chicken-karaage.svg',
        sortOrder: 3,
        tags: ['dairy_free'],
      },
      {
        name: 'Tonkotsu Ramen',
        description:
          'Pork bone broth, chashu belly, ajitama egg, wood-ear mushroom and spring onion.',
        category: 'Mains',
        priceCents: 1695,
        stock: 50,
        imageUrl: '/images/menu/kaze-ramen/tonkotsu-ramen.svg',
        sortOrder: 4,
        tags: ['dairy_free'],
      },
      {
        name: 'Spicy Miso Ramen',
        description: 'Miso and chilli broth with minced pork, sweetcorn, beansprouts and nori.',
        category: 'Mains',
        priceCents: 1650,
        stock: 45,
        imageUrl: '/images/menu/kaze-ramen/spicy-miso-ramen.svg',
        sortOrder: 5,
        tags: ['spicy', 'dairy_free'],
      },
      {
        name: 'Salmon Teriyaki Don',
        description: 'Glazed salmon fillet over rice with pickled ginger and sesame greens.',
        category: 'Mains',
        priceCents: 1850,
        stock: 1,
        imageUrl: '/images/menu/kaze-ramen/salmon-teriyaki-don.svg',
        sortOrder: 6,
        tags: ['dairy_free'],
      },
      {
        name: 'Chirashi Bowl',
        description: 'Sushi rice topped with tuna, salmon, yellowtail, tamago and ikura.',
        category: 'Mains',
        priceCents: 2400,
        stock: 2,
        imageUrl: '/images/menu/kaze-ramen/chirashi-bowl.svg',
        sortOrder: 7,
        tags: ['gluten_free', 'dairy_free'],
      },
      {
        name: 'Miso Soup',
        description: 'White miso with silken tofu, wakame and spring onion.',
        category: 'Sides',
        priceCents: 450,
        stock: 100,
        imageUrl: '/images/menu/kaze-ramen/miso-soup.svg',
        sortOrder: 8,
        tags: ['vegetarian', 'vegan', 'dairy_free'],
      },
      {
        name: 'Seaweed Salad',
        description: 'Marinated wakame with cucumber, sesame and rice vinegar.',
        category: 'Sides',
        priceCents: 550,
        stock: 60,
        imageUrl: '/images/menu/kaze-ramen/seaweed-salad.svg',
        sortOrder: 9,
        tags: ['vegetarian', 'vegan', 'dairy_free'],
      },
      {
        name: 'Matcha Mochi',
        description: 'Two soft rice-cake parcels filled with matcha ice cream.',
        category: 'Desserts',
        priceCents: 650,
        stock: 40,
        imageUrl: '/images/menu/kaze-ramen/matcha-mochi.svg',
        sortOrder: 10,
        tags: ['vegetarian', 'gluten_free'],
      },
      {
        name: 'Yuzu Lemonade',
        description: 'Sparkling lemonade with Japanese yuzu citrus.',
        category: 'Drinks',
        priceCents: 495,
        stock: 90,
        imageUrl: '/images/menu/kaze-ramen/yuzu-lemonade.svg',
        sortOrder: 11,
        tags: ['vegetarian', 'vegan', 'gluten_free', 'dairy_free'],
      },
    ],
  },
  {
    slug: 'casa-verde',
    name: 'Casa Verde Taquería',
    description:
      'Street-style tacos on fresh nixtamal tortillas, slow-braised meats and salsas made in house daily.',
    cuisine: 'Mexican',
    imageUrl: '/images/restaurants/casa-verde.svg',
    isOpen: true,
    address: '31 Exmouth Market, London EC1R 4QL',
    lat: 51.5262,
    lng: -0.1086,
    timeZone: 'Europe/London',
    deliveryFeeCents: 149,
    minimumOrderCents: 400,
    serviceFeeBps: 300,
    taxRateBps: 875,
    hours: ALWAYS,
    menuItems: [
      {
        name: 'Guacamole & Totopos',
        description: 'Hass avocado smashed with lime, serrano and coriander, with warm corn chips.',
        category: 'Starters',
        priceCents: 795,
        stock: 60,
        imageUrl: '/images/menu/casa-verde/guacamole-and-totopos.svg',
        sortOrder: 1,
        tags: ['vegetarian', 'vegan', 'gluten_free', 'dairy_free'],
      },
      {
        name: 'Elote',
        description: 'Grilled corn on the cob with chipotle mayo, cotija cheese and lime.',
        category: 'Starters',
        priceCents: 595,
        stock: 50,
        imageUrl: '/images/menu/casa-verde/elote.svg',
        sortOrder: 2,
        tags: ['vegetarian', 'gluten_free', 'spicy'],
      },
      {
        name: 'Queso Fundido',
        description: 'Melted Oaxaca cheese with chorizo and roasted poblano, with flour tortillas.',
        category: 'Starters',
        priceCents: 895,
        stock: 35,
        imageUrl: '/images/menu/casa-verde/queso-fundido.svg',
        sortOrder: 3,
        tags: ['vegetarian', 'gluten_free'],
      },
      {
        name: 'Tacos al Pastor',
        description:
          'Three tacos of achiote-marinated pork with grilled pineapple and salsa verde.',
        category: 'Mains',
        priceCents: 1295,
        stock: 70,
        imageUrl: '/images/menu/casa-verde/tacos-al-pastor.svg',
        sortOrder: 4,
        tags: ['gluten_free', 'dairy_free', 'spicy'],
      },
      {
        name: 'Birria Tacos',
        description:
          'Three crisp beef birria tacos with melted cheese and a cup of consommé for dipping.',
        category: 'Mains',
        priceCents: 1595,
        stock: 3,
        imageUrl: '/images/menu/casa-verde/birria-tacos.svg',
        sortOrder: 5,
        tags: ['gluten_free', 'spicy'],
      },
      {
        name: 'Carnitas Burrito',
        description:
          'Slow-cooked pork, rice, black beans, pico de gallo and crema in a flour tortilla.',
        category: 'Mains',
        priceCents: 1395,
        stock: 55,
        imageUrl: '/images/menu/casa-verde/carnitas-burrito.svg',
        sortOrder: 6,
        tags: [],
      },
      {
        name: 'Chicken Tinga Enchiladas',
        description:
          'Corn tortillas filled with chipotle chicken, baked in salsa roja with cheese.',
        category: 'Mains',
        priceCents: 1450,
        stock: 40,
        imageUrl: '/images/menu/casa-verde/chicken-tinga-enchiladas.svg',
        sortOrder: 7,
        tags: ['spicy'],
      },
      {
        name: 'Mushroom & Poblano Quesadilla',
        description: 'Flour tortilla with sautéed mushrooms, roasted poblano and Oaxaca cheese.',
        category: 'Mains',
        priceCents: 1195,
        stock: 45,
        imageUrl: '/images/menu/casa-verde/mushroom-and-poblano-quesadilla.svg',
        sortOrder: 8,
        tags: ['vegetarian', 'spicy'],
      },
      {
        name: 'Mexican Rice & Black Beans',
        description: 'Tomato rice with refried black beans and crumbled queso fresco.',
        category: 'Sides',
        priceCents: 495,
        stock: 100,
        imageUrl: '/images/menu/casa-verde/mexican-rice-and-black-beans.svg',
        sortOrder: 9,
        tags: ['vegetarian', 'vegan', 'gluten_free', 'dairy_free'],
      },
      {
        name: 'Churros with Chocolate',
        description: 'Cinnamon-sugar churros with a thick Mexican chocolate dipping sauce.',
        category: 'Desserts',
        priceCents: 650,
        stock: 40,
        imageUrl: '/images/menu/casa-verde/churros-with-chocolate.svg',
        sortOrder: 10,
        tags: ['vegetarian'],
      },
      {
        name: 'Horchata',
        description: 'Chilled rice and cinnamon drink with a hint of vanilla.',
        category: 'Drinks',
        priceCents: 450,
        stock: 80,
        imageUrl: '/images/menu/casa-verde/horchata.svg',
        sortOrder: 11,
        tags: ['vegetarian', 'contains_nuts', 'dairy_free'],
      },
      {
        name: 'Hibiscus Agua Fresca',
        description: 'Jamaica flower agua fresca, tart and lightly sweetened.',
        category: 'Drinks',
        priceCents: 450,
        stock: 80,
        imageUrl: '/images/menu/casa-verde/hibiscus-agua-fresca.svg',
        sortOrder: 12,
        tags: ['vegetarian', 'vegan', 'gluten_free', 'dairy_free'],
      },
    ],
  },
];

export const DEMO_USERS: readonly SeedUser[] = [
  { email: 'customer@tiffin.test', role: Role.CUSTOMER, name: 'Asha Patel' },
  {
    email: 'staff@tiffin.test',
    role: Role.RESTAURANT_STAFF,
    name: 'Vikram Singh',
    restaurantSlug: SAFFRON_TANDOOR,
  },
  { email: 'courier@tiffin.test', role: Role.COURIER, name: 'Marco Rossi' },
  // Two couriers, so the race for one delivery can be tried by hand.
  { email: 'courier2@tiffin.test', role: Role.COURIER, name: 'Priya Nair' },
  { email: 'admin@tiffin.test', role: Role.ADMIN, name: 'Dana Okafor' },
  // A second customer so QA can check one customer never sees another's orders.
  { email: 'customer2@tiffin.test', role: Role.CUSTOMER, name: 'Ben Carter' },
];

/** What `npm start` prints next to DEMO_PASSWORD. */
export const DEMO_LOGINS: readonly DemoLogin[] = DEMO_USERS.map(({ email, role, name }) => ({
  email,
  role,
  name,
}));

/** The autopilot's couriers, who take the deliveries of autopilot restaurants nobody claims. */
export const SIMULATED_COURIERS: readonly SimulatedCourier[] = [
  { email: 'autopilot-courier-1@tiffin.invalid', name: 'Sam (autopilot)' },
  { email: 'autopilot-courier-2@tiffin.invalid', name: 'Lee (autopilot)' },
  { email: 'autopilot-courier-3@tiffin.invalid', name: 'Kim (autopilot)' },
];
