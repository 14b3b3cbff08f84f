/** A street price as the public reads show it. */
export interface StreetPrice {
  retailer: string;
  price: number;
  currency: string;
  url: string;
  observedAt: string;
}

/** A camera's street prices in display order and the cheapest offer in each currency. */
export interface StreetPrices {
  /** By currency (code order), then cheapest first; equal prices by retailer. */
  streetPrices: StreetPrice[];
  /** One per currency, in currency order: the first of that currency in `streetPrices`. */
  lowestPrices: StreetPrice[];
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders a camera's street prices for display and picks the lowest per currency. Prices in different
 * currencies are never compared with each other (no exchange rates): each currency is its own list.
 */
export function showStreetPrices(prices: readonly StreetPrice[]): StreetPrices {
  const streetPrices = prices
    .map(({ retailer, price, currency, url, observedAt }) => ({ retailer, price, currency, url, observedAt }))
    .sort((a, b) => byCode(a.currency, b.currency) || a.price - b.price || byCode(a.retailer, b.retailer));
  const lowestPrices = streetPrices.filter((p, i) => i === 0 || streetPrices[i - 1]?.currency !== p.currency);
  return { streetPrices, lowestPrices };
}
