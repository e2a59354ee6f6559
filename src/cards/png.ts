/**
 * A minimal PNG encoder on Node built-ins (zlib + a CRC32 table): the review chart and the Teams app icons
 * (scripts/make-icons.ts) are drawn into an RGBA buffer and encoded here, no image library needed.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * 8-bit RGBA (colour type 6), no interlace, filter type 0 on every row. With `opaque` (the review chart) and at most
 * 256 colours, an indexed PNG (colour type 3, one byte a pixel): the chart's few antialiased shades make it about
 * half the size, and the chart travels inside the card (Teams takes about 28 KB per message).
 */
export function encodePng(width: number, height: number, rgba: Uint8Array, opaque = false): Buffer {
  if (opaque) {
    const indexed = encodeIndexed(width, height, rgba);
    if (indexed) return indexed;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The indexed (palette) form of an opaque image; undefined when it has more than 256 colours. */
function encodeIndexed(width: number, height: number, rgba: Uint8Array): Buffer | undefined {
  const index = new Map<number, number>();
  const palette: number[] = [];
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const rgb = (rgba[at] << 16) | (rgba[at + 1] << 8) | rgba[at + 2];
      let i = index.get(rgb);
      if (i === undefined) {
        if (palette.length === 256) return undefined;
        i = palette.length;
        index.set(rgb, i);
        palette.push(rgb);
      }
      raw[y * (width + 1) + 1 + x] = i;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // colour type: indexed
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((rgb, i) => plte.writeUIntBE(rgb, i * 3, 3));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
