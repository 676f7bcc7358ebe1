// Must NOT typecheck: reads a field orders do not have. The consumer test asserts tsc rejects it,
// proving the router's types reach an outside project (an `any` router would accept anything).
import { createTiffinClient } from '@tiffin/client';

const tiffin = createTiffinClient({ url: 'http://localhost:3000', token: 'tfn_example' });
const orders = await tiffin.order.mine.query();
export const total: number = orders[0]!.grandTotalInPennies;
