// The sandbox's test cards, the same numbers Stripe documents for its test mode, so a tester who
// knows one knows the other.

export type TestCardOutcome = 'succeeds' | 'declined' | 'requires_action';

export const TEST_CARDS: readonly { number: string; outcome: TestCardOutcome; label: string }[] = [
  { number: '4242 4242 4242 4242', outcome: 'succeeds', label: 'Succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'declined', label: 'Is declined' },
  {
    number: '4000 0000 0000 3220',
    outcome: 'requires_action',
    label: 'Asks you to confirm once more',
  },
];

/** What a card number does in the sandbox; null for a number that isn't a test card. */
export function testCardOutcome(cardNumber: string): TestCardOutcome | null {
  const digits = cardNumber.replace(/[\s-]/g, '');
  return TEST_CARDS.find((card) => card.number.replace(/\s/g, '') === digits)?.outcome ?? null;
}

/** What the sandbox's decline says, as a bank would. */
export const DECLINE_MESSAGE = 'Your card was declined.';
