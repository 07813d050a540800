import { emptyPoseTrack, listChannels } from "../pose-channels";
import type { MovementClass } from "./movement-class";
import { CHANNEL_REGION } from "./motor-primitives";

/** Channels that carry the stereotyped pattern; all others stay nearly still. */
export const POOR_REPERTOIRE_ACTIVE = new Set(["shoulderYaw", "elbowFlex", "hipPitch", "kneeFlex", "headYaw"]);

/**
 * Poor repertoire (a warning sign): the sequence of movement components is monotonous and
 * movements of different body parts lack complexity.
 *
 * Generator: a single stereotyped pattern (one frequency, 0.6-1.4 Hz, fixed phase per channel,
 * no envelope) repeated for the whole recording on a few proximal channels (shoulder yaw,
 * elbow, hip, knee, head turning) at 1.2 times the normal gains; wrists, ankles and the other
 * channels are nearly still (8 % of normal). Documented difference from normal: the spectrum
 * concentrates in one frequency, and distal joints move less than proximal ones.
 */
export const poorRepertoire: MovementClass = {
  name: "poor-repertoire",
  label: "anomaly",
  summary: "one stereotyped single-frequency pattern on a few proximal joints repeated throughout; distal joints still",
  ageWeeks: [1, 20],
  generate(ctx) {
    const track = emptyPoseTrack(ctx.frames);
    const f0 = ctx.rng.uniform(0.6, 1.4);
    const w = (2 * Math.PI * f0) / ctx.fps;
    const limbPhase = { left: ctx.rng.uniform(0, 2 * Math.PI), right: ctx.rng.uniform(0, 2 * Math.PI) };
    for (const ch of listChannels(track)) {
      const gain = ctx.gains[CHANNEL_REGION[ch.channel]!] * ctx.vigor;
      if (POOR_REPERTOIRE_ACTIVE.has(ch.channel)) {
        const amp = gain * 1.2 * Math.SQRT2;
        const phase = (ch.side ? limbPhase[ch.side] : 0) + ctx.rng.uniform(-0.3, 0.3);
        for (let t = 0; t < ctx.frames; t++) ch.values[t] = amp * Math.sin(w * t + phase);
      } else {
        const amp = gain * 0.08 * Math.SQRT2;
        const fr = (2 * Math.PI * ctx.rng.uniform(0.8, 3)) / ctx.fps;
        const phase = ctx.rng.uniform(0, 2 * Math.PI);
        for (let t = 0; t < ctx.frames; t++) ch.values[t] = amp * Math.sin(fr * t + phase);
      }
    }
    return track;
  },
};
