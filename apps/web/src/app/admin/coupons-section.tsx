'use client';

// Discount codes: create one (percentage or fixed, with an optional minimum, expiry, limit per
// customer and cap), see how many uses each has had, and disable one. Checkout counts every use
// in the order's own transaction, so the numbers here are exact.
import type { FormEvent } from 'react';

import { useState } from 'react';

import { createCouponInputSchema } from '@tiffin/domain/client-safe';

import { ConsoleSection, InlineError } from '../../components/consoles/console-section';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { inputClass } from '../../components/ui/input';
import { parseAmount } from '../../lib/amount-input';
import { formatMoney } from '../../lib/money';
import { api } from '../../trpc/react';

type Kind = 'percentage' | 'fixed';

const labelClass = 'block text-sm font-medium text-stone-800';

export function CouponsSection() {
  const utils = api.useUtils();
  const coupons = api.admin.coupons.useQuery();
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<Kind>('percentage');
  const [amount, setAmount] = useState('');
  const [minimum, setMinimum] = useState('');
  const [expires, setExpires] = useState('');
  const [perCustomer, setPerCustomer] = useState('');
  const [cap, setCap] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = api.admin.createCoupon.useMutation({
    onSuccess: async () => {
      setError(null);
      setCode('');
      setAmount('');
      await utils.admin.coupons.invalidate();
    },
    onError: (e) => setError(e.message),
  });
  const disable = api.admin.disableCoupon.useMutation({
    onSuccess: () => utils.admin.coupons.invalidate(),
    onError: (e) => setError(e.message),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    // A percentage is typed as "10" (%), a fixed amount as "5.00"; both are whole numbers inside.
    const typed = parseAmount(amount);
    const input = createCouponInputSchema.safeParse({
      code,
      kind,
      amount: typed === null ? NaN : typed,
      minSubtotalCents: minimum.trim() === '' ? 0 : (parseAmount(minimum) ?? NaN),
      ...(expires ? { expiresAt: new Date(expires) } : {}),
      ...(perCustomer ? { perCustomerLimit: Number(perCustomer) } : {}),
      ...(cap ? { usageCap: Number(cap) } : {}),
    });
    if (!input.success) {
      setError(input.error.issues[0]?.message ?? 'Check the coupon’s fields.');
      return;
    }
    create.mutate(input.data);
  }

  return (
    <ConsoleSection
      id="coupons"
      title="Coupons"
      description="Discount codes customers type at checkout. Each use is counted when the order is placed and given back when it is cancelled."
      testId="admin-coupons"
    >
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" noValidate>
        <div>
          <label htmlFor="coupon-new-code" className={labelClass}>
            Code
          </label>
          <input
            id="coupon-new-code"
            className={inputClass}
            value={code}
            maxLength={32}
            onChange={(e) => setCode(e.target.value)}
            data-testid="coupon-new-code"
          />
        </div>
        <div>
          <label htmlFor="coupon-new-kind" className={labelClass}>
            Kind
          </label>
          <select
            id="coupon-new-kind"
            className={inputClass}
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            data-testid="coupon-new-kind"
          >
            <option value="percentage">Percentage off</option>
            <option value="fixed">Fixed amount off</option>
          </select>
        </div>
        <div>
          <label htmlFor="coupon-new-amount" className={labelClass}>
            {kind === 'percentage' ? 'Percent off' : 'Amount off'}
          </label>
          <input
            id="coupon-new-amount"
            inputMode="decimal"
            className={inputClass}
            value={amount}
            placeholder={kind === 'percentage' ? '10' : '5.00'}
            onChange={(e) => setAmount(e.target.value)}
            data-testid="coupon-new-amount"
          />
        </div>
        <div>
          <label htmlFor="coupon-new-minimum" className={labelClass}>
            Minimum subtotal (optional)
          </label>
          <input
            id="coupon-new-minimum"
            inputMode="decimal"
            className={inputClass}
            value={minimum}
            onChange={(e) => setMinimum(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="coupon-new-expires" className={labelClass}>
            Expires (optional)
          </label>
          <input
            id="coupon-new-expires"
            type="datetime-local"
            className={inputClass}
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="coupon-new-per-customer" className={labelClass}>
            Uses per customer (optional)
          </label>
          <input
            id="coupon-new-per-customer"
            inputMode="numeric"
            className={inputClass}
            value={perCustomer}
            onChange={(e) => setPerCustomer(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="coupon-new-cap" className={labelClass}>
            Uses in all (optional)
          </label>
          <input
            id="coupon-new-cap"
            inputMode="numeric"
            className={inputClass}
            value={cap}
            onChange={(e) => setCap(e.target.value)}
            data-testid="coupon-new-cap"
          />
        </div>
        <div className="flex items-end">
          <Button type="submit" disabled={create.isPending} data-testid="coupon-create">
            Create coupon
          </Button>
        </div>
      </form>
      {error && <InlineError>{error}</InlineError>}
      <ul
        className="divide-y divide-stone-200 rounded-xl border border-stone-200"
        data-testid="coupon-list"
      >
        {(coupons.data ?? []).map((coupon) => (
          <li
            key={coupon.id}
            className="flex flex-wrap items-center justify-between gap-3 px-3 py-2.5"
            data-testid={`coupon-${coupon.code}`}
          >
            <div className="min-w-0">
              <p className="font-mono font-semibold">{coupon.code}</p>
              <p className="text-sm text-stone-700">
                {coupon.kind === 'percentage'
                  ? `${coupon.amount / 100}% off`
                  : `${formatMoney(coupon.amount)} off`}
                {coupon.minSubtotalCents > 0 && ` · over ${formatMoney(coupon.minSubtotalCents)}`}
                {coupon.expiresAt &&
                  ` · until ${coupon.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`}
                {coupon.perCustomerLimit !== null && ` · ${coupon.perCustomerLimit} per customer`}
                {' · '}
                <span data-testid={`coupon-uses-${coupon.code}`}>
                  {coupon.timesUsed}
                  {coupon.usageCap !== null ? ` of ${coupon.usageCap}` : ''} used
                </span>
              </p>
            </div>
            {coupon.disabledAt ? (
              <Badge tone="neutral">Disabled</Badge>
            ) : (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => disable.mutate({ code: coupon.code })}
                data-testid={`coupon-disable-${coupon.code}`}
              >
                Disable
              </Button>
            )}
          </li>
        ))}
        {coupons.data?.length === 0 && (
          <li className="px-3 py-4 text-stone-700">No coupons yet.</li>
        )}
      </ul>
    </ConsoleSection>
  );
}
