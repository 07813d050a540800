// p5-result-cache: a cached versus an uncached call of a real expensive function (the power
// spectrum of a 75-channel, 256-sample movement window by direct DFT), interleaved, and the
// per-call overhead of timed() against the bare function.
import { performance } from "node:perf_hooks";
import { cacheResult, getResultCache } from "../src/cache";
import { benchLog, median, parseBenchArgs, printBench } from "../src/bench";
import { PerformanceMonitor } from "../src/perf";

const { quick } = parseBenchArgs();
const CHANNELS = 75;
const SAMPLES = quick ? 128 : 256;
const rounds = quick ? 3 : 9;
const callsPerSample = quick ? 20 : 50;
const overheadCalls = quick ? 200_000 : 2_000_000;

interface Window {
  id: string;
  data: Float32Array;
}

/** Power spectrum per channel by direct DFT: O(channels x samples^2), deliberately the slow way. */
function powerSpectrum(window: Window): Float64Array {
  const half = SAMPLES / 2;
  const out = new Float64Array(CHANNELS * half);
  const cos = new Float64Array(SAMPLES);
  const sin = new Float64Array(SAMPLES);
  for (let n = 0; n < SAMPLES; n++) {
    cos[n] = Math.cos((2 * Math.PI * n) / SAMPLES);
    sin[n] = Math.sin((2 * Math.PI * n) / SAMPLES);
  }
  for (let c = 0; c < CHANNELS; c++) {
    for (let k = 0; k < half; k++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < SAMPLES; n++) {
        const x = window.data[n * CHANNELS + c]!;
        const idx = (k * n) % SAMPLES;
        re += x * cos[idx]!;
        im -= x * sin[idx]!;
      }
      out[c * half + k] = re * re + im * im;
    }
  }
  return out;
}

const cached = cacheResult({ name: "p5-spectrum", maxSize: 16, key: (w: Window) => w.id })(powerSpectrum);
const windows: Window[] = Array.from({ length: 4 }, (_, i) => ({ id: `w${i}`, data: Float32Array.from({ length: SAMPLES * CHANNELS }, (_, j) => Math.sin(j * 0.37 + i)) }));

// A fast wrong answer is a failure.
for (const w of windows) {
  const a = cached(w);
  const b = powerSpectrum(w);
  if (a.length !== b.length || a.some((v, i) => v !== b[i])) {
    benchLog("cached result differs from the computed one");
    process.exit(1);
  }
}

function perCallMs(fn: (w: Window) => unknown, calls: number): number {
  const t = performance.now();
  for (let i = 0; i < calls; i++) fn(windows[i % windows.length]!);
  return (performance.now() - t) / calls;
}

benchLog("warm-up");
perCallMs(powerSpectrum, 3);
perCallMs(cached, 1000);
const uncachedMs: number[] = [];
const cachedMs: number[] = [];
for (let r = 0; r < rounds; r++) {
  uncachedMs.push(perCallMs(powerSpectrum, Math.max(4, callsPerSample / 10)));
  cachedMs.push(perCallMs(cached, callsPerSample * 200));
  benchLog(`round ${r + 1}/${rounds}: uncached ${uncachedMs.at(-1)!.toFixed(2)} ms, cached ${(cachedMs.at(-1)! * 1e6).toFixed(0)} ns`);
}

// Overhead of timed(): the same trivial function bare and wrapped, interleaved.
const monitor = new PerformanceMonitor();
let sink = 0;
const bare = (x: number): number => x + 1;
const wrapped = monitor.timed("p5.trivial")(bare);
function loopNs(fn: (x: number) => number): number {
  const t = performance.now();
  for (let i = 0; i < overheadCalls; i++) sink += fn(i);
  return ((performance.now() - t) * 1e6) / overheadCalls;
}
loopNs(bare);
loopNs(wrapped);
const overhead: number[] = [];
for (let r = 0; r < rounds; r++) overhead.push(loopNs(wrapped) - loopNs(bare));
if (monitor.stats()["p5.trivial"]!.count !== overheadCalls * (rounds + 1) || sink === 0) {
  benchLog("timed() lost observations");
  process.exit(1);
}
benchLog(`timed() overhead ${median(overhead).toFixed(0)} ns/call; cache stats ${JSON.stringify(getResultCache(cached)!.stats())}`);

printBench("p5-result-cache", quick, {
  speedup: median(uncachedMs) / median(cachedMs),
  uncached_ms: median(uncachedMs),
  cached_us: median(cachedMs) * 1e3,
  monitor_overhead_ns: median(overhead),
  rounds,
});
