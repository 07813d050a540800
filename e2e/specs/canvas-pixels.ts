import type { Locator, Page } from "@playwright/test";

/** An image's pixels: RGBA, 4 bytes a pixel, row by row, alpha not premultiplied. */
export interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

/** One pixel's red, green, blue and alpha (0-255). */
export type Rgba = [number, number, number, number];

/**
 * What a <canvas> holds, read with getImageData: its own pixels (canvas.width x canvas.height,
 * whatever its CSS size and the screen's pixel ratio), transparent where nothing was drawn.
 */
export async function canvasPixels(canvas: Locator): Promise<Pixels> {
  const { width, height, base64 } = await canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
    let binary = "";
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, base64: btoa(binary) };
  });
  return { width, height, data: Buffer.from(base64, "base64") };
}

/**
 * What the screen shows of an element (a screenshot of it, decoded by the browser itself, so no
 * PNG decoder is needed here): its CSS background included, at the screen's pixel ratio.
 */
export async function screenPixels(page: Page, element: Locator): Promise<Pixels> {
  const png = await element.screenshot();
  const { width, height, base64 } = await page.evaluate(async (encoded) => {
    const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }), { colorSpaceConversion: "none", premultiplyAlpha: "none" });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let binary = "";
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: bitmap.width, height: bitmap.height, base64: btoa(binary) };
  }, png.toString("base64"));
  return { width, height, data: Buffer.from(base64, "base64") };
}

/** The pixel that holds the point (x, y) (pixel i spans [i, i + 1)); transparent off the image. */
export function pixelAt(image: Pixels, x: number, y: number): Rgba {
  const i = Math.floor(x);
  const j = Math.floor(y);
  if (i < 0 || j < 0 || i >= image.width || j >= image.height) return [0, 0, 0, 0];
  const o = (j * image.width + i) * 4;
  return [image.data[o]!, image.data[o + 1]!, image.data[o + 2]!, image.data[o + 3]!];
}

/** `#rrggbb` as [r, g, b]. */
export function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/** Euclidean distance between two colours' red, green and blue. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}

/** A pixel for a failure message: `rgba(r, g, b, a)`. */
export function describePixel([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${a})`;
}
