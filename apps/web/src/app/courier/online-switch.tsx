'use client';

// Going online: offers appear and claims are allowed. A big switch, easy to hit on a bike.
import { api } from '../../trpc/react';

export function OnlineSwitch({ online, loading }: { online: boolean; loading: boolean }) {
  const utils = api.useUtils();
  const setOnline = api.courier.setOnline.useMutation({
    onSuccess: (result) => {
      utils.courier.status.setData(undefined, (old) =>
        old ? { ...old, online: result.online } : old,
      );
      void utils.courier.status.invalidate();
      void utils.courier.offers.invalidate();
    },
  });
  const busy = loading || setOnline.isPending;
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        role="switch"
        aria-checked={online}
        aria-busy={busy || undefined}
        disabled={busy}
        data-testid="courier-online"
        data-online={String(online)}
        onClick={() => setOnline.mutate({ online: !online })}
        className={`flex min-h-14 items-center gap-3 rounded-full px-5 py-3 text-base font-bold shadow-sm transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 disabled:opacity-70 ${
          online ? 'bg-emerald-700 text-white' : 'bg-stone-200 text-stone-800'
        }`}
      >
        <span
          aria-hidden="true"
          className={`relative h-7 w-12 rounded-full transition ${online ? 'bg-emerald-300' : 'bg-stone-400'}`}
        >
          <span
            className={`absolute top-1 h-5 w-5 rounded-full bg-white shadow transition-all ${online ? 'left-6' : 'left-1'}`}
          />
        </span>
        Online
      </button>
      {setOnline.error && (
        <p role="alert" className="text-sm text-red-800">
          {setOnline.error.message}
        </p>
      )}
    </div>
  );
}
