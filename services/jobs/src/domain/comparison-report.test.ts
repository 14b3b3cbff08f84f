import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import type { ComparedCamera } from '../store/review-projection.ts';
import { writeComparisonReport } from './comparison-report.ts';

const camera = (brand: string, model: string, scores: Partial<ComparedCamera> = {}): ComparedCamera => ({
  cameraId: `${brand}-${model}`.toLowerCase(),
  brand,
  model,
  type: 'mirrorless',
  specs: { sensorSize: 'APS-C', megapixels: 40.2, isoMin: 125, isoMax: 12800, weightGrams: 557 },
  reviews: 3,
  minRating: 7.5,
  avgRating: 8.25,
  maxRating: 9,
  ...scores,
});

async function textOf(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { pages: result.total, text: result.text };
  } finally {
    await parser.destroy();
  }
}

describe('writeComparisonReport', () => {
  it('when cameras are compared, then a one-page PDF names each, its specs, its scores and the chart', async () => {
    const pdf = await writeComparisonReport(
      [
        camera('Fujifilm', 'X-T5'),
        camera('Sony', 'A7 IV', {
          reviews: 0,
          minRating: null,
          avgRating: null,
          maxRating: null,
          specs: null,
        }),
      ],
      new Date('2026-11-30T10:00:00Z'),
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await textOf(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      'Fujifilm X-T5',
      'Sony A7 IV',
      'APS-C',
      '40.2',
      '12,800',
      '8.3',
      'Average rating',
    ])
      expect(text).toContain(expected);
    expect(text).toContain('no published reviews');
  });
});
