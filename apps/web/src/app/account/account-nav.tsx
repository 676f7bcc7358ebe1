// The account area's tabs: the profile, and the API tokens page.
import Link from 'next/link';

const TABS = [
  { href: '/account', label: 'Profile' },
  { href: '/account/tokens', label: 'API tokens' },
] as const;

export function AccountNav({ current }: { current: (typeof TABS)[number]['href'] }) {
  return (
    <nav aria-label="Account" className="flex gap-2 border-b border-stone-200">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? 'page' : undefined}
          className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:text-stone-950 aria-[current=page]:border-brand-700 aria-[current=page]:text-brand-800"
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
