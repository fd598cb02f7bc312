/**
 * Draws the app icons as PNG files (no image tools needed): `tsx scripts/make-icons.ts`.
 * The icon is a stack of two cards on the theme colour. The output is committed in public/icons/; run this again only
 * when the design changes. Pixels are computed from signed distances with 4×4 supersampling for smooth edges.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/** The manifest's theme colour, as RGB. Kept equal to THEME_COLOR in vite.config.ts. */
const THEME: Rgb = [29, 78, 216];
const WHITE: Rgb = [255, 255, 255];
const PALE: Rgb = [191, 208, 255];
const INK: Rgb = [29, 78, 216];

type Rgb = [number, number, number];
type Rgba = [number, number, number, number];

/** Signed distance from point (x, y) to a rounded rectangle centred at (cx, cy), rotated by `angle` radians. */
function roundedRect(
  x: number,
  y: number,
  cx: number,
  cy: number,
  halfW: number,
  halfH: number,
  radius: number,
  angle = 0,
): number {
  const cos = Math.cos(-angle);
  const sin = Math.sin(-angle);
  const px = (x - cx) * cos - (y - cy) * sin;
  const py = (x - cx) * sin + (y - cy) * cos;
  const qx = Math.abs(px) - halfW + radius;
  const qy = Math.abs(py) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Signed distance to a line segment of half-thickness `half`. */
function segment(
  x: number,
  y: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  half: number,
): number {
  const pax = x - ax;
  const pay = y - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const h = Math.min(Math.max((pax * bax + pay * bay) / (bax * bax + bay * bay), 0), 1);
  return Math.hypot(pax - bax * h, pay - bay * h) - half;
}

/**
 * The colour at a point of the unit square. `maskable` fills the whole square (the platform crops it) and keeps the
 * drawing inside the central safe zone (radius 0.4); the plain icon is a rounded square with a transparent corner.
 */
function shade(u: number, v: number, maskable: boolean): Rgba {
  const scale = maskable ? 0.72 : 1;
  // Map into the drawing's own coordinates, so the maskable version is the same drawing, smaller.
  const x = 0.5 + (u - 0.5) / scale;
  const y = 0.5 + (v - 0.5) / scale;
  if (!maskable && roundedRect(u, v, 0.5, 0.5, 0.5, 0.5, 0.22) > 0) return [0, 0, 0, 0];
  // The front card (with a tick) is tested first, so it covers the tilted card behind it.
  if (roundedRect(x, y, 0.46, 0.57, 0.26, 0.18, 0.045) <= 0) {
    const tick = Math.min(
      segment(x, y, 0.37, 0.57, 0.44, 0.64, 0.032),
      segment(x, y, 0.44, 0.64, 0.57, 0.5, 0.032),
    );
    return tick <= 0 ? [...INK, 255] : [...WHITE, 255];
  }
  if (roundedRect(x, y, 0.56, 0.43, 0.24, 0.17, 0.04, 0.2) <= 0) return [...PALE, 255];
  return [...THEME, 255];
}

/** Renders an RGBA image of `size`×`size` with 4×4 supersampling. */
function render(size: number, maskable: boolean): Buffer {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = shade(
            (col + (sx + 0.5) / samples) / size,
            (row + (sy + 0.5) / samples) / size,
            maskable,
          );
          // Premultiplied accumulation, so transparent samples do not darken the edges.
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const offset = (row * size + col) * 4;
      pixels[offset] = a ? Math.round(r / a) : 0;
      pixels[offset + 1] = a ? Math.round(g / a) : 0;
      pixels[offset + 2] = a ? Math.round(b / a) : 0;
      pixels[offset + 3] = Math.round(a / (samples * samples));
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as the PNG specification defines it (ISO 3309). */
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels as a PNG: 8-bit truecolour with alpha, filter 0 on every row, zlib-deflated. */
function encodePng(size: number, pixels: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row++) {
    pixels.copy(raw, row * (size * 4 + 1) + 1, row * size * 4, (row + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = join(import.meta.dirname, '..', 'public', 'icons');
mkdirSync(outDir, { recursive: true });
const icons: { file: string; size: number; maskable: boolean }[] = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  // iOS ignores the manifest's icons and wants an opaque square (it rounds the corners itself).
  { file: 'apple-touch-icon-180.png', size: 180, maskable: true },
  { file: 'favicon-32.png', size: 32, maskable: false },
];
for (const { file, size, maskable } of icons) {
  writeFileSync(join(outDir, file), encodePng(size, render(size, maskable)));
  console.log(`public/icons/${file} (${size}×${size}${maskable ? ', maskable' : ''})`);
}
