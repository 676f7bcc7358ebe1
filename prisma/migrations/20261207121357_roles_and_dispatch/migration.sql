-- CreateEnum
CREATE TYPE "DietaryTag" AS ENUM ('vegetarian', 'vegan', 'gluten_free', 'dairy_free', 'contains_nuts', 'spicy');

-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'ready_for_pickup' BEFORE 'out_for_delivery';

-- AlterEnum (PostgreSQL 12+ adds several values in one transaction)
ALTER TYPE "DeliveryStatus" ADD VALUE 'assigned' BEFORE 'on_the_way';
ALTER TYPE "DeliveryStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "Restaurant" ADD COLUMN     "address" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "autopilot" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "lat" DOUBLE PRECISION NOT NULL DEFAULT 51.5074,
ADD COLUMN     "lng" DOUBLE PRECISION NOT NULL DEFAULT -0.1278,
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE "MenuItem" ADD COLUMN     "tags" "DietaryTag"[] DEFAULT ARRAY[]::"DietaryTag"[];

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "courierOnline" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "simulated" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "deliveryLat" DOUBLE PRECISION,
ADD COLUMN     "deliveryLng" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "OrderStatusChange" ADD COLUMN     "reason" TEXT;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "assignedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OpeningHours" (
    "id" UUID NOT NULL,
    "restaurantId" UUID NOT NULL,
    "weekday" INTEGER NOT NULL,
    "opensAt" INTEGER NOT NULL,
    "closesAt" INTEGER NOT NULL,

    CONSTRAINT "OpeningHours_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OpeningHours_restaurantId_weekday_idx" ON "OpeningHours"("restaurantId", "weekday");

-- CreateIndex
CREATE INDEX "Order_createdAt_idx" ON "Order"("createdAt");

-- CreateIndex
CREATE INDEX "Delivery_status_createdAt_idx" ON "Delivery"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Delivery_courierId_status_idx" ON "Delivery"("courierId", "status");

-- AddForeignKey
ALTER TABLE "OpeningHours" ADD CONSTRAINT "OpeningHours_restaurantId_fkey" FOREIGN KEY ("restaurantId") REFERENCES "Restaurant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: existing restaurants start at the demo area's centre; new ones must say where.
ALTER TABLE "Restaurant" ALTER COLUMN "lat" DROP DEFAULT, ALTER COLUMN "lng" DROP DEFAULT;

-- Hand-written: Prisma's schema language cannot express CHECK constraints.
ALTER TABLE "OpeningHours" ADD CONSTRAINT "OpeningHours_weekday_iso" CHECK ("weekday" BETWEEN 1 AND 7);
ALTER TABLE "OpeningHours" ADD CONSTRAINT "OpeningHours_interval" CHECK ("opensAt" >= 0 AND "opensAt" < "closesAt" AND "closesAt" <= 1440);
ALTER TABLE "Restaurant" ADD CONSTRAINT "Restaurant_position" CHECK ("lat" BETWEEN -90 AND 90 AND "lng" BETWEEN -180 AND 180);
