/**
 * Draws the Teams app icons with Node built-ins only (the encoder in src/cards/png.ts):
 *   manifest/color.png    192×192, a blue (#1F4E79) shield with a white exclamation mark on white
 *   manifest/outline.png   32×32, the same shield as a white outline on transparent
 *
 * Run: npx tsx scripts/make-icons.ts   (the PNGs are committed; rerun only to change the design)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../src/cards/png';

type RGBA = readonly [number, number, number, number];

const BLUE: RGBA = [0x1f, 0x4e, 0x79, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const CLEAR: RGBA = [255, 255, 255, 0];

// PNG encoding lives in src/cards/png.ts (shared with the review chart); re-exported for package-manifest.ts.
export { crc32 } from '../src/cards/png';

// ---------------------------------------------------------------- shapes (unit coordinates)

/** A point in the shield's own box: u across (0..1), v down (0..1). */
type Shape = (u: number, v: number) => boolean;

/** Straight sides for the top half, curving into a point at the bottom; the top edge dips a little in the middle. */
const shield: Shape = (u, v) => {
  if (u < 0 || u > 1 || v > 1) return false;
  const x = 2 * u - 1; // -1..1
  const top = 0.07 * (1 - x * x);
  if (v < top) return false;
  const halfWidth = v < 0.45 ? 1 : 1 - Math.pow((v - 0.45) / 0.55, 1.7);
  return Math.abs(x) <= halfWidth;
};

/** The same outline shrunk towards its centre, for the hollow (outline) icon. */
function inset(shape: Shape, by: number): Shape {
  // Shrinking the box by `by` on each side and a bit more at the bottom keeps the stroke about even around the point.
  const sx = 1 - 2 * by;
  const sy = 1 - 2.6 * by;
  return (u, v) => shape((u - by) / sx, (v - by) / sy);
}

function capsule(u: number, v: number, cx: number, top: number, bottom: number, topHalf: number, bottomHalf: number): boolean {
  if (v < top || v > bottom) return false;
  const t = (v - top) / (bottom - top);
  const half = topHalf + (bottomHalf - topHalf) * t;
  // round the two ends
  const dyTop = v - (top + topHalf);
  if (dyTop < 0) return (u - cx) ** 2 + dyTop ** 2 <= topHalf ** 2;
  const dyBottom = v - (bottom - bottomHalf);
  if (dyBottom > 0) return (u - cx) ** 2 + dyBottom ** 2 <= bottomHalf ** 2;
  return Math.abs(u - cx) <= half;
}

/** An exclamation mark in the shield's box; `scale` 1 fills the middle of the shield. */
function exclamation(scale: number): Shape {
  const cy = 0.47;
  const s = (v: number) => cy + (v - cy) * scale;
  const w = (d: number) => d * scale;
  return (u, v) =>
    capsule(u, v, 0.5, s(0.2), s(0.6), w(0.075), w(0.05)) || (u - 0.5) ** 2 + (v - s(0.73)) ** 2 <= w(0.07) ** 2;
}

// ---------------------------------------------------------------- rasterising

interface Layer {
  shape: Shape;
  color: RGBA;
}

/** Paints layers in order, with `samples`×`samples` supersampling per pixel, in the box (x, y, w, h) in pixels. */
function render(size: number, background: RGBA, box: { x: number; y: number; w: number; h: number }, layers: Layer[], samples: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (px + (sx + 0.5) / samples - box.x) / box.w;
          const v = (py + (sy + 0.5) / samples - box.y) / box.h;
          let c = background;
          for (const layer of layers) if (layer.shape(u, v)) c = layer.color;
          // accumulate premultiplied colour
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      const n = samples * samples;
      out[i + 3] = Math.round(a / n);
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      } else {
        out[i] = out[i + 1] = out[i + 2] = 255;
      }
    }
  }
  return out;
}

export function colorIcon(): Buffer {
  const size = 192;
  // The symbol stays inside the central ~96×96 px that Teams keeps when it crops or rounds the icon.
  const box = { x: 96 - 42, y: 96 - 50, w: 84, h: 100 };
  const pixels = render(size, WHITE, box, [{ shape: shield, color: BLUE }, { shape: exclamation(1), color: WHITE }], 4);
  return encodePng(size, size, pixels);
}

export function outlineIcon(): Buffer {
  const size = 32;
  const box = { x: 16 - 12, y: 16 - 14, w: 24, h: 28 };
  const ring: Shape = (u, v) => shield(u, v) && !inset(shield, 0.1)(u, v);
  const pixels = render(size, CLEAR, box, [{ shape: ring, color: WHITE }, { shape: exclamation(0.85), color: WHITE }], 8);
  return encodePng(size, size, pixels);
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'manifest');
  writeFileSync(join(dir, 'color.png'), colorIcon());
  writeFileSync(join(dir, 'outline.png'), outlineIcon());
  console.log(`wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}`);
}
