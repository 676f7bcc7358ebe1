// /admin: the operator's console, for admins. Signed out: the sign-in page, with the way back;
// any other role: a plain notice. The restaurant list is read here, which also settles access;
// everything else loads in the browser (today's figures need the admin's own time zone).
import type { Metadata } from 'next';

import { redirect } from 'next/navigation';

import type { RouterOutputs } from '@tiffin/api';

import { ConsoleAccessNotice } from '../../components/consoles/console-access-notice';
import { signInPath } from '../../lib/signin-redirect';
import { getSessionUser } from '../../server/auth';
import { getCaller, isTRPCErrorCode } from '../../server/caller';
import { AdminConsole } from './admin-console';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  if (!(await getSessionUser())) redirect(signInPath('/admin'));
  const api = await getCaller();
  let restaurants: RouterOutputs['admin']['restaurants'];
  try {
    restaurants = await api.admin.restaurants();
  } catch (error) {
    if (isTRPCErrorCode(error, 'UNAUTHORIZED')) redirect(signInPath('/admin'));
    if (isTRPCErrorCode(error, 'FORBIDDEN')) {
      return <ConsoleAccessNotice audience="admins" reason="forbidden" message={error.message} />;
    }
    throw error;
  }
  return <AdminConsole initialRestaurants={restaurants} />;
}
