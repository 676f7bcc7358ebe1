// The admin console's data types, named once from the API's outputs.
import type { RouterOutputs } from '@tiffin/api';

export type Overview = RouterOutputs['admin']['overview'];
export type AdminUser = RouterOutputs['admin']['users'][number];
export type AdminRestaurant = RouterOutputs['admin']['restaurants'][number];
export type DispatchBoard = RouterOutputs['admin']['dispatch'];
export type DeadLetters = RouterOutputs['admin']['deadLetters'];
