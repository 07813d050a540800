import type { Prng } from "./prng";

/** Options of {@link bandLimitedDrive}. */
export interface DriveOptions {
  /** Number of samples (frames). */
  frames: number;
  /** Sampling rate in frames per second. */
  fps: number;
  /** Lowest frequency in the drive, Hz. */
  lowHz: number;
  /** Highest frequency in the drive, Hz; at most fps / 2. */
  highHz: number;
  /**
   * Number of sinusoids summed; more gives a less periodic, more noise-like drive.
   * @defaultValue 8
   */
  components?: number;
  /**
   * Depth (0..1) of a slow random envelope that makes bursts and pauses, so that speed and
   * acceleration vary over time instead of staying stationary.
   * @defaultValue 0
   */
  modulation?: number;
  /**
   * Upper frequency of that envelope, Hz.
   * @defaultValue 0.4
   */
  modulationHz?: number;
}

/**
 * A smooth random signal whose spectrum lies in [lowHz, highHz]: a sum of sinusoids with random
 * frequencies, phases and Rayleigh amplitudes (the spectral representation of a stationary
 * process), scaled to unit root-mean-square in expectation. Band-limited drives give joint
 * angles that are smooth at the frame rate yet never repeat exactly.
 */
export function bandLimitedDrive(rng: Prng, options: DriveOptions): Float64Array {
  const { frames, fps, lowHz, highHz } = options;
  const components = options.components ?? 8;
  const modulation = options.modulation ?? 0;
  if (!(Number.isInteger(frames) && frames >= 0)) throw new RangeError(`frames must be a non-negative integer, got ${frames}`);
  if (!(fps > 0)) throw new RangeError(`fps must be positive, got ${fps}`);
  if (!(lowHz >= 0 && highHz >= lowHz && highHz <= fps / 2)) {
    throw new RangeError(`band must satisfy 0 <= lowHz <= highHz <= fps/2, got [${lowHz}, ${highHz}] at ${fps} fps`);
  }
  if (!(Number.isInteger(components) && components >= 1)) throw new RangeError(`components must be a positive integer, got ${components}`);
  if (!(modulation >= 0 && modulation <= 1)) throw new RangeError(`modulation must lie in 0..1, got ${modulation}`);

  const out = new Float64Array(frames);
  let power = 0;
  for (let k = 0; k < components; k++) {
    const f = rng.uniform(lowHz, highHz);
    const phase = rng.uniform(0, 2 * Math.PI);
    // Rayleigh amplitude: the sum is then a Gaussian process rather than a chord of equal tones.
    const amp = Math.sqrt(-2 * Math.log(1 - rng.next()));
    power += (amp * amp) / 2;
    const w = (2 * Math.PI * f) / fps;
    for (let t = 0; t < frames; t++) out[t]! += amp * Math.sin(w * t + phase);
  }
  const scale = power > 0 ? 1 / Math.sqrt(power) : 0;
  for (let t = 0; t < frames; t++) out[t]! *= scale;

  if (modulation > 0) {
    const envelope = bandLimitedDrive(rng, { frames, fps, lowHz: 0.02, highHz: options.modulationHz ?? 0.4, components: 4 });
    // 1 + m * tanh(e) keeps the envelope positive; dividing by its rms keeps unit rms.
    let ss = 0;
    for (let t = 0; t < frames; t++) {
      const e = 1 + modulation * Math.tanh(1.5 * envelope[t]!);
      envelope[t] = e;
      ss += e * e;
    }
    const norm = frames > 0 ? Math.sqrt(ss / frames) : 1;
    for (let t = 0; t < frames; t++) out[t]! *= envelope[t]! / norm;
  }
  return out;
}
