import type { WindowScorer } from "../../../src/anomaly";
import { bundledNormalStatistics } from "../../../src/analysis";

/** A scorer that returns errors from a function of the window index and counts its calls. */
export class FakeScorer implements WindowScorer {
  readonly windowSize = 30;
  readonly normalStatistics = bundledNormalStatistics();
  calls = 0;
  constructor(
    readonly threshold: number,
    private readonly errorOf: (window: number) => number,
    readonly modelVersion = "fake@1",
  ) {}

  async scoreWindows(_windows: Float32Array, count: number, onProgress?: (done: number, total: number) => void): Promise<Float32Array> {
    this.calls++;
    const out = Float32Array.from({ length: count }, (_, i) => this.errorOf(i));
    onProgress?.(count, count);
    return out;
  }
}
