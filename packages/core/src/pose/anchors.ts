/** Centre of one SSD anchor in normalised [0, 1] input coordinates (all anchors are unit-sized). */
export interface Anchor {
  x: number;
  y: number;
}

/** Options of {@link generateAnchors}; the defaults are the BlazePose detector's. */
export interface AnchorOptions {
  /**
   * Square input size in pixels.
   * @defaultValue 224
   */
  inputSize?: number;
  /**
   * Feature map strides, one per output layer.
   * @defaultValue [8, 16, 32, 32, 32]
   */
  strides?: readonly number[];
  /**
   * Anchors per location per layer (aspect ratio 1 plus the interpolated scale).
   * @defaultValue 2
   */
  anchorsPerLayer?: number;
}

/**
 * SSD anchors in the detector's output order. Consecutive layers with the same stride share one
 * feature map (MediaPipe's SsdAnchorsCalculator), so stride 32 contributes 3 x 2 anchors per cell.
 */
export function generateAnchors(options: AnchorOptions = {}): Anchor[] {
  const size = options.inputSize ?? 224;
  const strides = options.strides ?? [8, 16, 32, 32, 32];
  const perLayer = options.anchorsPerLayer ?? 2;
  const anchors: Anchor[] = [];
  for (let layer = 0; layer < strides.length; ) {
    const stride = strides[layer]!;
    let repeats = 0;
    while (layer < strides.length && strides[layer] === stride) {
      repeats++;
      layer++;
    }
    const cells = Math.ceil(size / stride);
    for (let y = 0; y < cells; y++)
      for (let x = 0; x < cells; x++)
        for (let a = 0; a < repeats * perLayer; a++) anchors.push({ x: (x + 0.5) / cells, y: (y + 0.5) / cells });
  }
  return anchors;
}
