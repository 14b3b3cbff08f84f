import { describe, expect, it } from 'vitest';
import { showStreetPrices, type StreetPrice } from './show-street-prices.ts';

const offer = (retailer: string, price: number, currency: string): StreetPrice => ({
  retailer,
  price,
  currency,
  url: `https://${retailer.toLowerCase()}.example/p`,
  observedAt: '2025-03-01T10:00:00.000Z',
});

describe('showStreetPrices', () => {
  it('when a camera has prices in several currencies, then they are listed by currency, cheapest first, ties by retailer', () => {
    const { streetPrices } = showStreetPrices([
      offer('Zeta', 1300, 'USD'),
      offer('Beta', 1250, 'EUR'),
      offer('Alpha', 1299, 'EUR'),
      offer('Able', 1250, 'EUR'),
      offer('Yen', 189800, 'JPY'),
    ]);
    expect(streetPrices.map((p) => `${p.currency} ${p.price} ${p.retailer}`)).toEqual([
      'EUR 1250 Able',
      'EUR 1250 Beta',
      'EUR 1299 Alpha',
      'JPY 189800 Yen',
      'USD 1300 Zeta',
    ]);
  });

  it('when a camera has prices, then the lowest of each currency is its first offer in that currency', () => {
    const { lowestPrices } = showStreetPrices([
      offer('Alpha', 1299, 'EUR'),
      offer('Zeta', 1300, 'USD'),
      offer('Beta', 1199, 'EUR'),
    ]);
    expect(lowestPrices).toEqual([offer('Beta', 1199, 'EUR'), offer('Zeta', 1300, 'USD')]);
  });

  it('when a camera has no price, then both lists are empty', () => {
    expect(showStreetPrices([])).toEqual({ streetPrices: [], lowestPrices: [] });
  });
});
