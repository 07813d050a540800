import type { InfantBody } from "./infant-body";
import type { PoseTrack, Side } from "./pose-channels";

/** MediaPipe landmark indices the simulator produces (the sources of the 25-joint skeleton). */
export const SIMULATED_LANDMARKS = {
  nose: 0,
  leftShoulder: 11,
  rightShoulder: 12,
  leftElbow: 13,
  rightElbow: 14,
  leftWrist: 15,
  rightWrist: 16,
  leftIndex: 19,
  rightIndex: 20,
  leftHip: 23,
  rightHip: 24,
  leftKnee: 25,
  rightKnee: 26,
  leftAnkle: 27,
  rightAnkle: 28,
  leftFootIndex: 31,
  rightFootIndex: 32,
} as const;

/** Number of landmarks in a BlazePose frame. */
const LANDMARKS = 33;

const L = SIMULATED_LANDMARKS;
const LIMB_LANDMARKS: Record<Side, { shoulder: number; elbow: number; wrist: number; index: number; hip: number; knee: number; ankle: number; foot: number }> = {
  left: { shoulder: L.leftShoulder, elbow: L.leftElbow, wrist: L.leftWrist, index: L.leftIndex, hip: L.leftHip, knee: L.leftKnee, ankle: L.leftAnkle, foot: L.leftFootIndex },
  right: { shoulder: L.rightShoulder, elbow: L.rightElbow, wrist: L.rightWrist, index: L.rightIndex, hip: L.rightHip, knee: L.rightKnee, ankle: L.rightAnkle, foot: L.rightFootIndex },
};

/**
 * Positions of the simulated landmarks of every frame in the mat's frame of reference
 * (metres; x towards the infant's left, y towards the head, z up towards the camera):
 * frames x 33 x 3, NaN for the landmarks the simulator does not model (eyes, ears, thumbs...).
 *
 * Each limb is a chain of segments whose direction is given by a yaw (turn in the mat's plane,
 * away from the midline) and a pitch (lift towards the camera), each the resting angle plus the
 * track's offset; a child segment's angles are relative to its parent's.
 */
export function forwardKinematics(body: InfantBody, track: PoseTrack): Float64Array {
  const n = track.frames;
  const out = new Float64Array(n * LANDMARKS * 3).fill(Number.NaN);
  const seg = body.segments;
  const set = (f: number, lm: number, x: number, y: number, z: number): void => {
    const o = (f * LANDMARKS + lm) * 3;
    out[o] = x;
    out[o + 1] = y;
    out[o + 2] = z;
  };

  for (let f = 0; f < n; f++) {
    const t = track.trunk;
    const roll = t.trunkRoll[f]!;
    const cr = Math.cos(roll);
    const sr = Math.sin(roll);
    const px = t.pelvisX[f]!;
    const py = t.pelvisY[f]!;
    // Body frame -> mat frame: rotate by the trunk's roll in the plane, then move with the pelvis.
    const place = (lm: number, x: number, y: number, z: number): void => set(f, lm, px + x * cr - y * sr, py + x * sr + y * cr, z);

    const bend = t.trunkBend[f]!;
    const axX = Math.sin(bend);
    const axY = Math.cos(bend);
    // Shoulder line, perpendicular to the bent trunk axis, pointing to the infant's left.
    const perpX = axY;
    const perpY = -axX;
    const msX = seg.trunk * axX;
    const msY = seg.trunk * axY;

    const yaw = t.headYaw[f]!;
    const pitch = t.headPitch[f]!;
    const reach = seg.neckToNose * (1 + 0.4 * pitch);
    const lateral = seg.noseHeight * Math.sin(yaw);
    place(
      L.nose,
      msX + reach * axX + lateral * perpX,
      msY + reach * axY + lateral * perpY,
      seg.noseHeight * Math.cos(yaw) * Math.cos(pitch),
    );

    for (const side of ["left", "right"] as const) {
      const s = side === "left" ? 1 : -1;
      const lm = LIMB_LANDMARKS[side];
      const arm = track.arms[side];
      const armRest = body.posture.arms[side];
      const leg = track.legs[side];
      const legRest = body.posture.legs[side];

      const shX = msX + s * seg.shoulderHalfWidth * perpX;
      const shY = msY + s * seg.shoulderHalfWidth * perpY;
      place(lm.shoulder, shX, shY, 0);
      // Arm yaw is measured from the trunk axis (towards the head), positive away from the midline.
      const y1 = armRest.shoulderYaw + arm.shoulderYaw[f]!;
      const p1 = armRest.shoulderPitch + arm.shoulderPitch[f]!;
      const y2 = y1 - (armRest.elbowFlex + arm.elbowFlex[f]!);
      const p2 = p1 + armRest.forearmPitch + arm.forearmPitch[f]!;
      const y3 = y2 + armRest.wristYaw + arm.wristYaw[f]!;
      const p3 = p2 + armRest.wristPitch + arm.wristPitch[f]!;
      let x = shX;
      let y = shY;
      let z = 0;
      const step = (len: number, yawAngle: number, pitchAngle: number, lmIndex: number, reference: number): void => {
        const a = reference + s * yawAngle;
        const cp = Math.cos(pitchAngle);
        x += len * Math.sin(a) * cp;
        y += len * Math.cos(a) * cp;
        z += len * Math.sin(pitchAngle);
        place(lmIndex, x, y, z);
      };
      step(seg.upperArm, y1, p1, lm.elbow, bend);
      step(seg.forearm, y2, p2, lm.wrist, bend);
      step(seg.hand, y3, p3, lm.index, bend);

      const hipX = s * seg.hipHalfWidth;
      place(lm.hip, hipX, 0, 0);
      // Leg yaw is measured from the foot direction (pi), positive away from the midline.
      const ly1 = legRest.hipYaw + leg.hipYaw[f]!;
      const lp1 = legRest.hipPitch + leg.hipPitch[f]!;
      const ly2 = ly1 + legRest.kneeYaw + leg.kneeYaw[f]!;
      const lp2 = lp1 - (legRest.kneeFlex + leg.kneeFlex[f]!);
      const lp3 = lp2 + legRest.ankleFlex + leg.ankleFlex[f]!;
      x = hipX;
      y = 0;
      z = 0;
      const legStep = (len: number, yawAngle: number, pitchAngle: number, lmIndex: number): void => {
        const a = Math.PI - s * yawAngle;
        const cp = Math.cos(pitchAngle);
        x += len * Math.sin(a) * cp;
        y += len * Math.cos(a) * cp;
        z += len * Math.sin(pitchAngle);
        place(lmIndex, x, y, z);
      };
      legStep(seg.thigh, ly1, lp1, lm.knee);
      legStep(seg.shank, ly2, lp2, lm.ankle);
      legStep(seg.foot, ly2, lp3, lm.foot);
    }
  }
  return out;
}
