import type { ComparedCamera } from '../store/review-projection.ts';

/** The content type and file extension of a comparison report. */
export const REPORT_FILE = { contentType: 'application/pdf', extension: 'pdf' } as const;

const PAGE = { size: 'A4', margin: 50, width: 595.28 } as const;
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const LABEL_WIDTH = 120;
const ROW_HEIGHT = 18;
const RATING_MAX = 10;
/** One color per camera (up to four), the same in the table's header and in the chart. */
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'] as const;
const INK = '#222222';
const MUTED = '#777777';
const RULE = '#cccccc';
const NONE = '—';

const number = (value: number | undefined, unit = '') =>
  value === undefined ? NONE : `${value.toLocaleString('en-US')}${unit}`;
const rating = (value: number | null) => (value === null ? NONE : value.toFixed(1));

/** The specs table: a label and how each camera's value reads. */
const ROWS: { label: string; value: (camera: ComparedCamera) => string }[] = [
  { label: 'Brand', value: (c) => c.brand },
  { label: 'Model', value: (c) => c.model },
  { label: 'Type', value: (c) => c.type ?? NONE },
  { label: 'Sensor', value: (c) => c.specs?.sensorSize ?? NONE },
  { label: 'Megapixels', value: (c) => number(c.specs?.megapixels) },
  {
    label: 'ISO range',
    value: (c) =>
      c.specs?.isoMin === undefined && c.specs?.isoMax === undefined
        ? NONE
        : `${number(c.specs?.isoMin)} – ${number(c.specs?.isoMax)}`,
  },
  { label: 'Weight', value: (c) => number(c.specs?.weightGrams, ' g') },
  {
    label: 'List price',
    value: (c) => (c.specs?.priceUsd === undefined ? NONE : `$${number(c.specs.priceUsd)}`),
  },
  { label: 'Mount', value: (c) => c.specs?.mount ?? NONE },
  { label: 'Released', value: (c) => c.specs?.releasedOn ?? NONE },
  { label: 'Published reviews', value: (c) => String(c.reviews) },
  { label: 'Average rating', value: (c) => rating(c.avgRating) },
  {
    label: 'Lowest – highest',
    value: (c) => (c.reviews === 0 ? NONE : `${rating(c.minRating)} – ${rating(c.maxRating)}`),
  },
];

/** A camera's name as the report shows it. */
export const cameraName = (camera: Pick<ComparedCamera, 'brand' | 'model'>) =>
  `${camera.brand} ${camera.model}`;

/**
 * Writes a comparison report of 2–4 cameras as a one-page PDF (pdfkit, standard Helvetica): a title, a
 * specs table (one column a camera, in the order asked), the review scores, and a bar chart of the
 * average ratings drawn with vector primitives (rectangles and lines, no image). `generatedAt` is printed
 * and recorded as the document's creation date. pdfkit (and its font machinery, ~70 ms of module loading)
 * is loaded on the first report, not when the system starts (ADR 0034).
 */
export async function writeComparisonReport(
  cameras: readonly ComparedCamera[],
  generatedAt: Date,
): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const title = `Camera comparison: ${cameras.map(cameraName).join(' vs ')}`;
  const doc = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    info: { Title: title, Creator: 'RandomCameraReviews', CreationDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text('Camera comparison');
  doc.font('Helvetica').fontSize(12).text(cameras.map(cameraName).join('  vs  '));
  doc
    .fillColor(MUTED)
    .fontSize(9)
    .text(
      `Generated ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Scores are from the ` +
        'published reviews on RandomCameraReviews; ratings go from 0 to 10.',
    );
  doc.moveDown(1);

  const tableBottom = specsTable(doc, cameras, doc.y);
  ratingChart(doc, cameras, tableBottom + 30);

  doc.end();
  return await done;
}

/** The specs and scores table; returns where it ends. */
function specsTable(doc: PDFKit.PDFDocument, cameras: readonly ComparedCamera[], top: number): number {
  const left = PAGE.margin;
  const columnWidth = (CONTENT_WIDTH - LABEL_WIDTH) / cameras.length;
  const cell = (text: string, x: number, y: number, width: number) =>
    doc.text(text, x + 4, y + 5, {
      width: width - 8,
      height: ROW_HEIGHT - 4,
      ellipsis: true,
      lineBreak: false,
    });

  // Header: a color swatch and the camera's name.
  doc.font('Helvetica-Bold').fontSize(9);
  cameras.forEach((camera, index) => {
    const x = left + LABEL_WIDTH + index * columnWidth;
    doc.rect(x + 4, top + 6, 8, 8).fill(COLORS[index] as string);
    doc.fillColor(INK);
    doc.text(cameraName(camera), x + 16, top + 5, {
      width: columnWidth - 20,
      height: ROW_HEIGHT - 4,
      ellipsis: true,
      lineBreak: false,
    });
  });
  let y = top + ROW_HEIGHT;
  doc
    .moveTo(left, y)
    .lineTo(left + CONTENT_WIDTH, y)
    .lineWidth(1)
    .strokeColor(INK)
    .stroke();

  ROWS.forEach((row, rowIndex) => {
    if (rowIndex % 2 === 1) doc.rect(left, y, CONTENT_WIDTH, ROW_HEIGHT).fill('#f3f3f3');
    doc.fillColor(MUTED).font('Helvetica').fontSize(9);
    cell(row.label, left, y, LABEL_WIDTH);
    doc.fillColor(INK);
    cameras.forEach((camera, index) =>
      cell(row.value(camera), left + LABEL_WIDTH + index * columnWidth, y, columnWidth),
    );
    y += ROW_HEIGHT;
  });
  doc
    .moveTo(left, y)
    .lineTo(left + CONTENT_WIDTH, y)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  return y;
}

/** A horizontal bar chart of the average ratings on a 0–10 axis (a camera without reviews has no bar). */
function ratingChart(doc: PDFKit.PDFDocument, cameras: readonly ComparedCamera[], top: number): void {
  const left = PAGE.margin + LABEL_WIDTH;
  const width = CONTENT_WIDTH - LABEL_WIDTH - 30;
  const barHeight = 22;
  const gap = 12;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(12).text('Average rating', PAGE.margin, top);
  const chartTop = top + 24;
  const chartHeight = cameras.length * (barHeight + gap) + gap;

  // Grid lines and their values every 2 points.
  doc.font('Helvetica').fontSize(8);
  for (let value = 0; value <= RATING_MAX; value += 2) {
    const x = left + (value / RATING_MAX) * width;
    doc
      .moveTo(x, chartTop)
      .lineTo(x, chartTop + chartHeight)
      .lineWidth(0.5)
      .strokeColor(value === 0 ? INK : RULE)
      .stroke();
    doc
      .fillColor(MUTED)
      .text(String(value), x - 10, chartTop + chartHeight + 4, { width: 20, align: 'center' });
  }

  cameras.forEach((camera, index) => {
    const y = chartTop + gap + index * (barHeight + gap);
    doc.fillColor(INK).font('Helvetica').fontSize(9);
    doc.text(cameraName(camera), PAGE.margin, y + 7, {
      width: LABEL_WIDTH - 8,
      height: barHeight,
      ellipsis: true,
      lineBreak: false,
    });
    if (camera.avgRating === null) {
      doc.fillColor(MUTED).text('no published reviews', left + 6, y + 7, { lineBreak: false });
      return;
    }
    const length = Math.max(1, (camera.avgRating / RATING_MAX) * width);
    doc.rect(left, y, length, barHeight).fill(COLORS[index] as string);
    doc.fillColor(INK).text(`${rating(camera.avgRating)} (${camera.reviews})`, left + length + 4, y + 7, {
      lineBreak: false,
    });
  });
}
