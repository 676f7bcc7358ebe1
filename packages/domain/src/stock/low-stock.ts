// When a menu warns that a dish is running out.

/** Below this many portions the menu says "only N left". */
export const LOW_STOCK_THRESHOLD = 5;
