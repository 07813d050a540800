"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useReplaySequence } from "@/hooks/use-replay-sequence";
import { frameAtTime, sequenceBounds, sequenceDurationS, type ReplaySequence } from "@/lib/replay-sequence";
import { skeletonLayout, type SkeletonBounds } from "@/lib/skeleton-layout";
import { boneStyle, jointStyle, SKELETON_LEGEND } from "@/lib/skeleton-style";
import { ReplayError } from "./replay-error";

/** Draws one frame of the sequence where `skeletonLayout` puts it (fitted to the whole sequence, head up). */
function drawFrame(canvas: HTMLCanvasElement, sequence: ReplaySequence, bounds: SkeletonBounds, frame: number): void {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const layout = skeletonLayout(bounds, width, height);
  if (!layout) return;
  const stride = sequence.jointCount * 3;
  const base = frame * stride;
  const point = (j: number): [number, number] | null => {
    const x = sequence.data[base + j * 3]!;
    const y = sequence.data[base + j * 3 + 1]!;
    return Number.isFinite(x) && Number.isFinite(y) ? layout.toCanvas(x, y) : null;
  };
  ctx.lineWidth = 3;
  ctx.lineCap = "round";
  ctx.font = "bold 12px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  for (const [parent, child] of sequence.bones) {
    const a = point(parent);
    const b = point(child);
    if (!a || !b) continue;
    const style = boneStyle(sequence.joints[parent], sequence.joints[child]);
    ctx.strokeStyle = style.color;
    ctx.setLineDash(style.dash);
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.stroke();
  }
  for (let j = 0; j < sequence.jointCount; j++) {
    const p = point(j);
    if (!p) continue;
    const style = jointStyle(sequence.joints[j]);
    ctx.fillStyle = style.color;
    if (style.shape === "square") ctx.fillRect(p[0] - 3.5, p[1] - 3.5, 7, 7);
    else {
      ctx.beginPath();
      ctx.arc(p[0], p[1], 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (style.label) {
      // Outward from the middle, so the letter does not sit on the body.
      const outward = p[0] < width / 2 ? -1 : 1;
      ctx.textAlign = outward < 0 ? "right" : "left";
      ctx.fillText(style.label, p[0] + 8 * outward, p[1]);
    }
  }
}

/**
 * Replays the 25-joint sequence the analysis was computed from (normalised: centred, scaled,
 * pelvis to neck upright) on a canvas, with play/pause and a scrubber; its time drives the
 * cursor on the error timeline. Left limbs are blue and dashed with square joints, right limbs
 * pink and solid with round ones, and L and R mark the hands and feet (`lib/skeleton-style.ts`).
 */
export function SkeletonPlayer({ analysisId, fallbackDurationS, onTime }: { analysisId: string; fallbackDurationS: number; onTime: (t: number) => void }) {
  const replay = useReplaySequence(analysisId);
  const sequence = replay.status === "ready" ? replay.sequence : null;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const durationS = sequence && sequence.frameCount > 0 ? sequenceDurationS(sequence) : Math.max(fallbackDurationS, 0.1);
  const frame = sequence ? frameAtTime(sequence, time) : 0;
  const bounds = useMemo(() => (sequence ? sequenceBounds(sequence) : null), [sequence]);

  useEffect(() => onTime(time), [time, onTime]);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let handle = requestAnimationFrame(function tick(now) {
      const dt = (now - last) / 1000;
      last = now;
      setTime((t) => (t + dt >= durationS ? 0 : t + dt));
      handle = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(handle);
  }, [playing, durationS]);

  useEffect(() => {
    if (canvas.current && sequence && bounds) drawFrame(canvas.current, sequence, bounds, frame);
  }, [sequence, bounds, frame]);

  return (
    <div className="player stack" data-testid="skeleton-player">
      <canvas
        ref={canvas}
        width={480}
        height={360}
        aria-label="skeleton replay"
        data-testid="skeleton-canvas"
        data-state={replay.status}
        data-frames={sequence?.frameCount ?? 0}
        data-frame={frame}
      />
      {replay.status === "loading" && (
        <p className="muted" style={{ margin: 0 }}>
          Loading the joint sequence…
        </p>
      )}
      {replay.status === "unavailable" && (
        <p className="muted" data-testid="skeleton-unavailable" style={{ margin: 0 }}>
          {replay.message} The clock below still moves the cursor on the error timeline.
        </p>
      )}
      {replay.status === "error" && <ReplayError error={replay.error} />}
      <div className="row">
        <button className="btn" onClick={() => setPlaying((p) => !p)} aria-label={playing ? "Pause" : "Play"}>
          {playing ? "Pause" : "Play"}
        </button>
        <input
          type="range"
          aria-label="position"
          min={0}
          max={durationS}
          step={sequence ? 1 / sequence.fps : 0.05}
          value={Math.min(time, durationS)}
          onChange={(e) => setTime(Number(e.target.value))}
          style={{ flex: 1 }}
        />
        <span className="muted" data-testid="player-time">
          {time.toFixed(1)} / {durationS.toFixed(1)} s
        </span>
      </div>
      {sequence && (
        <p className="muted" style={{ margin: 0, fontSize: 12 }}>
          Frame {frame + 1} of {sequence.frameCount} at {sequence.fps.toFixed(0)} fps · normalised joints as analysed · {SKELETON_LEGEND}
        </p>
      )}
    </div>
  );
}
