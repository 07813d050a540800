"use client";

import { useEffect, useRef, useState } from "react";
import { frameAt, JOINT_PARENTS, sequenceBounds, type JointSequence } from "@/lib/skeleton-bones";

/**
 * Replays a recording's timeline: a play/pause clock with a scrubber that reports the time to
 * the page (the error timeline's cursor follows it), drawing the 25-joint skeleton on a canvas
 * when the API supplies the sequence.
 */
export function SkeletonPlayer({ sequence, durationS, onTime }: { sequence: JointSequence | null; durationS: number; onTime: (t: number) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);

  useEffect(() => onTime(time), [time, onTime]);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      const dt = (now - last) / 1000;
      last = now;
      setTime((t) => (t + dt >= durationS ? 0 : t + dt));
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, durationS]);

  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx || !canvas.current) return;
    const { width, height } = canvas.current;
    ctx.clearRect(0, 0, width, height);
    if (!sequence || sequence.frames.length === 0) return;
    const bounds = sequenceBounds(sequence);
    const scale = 0.85 * Math.min(width / (bounds.maxX - bounds.minX || 1), height / (bounds.maxY - bounds.minY || 1));
    const ox = (width - scale * (bounds.maxX - bounds.minX)) / 2;
    const oy = (height - scale * (bounds.maxY - bounds.minY)) / 2;
    const at = (p: readonly [number, number]) => [ox + scale * (p[0] - bounds.minX), oy + scale * (p[1] - bounds.minY)] as const;
    const points = sequence.frames[frameAt(sequence, time)] ?? [];
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#93c5fd";
    points.forEach((p, joint) => {
      const parent = points[JOINT_PARENTS[joint] ?? -1];
      if (!parent) return;
      const [x1, y1] = at(p);
      const [x2, y2] = at(parent);
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
    });
    ctx.fillStyle = "#fbbf24";
    for (const p of points) {
      const [x, y] = at(p);
      ctx.beginPath();
      ctx.arc(x, y, 4, 0, 2 * Math.PI);
      ctx.fill();
    }
  }, [sequence, time]);

  return (
    <div className="player stack" data-testid="skeleton-player">
      <canvas ref={canvas} width={480} height={360} aria-label="skeleton replay" />
      {!sequence && (
        <p className="muted" data-testid="skeleton-unavailable" style={{ margin: 0 }}>
          The joint sequence is not available in this API version (the analysis exposes no skeleton yet); the clock below still
          moves the cursor on the error timeline.
        </p>
      )}
      <div className="row">
        <button className="btn" onClick={() => setPlaying((p) => !p)} aria-label={playing ? "Pause" : "Play"}>
          {playing ? "Pause" : "Play"}
        </button>
        <input
          type="range"
          aria-label="position"
          min={0}
          max={durationS}
          step={0.05}
          value={time}
          onChange={(e) => setTime(Number(e.target.value))}
          style={{ flex: 1 }}
        />
        <span className="muted" data-testid="player-time">
          {time.toFixed(1)} / {durationS.toFixed(1)} s
        </span>
      </div>
    </div>
  );
}
