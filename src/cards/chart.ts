/**
 * A horizontal grouped bar chart as a small PNG (this period vs the previous one vs a year ago, per category),
 * drawn into an RGBA buffer with the bitmap font of chart-font.ts and encoded with png.ts: no image library,
 * no browser. Embedded in the card as a data: URI (see teams/reviews.ts for why).
 */
import { BASELINE, FONTS, GLYPH_HEIGHT } from './chart-font';
import { encodePng } from './png';

type RGB = readonly [number, number, number];

export interface BarChart {
  /** One entry per series, in drawing order (e.g. this quarter, last quarter, a year ago). */
  series: string[];
  groups: { label: string; values: number[] }[];
  width?: number;
}

/** Dark to light, so the current period stands out and the colours stay apart in grey scale too. */
export const SERIES_COLORS: readonly RGB[] = [
  [0x1f, 0x4e, 0x79],
  [0x5b, 0x9b, 0xd5],
  [0xbf, 0xbf, 0xbf],
];
const TEXT: RGB = [0x24, 0x24, 0x24];
const MUTED: RGB = [0x61, 0x61, 0x61];
const AXIS: RGB = [0xd0, 0xd0, 0xd0];

const BAR = 13;
const BAR_GAP = 3;
const GROUP_GAP = 12;
const LEGEND = 26;
/** Each category's name on its own line above its bars, so the form's full category names fit. */
const LABEL_LINE = 17;

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 4).fill(255);
  }

  rect(x: number, y: number, w: number, h: number, color: RGB): void {
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + h); yy++) {
      for (let xx = Math.max(0, x); xx < Math.min(this.width, x + w); xx++) this.blend(xx, yy, color, 1);
    }
  }

  /** Draws text with its top-left at (x, y); returns the x after it. */
  text(s: string, x: number, y: number, color: RGB, weight: 'regular' | 'bold' = 'regular'): number {
    const font = FONTS[weight];
    let pen = x;
    for (const ch of s) {
      const glyph = font[ch] ?? font['?'];
      const [advance, cell, coverage] = glyph;
      const left = Math.round(pen) - 1; // glyphs were captured one pixel in
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < cell; gx++) {
          const a = parseInt(coverage[gy * cell + gx], 16) / 15;
          if (a > 0) this.blend(left + gx, y + gy, color, a);
        }
      }
      pen += advance;
    }
    return pen;
  }

  private blend(x: number, y: number, color: RGB, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    for (let c = 0; c < 3; c++) this.pixels[i + c] = Math.round(this.pixels[i + c] * (1 - alpha) + color[c] * alpha);
  }
}

export function textWidth(s: string, weight: 'regular' | 'bold' = 'regular'): number {
  let w = 0;
  for (const ch of s) w += (FONTS[weight][ch] ?? FONTS[weight]['?'])[0];
  return Math.ceil(w);
}

/** Shortens a label to fit `max` pixels, with an ellipsis. */
function fit(label: string, max: number): string {
  if (textWidth(label) <= max) return label;
  let s = label;
  while (s.length > 1 && textWidth(`${s}...`) > max) s = s.slice(0, -1);
  return `${s.trimEnd()}...`;
}

export function barChartPng(chart: BarChart): Buffer {
  const width = chart.width ?? 480;
  const n = chart.series.length;
  const groupHeight = n * BAR + (n - 1) * BAR_GAP;
  const height = LEGEND + chart.groups.length * (LABEL_LINE + groupHeight + GROUP_GAP) + 4;
  const canvas = new Canvas(width, height);

  // Legend: a swatch and the period per series.
  let x = 4;
  chart.series.forEach((label, s) => {
    canvas.rect(x, 6, 11, 11, SERIES_COLORS[s % SERIES_COLORS.length]);
    x = canvas.text(label, x + 16, 4, TEXT) + 18;
  });

  const max = Math.max(1, ...chart.groups.flatMap((g) => g.values));
  const axisX = 10;
  const room = width - axisX - 34; // space for the value after the longest bar
  let y = LEGEND;
  for (const group of chart.groups) {
    canvas.text(fit(group.label, width - 8), 4, y, TEXT);
    y += LABEL_LINE;
    canvas.rect(axisX - 1, y - 2, 1, groupHeight + 4, AXIS);
    group.values.forEach((value, s) => {
      const top = y + s * (BAR + BAR_GAP);
      const length = value > 0 ? Math.max(2, Math.round((value / max) * room)) : 0;
      canvas.rect(axisX, top, length, BAR, SERIES_COLORS[s % SERIES_COLORS.length]);
      canvas.text(String(value), axisX + length + 5, top + Math.round((BAR - GLYPH_HEIGHT) / 2) + (GLYPH_HEIGHT - BASELINE > 3 ? 1 : 0), s === 0 ? TEXT : MUTED, s === 0 ? 'bold' : 'regular');
    });
    y += groupHeight + GROUP_GAP;
  }
  return encodePng(width, height, canvas.pixels, true);
}

export function pngDataUri(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}
