import type { CameraType } from '@rcr/contracts';

/**
 * Deterministic test data for the loader and the benchmarks: editors, cameras and camera reviews in
 * Spanish and English, generated from a seed with a small PRNG (no I/O, no clock), so `--seed 7` makes
 * the same data set on every machine. Reviews can also come from a JSON-lines file (`parseReviewLines`).
 */

/** An editor account to create (identity's CreateEditor). */
export interface EditorSpec {
  email: string;
  name: string;
  password: string;
}

/** A camera to create (reviews' CreateCamera). */
export interface CameraSpec {
  brand: string;
  model: string;
  type: CameraType;
  specs: {
    sensorSize?: string;
    megapixels?: number;
    isoMin?: number;
    isoMax?: number;
    weightGrams?: number;
    priceUsd?: number;
    mount?: string;
    releasedOn?: string;
  };
}

/** A review to create, by editor `editor` of camera `camera` (indexes), then published or left a draft. */
export interface ReviewSpec {
  camera: number;
  editor: number;
  title: string;
  body: string;
  rating: number;
  pros: string[];
  cons: string[];
  verdict: string;
  language: 'es' | 'en';
  publish: boolean;
}

/** A whole data set, in creation order. */
export interface Dataset {
  editors: EditorSpec[];
  cameras: CameraSpec[];
  reviews: ReviewSpec[];
}

/** What to generate. */
export interface DatasetOptions {
  reviews: number;
  seed: number;
  editors: number;
  cameras: number;
  /** Share of reviews published (the rest stay drafts), 0–1. */
  publishedRatio: number;
}

/** mulberry32: a tiny seeded PRNG with a 2^32 period; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const pickSome = <T>(random: Random, items: readonly T[], min: number, max: number): T[] => {
  const count = min + Math.floor(random() * (max - min + 1));
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as T);
  return out;
};

const BRANDS: { brand: string; lines: string[]; mount: string }[] = [
  { brand: 'Canon', lines: ['EOS R', 'EOS R5', 'EOS R6', 'EOS R8', 'EOS 90D', 'PowerShot G'], mount: 'RF' },
  { brand: 'Nikon', lines: ['Z', 'Z f', 'Z fc', 'D', 'Coolpix P'], mount: 'Z' },
  { brand: 'Sony', lines: ['Alpha 7', 'Alpha 7R', 'Alpha 6', 'ZV-E', 'RX100'], mount: 'E' },
  { brand: 'Fujifilm', lines: ['X-T', 'X-S', 'X-H', 'X100', 'GFX'], mount: 'X' },
  { brand: 'Panasonic', lines: ['Lumix S', 'Lumix G', 'Lumix GH'], mount: 'L' },
  { brand: 'Olympus', lines: ['OM-D E-M', 'PEN E-P', 'Tough TG-'], mount: 'Micro Four Thirds' },
  { brand: 'OM System', lines: ['OM-', 'OM-5 Mark '], mount: 'Micro Four Thirds' },
  { brand: 'Leica', lines: ['Q', 'M', 'SL', 'CL'], mount: 'L' },
  { brand: 'Pentax', lines: ['K-', 'KF ', 'K-3 Mark '], mount: 'K' },
  { brand: 'Hasselblad', lines: ['X2D ', 'X1D ', '907X '], mount: 'XCD' },
  { brand: 'Ricoh', lines: ['GR ', 'GR III'], mount: 'fixed' },
  { brand: 'GoPro', lines: ['HERO'], mount: 'fixed' },
  { brand: 'DJI', lines: ['Osmo Action ', 'Osmo Pocket '], mount: 'fixed' },
  { brand: 'Sigma', lines: ['fp', 'fp L', 'BF'], mount: 'L' },
];
const TYPES_BY_BRAND: Record<string, CameraType[]> = {
  GoPro: ['action'],
  DJI: ['action'],
  Hasselblad: ['medium-format'],
  Ricoh: ['compact'],
  Pentax: ['dslr'],
};
const SENSORS = ['full-frame', 'APS-C', 'Micro Four Thirds', '1-inch', 'medium format'];
const SUFFIXES = ['', ' II', ' III', ' IV', ' Mark II', 's', 'R', ' Pro', ' X', ' Mini'];

/** Generates editors (deterministic emails, one password for all: `bench-password-<seed>`). */
function makeEditors(random: Random, count: number, seed: number): EditorSpec[] {
  const first = [
    'Lucía',
    'Martín',
    'Sofía',
    'Hugo',
    'Valentina',
    'Mateo',
    'Emma',
    'Oliver',
    'Chloé',
    'Jürgen',
    'Ana',
    'Noah',
    'Zoë',
    'Íñigo',
    'Grace',
    'Liam',
  ];
  const last = [
    'García',
    'Fernández',
    'López',
    'Muñoz',
    'Smith',
    'Johnson',
    'Brown',
    'Núñez',
    'O’Connor',
    'Peña',
    'Taylor',
    'Martínez',
    'Ibáñez',
    'Walker',
  ];
  return Array.from({ length: count }, (_, i) => ({
    email: `editor-${seed}-${i}@load.rcr.test`,
    name: `${pick(random, first)} ${pick(random, last)}`,
    password: `bench-password-${seed}`,
  }));
}

/** Generates cameras with distinct brand + model pairs. */
function makeCameras(random: Random, count: number): CameraSpec[] {
  const seen = new Set<string>();
  const cameras: CameraSpec[] = [];
  for (let i = 0; cameras.length < count; i++) {
    const { brand, lines, mount } = pick(random, BRANDS);
    const line = pick(random, lines);
    const number = line.endsWith(' ') || /[-A-Z]$/.test(line) ? String(1 + Math.floor(random() * 9)) : '';
    // Past the natural names, a running number keeps brand + model unique.
    const model = `${line}${number}${pick(random, SUFFIXES)}${i >= 400 ? ` ${i}` : ''}`.trim();
    if (seen.has(`${brand}|${model}`)) continue;
    seen.add(`${brand}|${model}`);
    const type = pick<CameraType>(
      random,
      TYPES_BY_BRAND[brand] ?? ['mirrorless', 'mirrorless', 'dslr', 'compact'],
    );
    const isoMin = pick(random, [50, 64, 100, 125, 200]);
    cameras.push({
      brand,
      model,
      type,
      specs: {
        sensorSize: pick(random, SENSORS),
        megapixels: Math.round((12 + random() * 90) * 10) / 10,
        isoMin,
        isoMax: pick(random, [6400, 12_800, 25_600, 51_200, 102_400, 204_800]),
        weightGrams: Math.round(120 + random() * 1300),
        priceUsd: Math.round(300 + random() * 6000),
        mount,
        releasedOn: `${2014 + Math.floor(random() * 12)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-01`,
      },
    });
  }
  return cameras;
}

/** The words of reviews in one language. `{c}` is the camera's name. */
interface Phrasebook {
  titles: string[];
  openings: string[];
  sentences: string[];
  closings: string[];
  verdicts: { low: string[]; mid: string[]; high: string[] };
  pros: string[];
  cons: string[];
}

const ES: Phrasebook = {
  titles: [
    '{c}: análisis a fondo',
    'Probamos la {c} durante un mes',
    '{c}, la cámara que no esperábamos',
    'Análisis de la {c}: luces y sombras',
    '{c} en la montaña: ¿merece la pena?',
    'La {c} para fotografía de viaje',
    '{c}: retratos, paisajes y vídeo',
    'Reseña: {c} tras 5.000 disparos',
    '{c} frente a su predecesora',
    'Fotografía nocturna con la {c}',
  ],
  openings: [
    'Llevamos varias semanas con la {c} y estas son nuestras impresiones.',
    'La {c} llega con muchas promesas y un precio ajustado.',
    'Después de un viaje por Galicia y los Pirineos, la {c} ha vuelto con nosotros.',
    'Hemos usado la {c} en bodas, conciertos y excursiones de fin de semana.',
  ],
  sentences: [
    'El enfoque automático sigue a los sujetos con una precisión sorprendente, incluso con poca luz.',
    'La ergonomía es buena: la empuñadura es cómoda y los diales están donde se esperan.',
    'La batería dura unas 400 fotografías, algo justo para una jornada completa.',
    'El visor electrónico es nítido y apenas tiene retardo.',
    'A ISO alto el ruido aparece pronto, aunque se limpia bien en el revelado.',
    'La estabilización en el cuerpo permite disparar a 1/4 de segundo a pulso.',
    'El menú es confuso y algunas opciones están escondidas en submenús.',
    'El vídeo en 4K a 60 fps es limpio, pero se calienta tras veinte minutos.',
    'Los colores directos de cámara son agradables, con tonos de piel naturales.',
    'La pantalla abatible resulta muy útil para grabar y para fotografía a ras de suelo.',
    'El sellado contra el polvo y la lluvia nos dio confianza en el monte.',
    'La conexión con el móvil funciona, aunque la aplicación es lenta.',
    'El obturador es silencioso, ideal para fotografía callejera y ceremonias.',
    'La calidad de imagen es excelente a sensibilidades bajas, con mucho detalle.',
    'El rango dinámico permite recuperar sombras sin que aparezcan bandas.',
  ],
  closings: [
    'En conjunto, es una cámara muy equilibrada para su categoría.',
    'No es perfecta, pero cumple con creces en el día a día.',
    'Quien busque una segunda cámara ligera encontrará aquí una opción sólida.',
  ],
  verdicts: {
    low: ['Difícil de recomendar a este precio.', 'Hay alternativas mejores por menos dinero.'],
    mid: ['Una compra razonable si encaja con tu forma de trabajar.', 'Correcta, sin grandes sorpresas.'],
    high: ['Una de las mejores cámaras del año.', 'Muy recomendable: calidad y diversión a partes iguales.'],
  },
  pros: [
    'enfoque rápido',
    'buena ergonomía',
    'visor nítido',
    'estabilización eficaz',
    'sellado contra la intemperie',
    'colores agradables',
    'pantalla abatible',
    'ligera y compacta',
    'vídeo 4K limpio',
    'gran rango dinámico',
  ],
  cons: [
    'batería escasa',
    'menús confusos',
    'se calienta grabando',
    'ruido a ISO alto',
    'precio elevado',
    'aplicación lenta',
    'una sola ranura de tarjeta',
    'empuñadura pequeña',
  ],
};

const EN: Phrasebook = {
  titles: [
    '{c} review: a month in the field',
    'Hands-on with the {c}',
    '{c}: the camera we did not expect',
    'The {c} for travel photography',
    '{c} long-term review',
    'Is the {c} worth the upgrade?',
    '{c}: portraits, landscapes and video',
    'Night photography with the {c}',
    '{c} versus its predecessor',
    'Shooting weddings with the {c}',
  ],
  openings: [
    'We have been shooting with the {c} for several weeks; here is what we found.',
    'The {c} arrives with big promises and a keen price.',
    'After a trip through the Highlands, the {c} came back with plenty to say.',
    'We took the {c} to weddings, concerts and weekend hikes.',
  ],
  sentences: [
    'Autofocus tracks subjects with surprising accuracy, even in dim light.',
    'Handling is good: the grip is comfortable and the dials sit where you expect them.',
    'Battery life is about 400 shots, tight for a full day out.',
    'The electronic viewfinder is sharp with barely any lag.',
    'Noise creeps in early at high ISO, though it cleans up well in post.',
    'In-body stabilisation lets you shoot at a quarter of a second handheld.',
    'The menu system is confusing and some options hide in submenus.',
    '4K video at 60 fps is clean, but the body warms up after twenty minutes.',
    'Straight-out-of-camera colours are pleasing, with natural skin tones.',
    'The articulating screen is handy for vlogging and low-angle shots.',
    'Weather sealing gave us confidence on rainy mountain trails.',
    'The phone connection works, although the app is sluggish.',
    'The shutter is quiet, ideal for street photography and ceremonies.',
    'Image quality is excellent at base ISO, with lots of fine detail.',
    'Dynamic range lets you lift shadows without banding.',
  ],
  closings: [
    'Overall it is a very balanced camera for its class.',
    'It is not perfect, but it delivers day after day.',
    'Anyone after a light second body will find a solid option here.',
  ],
  verdicts: {
    low: ['Hard to recommend at this price.', 'There are better options for less money.'],
    mid: ['A sensible buy if it fits the way you shoot.', 'Solid, with few surprises.'],
    high: [
      'One of the best cameras of the year.',
      'Highly recommended: image quality and fun in equal measure.',
    ],
  },
  pros: [
    'fast autofocus',
    'great handling',
    'sharp viewfinder',
    'effective stabilisation',
    'weather sealing',
    'pleasing colours',
    'articulating screen',
    'light and compact',
    'clean 4K video',
    'wide dynamic range',
  ],
  cons: [
    'short battery life',
    'confusing menus',
    'overheats in video',
    'noisy at high ISO',
    'expensive',
    'sluggish app',
    'single card slot',
    'small grip',
  ],
};

/** One review of `camera` in `language`, from the phrasebook. */
function makeReview(
  random: Random,
  camera: CameraSpec,
  language: 'es' | 'en',
): Omit<ReviewSpec, 'camera' | 'editor' | 'publish'> {
  const book = language === 'es' ? ES : EN;
  const name = `${camera.brand} ${camera.model}`;
  const fill = (text: string) => text.replaceAll('{c}', name);
  const rating = Math.round(Math.min(10, Math.max(0, 4 + random() * 6 + (random() - 0.7) * 3)) * 10) / 10;
  const sentences = pickSome(random, book.sentences, 3, 7);
  const body = [fill(pick(random, book.openings)), ...sentences, pick(random, book.closings)].join(' ');
  const tier = rating < 5 ? 'low' : rating < 8 ? 'mid' : 'high';
  return {
    title: fill(pick(random, book.titles)),
    body,
    rating,
    pros: pickSome(random, book.pros, 1, 4),
    cons: pickSome(random, book.cons, 0, 3),
    verdict: pick(random, book.verdicts[tier]),
    language,
  };
}

/** The data set for `options`: the same options give the same data set. */
export function generateDataset(options: DatasetOptions): Dataset {
  const random = prng(options.seed);
  const editors = makeEditors(random, options.editors, options.seed);
  const cameras = makeCameras(random, options.cameras);
  const reviews: ReviewSpec[] = Array.from({ length: options.reviews }, () => {
    // A few popular cameras get most reviews (squared uniform skews towards the first ones).
    const camera = Math.floor(random() ** 2 * cameras.length);
    const editor = Math.floor(random() * editors.length);
    const language = random() < 0.55 ? 'es' : 'en';
    const publish = random() < options.publishedRatio;
    return { camera, editor, publish, ...makeReview(random, cameras[camera] as CameraSpec, language) };
  });
  return { editors, cameras, reviews };
}

/**
 * Reviews from JSON lines: each line `{title, body, rating, verdict, pros?, cons?, language?, camera:
 * {brand, model, type?}, published?}`; cameras are collected by brand + model, reviews are spread over
 * `editors` generated editors round robin. Throws with the line number on a malformed line.
 */
export function parseReviewLines(text: string, editors: number, seed: number): Dataset {
  const cameras: CameraSpec[] = [];
  const cameraIndex = new Map<string, number>();
  const reviews: ReviewSpec[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    const camera = row.camera as { brand?: unknown; model?: unknown; type?: unknown } | undefined;
    const str = (v: unknown) => typeof v === 'string';
    if (!camera || !str(camera.brand) || !str(camera.model))
      throw new Error(`line ${i + 1}: camera.brand and camera.model are required`);
    if (!str(row.title) || !str(row.body) || !str(row.verdict) || typeof row.rating !== 'number') {
      throw new Error(`line ${i + 1}: title, body, verdict (strings) and rating (number) are required`);
    }
    const key = `${camera.brand as string}|${camera.model as string}`;
    let index = cameraIndex.get(key);
    if (index === undefined) {
      index = cameras.length;
      cameraIndex.set(key, index);
      cameras.push({
        brand: camera.brand as string,
        model: camera.model as string,
        type: (str(camera.type) ? camera.type : 'mirrorless') as CameraType,
        specs: {},
      });
    }
    const strings = (v: unknown) =>
      Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
    reviews.push({
      camera: index,
      editor: reviews.length % editors,
      title: row.title as string,
      body: row.body as string,
      rating: row.rating,
      pros: strings(row.pros),
      cons: strings(row.cons),
      verdict: row.verdict as string,
      language: row.language === 'es' ? 'es' : 'en',
      publish: row.published !== false,
    });
  });
  return { editors: makeEditors(prng(seed), editors, seed), cameras, reviews };
}

/** A data set's reviews as JSON lines (the format `parseReviewLines` reads). */
export function reviewLines(dataset: Dataset): string {
  return dataset.reviews
    .map((r) => {
      const camera = dataset.cameras[r.camera] as CameraSpec;
      return JSON.stringify({
        title: r.title,
        body: r.body,
        rating: r.rating,
        pros: r.pros,
        cons: r.cons,
        verdict: r.verdict,
        language: r.language,
        camera: { brand: camera.brand, model: camera.model, type: camera.type },
        published: r.publish,
      });
    })
    .join('\n')
    .concat('\n');
}
