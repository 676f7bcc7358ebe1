// The rules a new account must meet; shared by the API and the sign-up form.
import { z } from 'zod';

import { safeText } from '../input/safe-text';

export const signUpInputSchema = z.object({
  email: z
    .email({ error: 'Enter a valid email address' })
    .max(254, { error: 'That email address is too long' })
    .transform((e) => e.toLowerCase()),
  password: safeText({ error: 'Enter a password' })
    .min(8, { error: 'Use at least 8 characters for your password' })
    .max(200, { error: 'That password is too long (200 characters at most)' }),
  name: safeText({ error: 'Enter your name' })
    .trim()
    .min(1, { error: 'Enter your name' })
    .max(100, { error: 'That name is too long (100 characters at most)' }),
});

export type SignUpInput = z.infer<typeof signUpInputSchema>;

/** A new password follows the same rules as a sign-up's. */
export const changePasswordInputSchema = z.object({
  currentPassword: safeText({ error: 'Enter your current password' })
    .min(1, { error: 'Enter your current password' })
    .max(200, { error: 'That password is too long (200 characters at most)' }),
  newPassword: signUpInputSchema.shape.password,
});

export type ChangePasswordInput = z.infer<typeof changePasswordInputSchema>;

export const setDisabledInputSchema = z.object({
  email: z.email({ error: 'Enter the email of an account' }).trim().toLowerCase(),
  disabled: z.boolean({ error: 'Say whether the account is disabled' }),
});

export type SetDisabledInput = z.infer<typeof setDisabledInputSchema>;

/** The token of an emailed link; anything that is not one of ours is simply not found. */
export const accountLinkTokenSchema = safeText({ error: 'This link is missing its token' })
  .min(1, { error: 'This link is missing its token' })
  .max(200, { error: 'This link is not one of ours' });

export const verifyEmailInputSchema = z.object({ token: accountLinkTokenSchema });

export type VerifyEmailInput = z.infer<typeof verifyEmailInputSchema>;

export const requestPasswordResetInputSchema = z.object({
  email: signUpInputSchema.shape.email,
});

export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetInputSchema>;

/** A reset sets a password by the same rules as sign-up. */
export const resetPasswordInputSchema = z.object({
  token: accountLinkTokenSchema,
  password: signUpInputSchema.shape.password,
});

export type ResetPasswordInput = z.infer<typeof resetPasswordInputSchema>;

export const updateNameInputSchema = z.object({ name: signUpInputSchema.shape.name });

export type UpdateNameInput = z.infer<typeof updateNameInputSchema>;
