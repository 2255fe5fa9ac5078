/** The order every demo script asks about. */
export const STUCK_ORDER_NUMBER = '10482';
