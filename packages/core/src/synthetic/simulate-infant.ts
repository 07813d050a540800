import { MAX_AGE_WEEKS } from "../analysis/age";
import { mapLandmarkFramesToJoints, type JointSequence } from "../skeleton";
import { DEFAULT_CALIBRATION, type SimulatorCalibration } from "./calibration";
import { filmLandmarks, sampleCameraSetup, type CameraSetup } from "./camera-model";
import { forwardKinematics } from "./forward-kinematics";
import { sampleInfantBody, type InfantBody } from "./infant-body";
import { MOVEMENT_CLASSES, MOVEMENT_CLASS_NAMES, type MovementClassName } from "./movement-classes";
import { Prng } from "./prng";

/** Frame rate of the analysis (domain.md): the simulator's default. */
export const ANALYSIS_FPS = 25;

/** Options of {@link simulateInfant}. */
export interface SimulateInfantOptions {
  /** Seed of this infant; the same seed and options give the same sequence bit for bit. */
  seed: number;
  /** Movement class to generate. */
  movementClass: MovementClassName;
  /**
   * Length of the recording in seconds.
   * @defaultValue 30
   */
  durationS?: number;
  /**
   * Frames per second.
   * @defaultValue 25
   */
  fps?: number;
  /**
   * Post-term age in weeks; drawn from the class's age range when left out.
   */
  ageWeeks?: number;
  /**
   * Tracking dropouts (isolated missing landmarks, occluded hands and feet, lost frames).
   * @defaultValue true
   */
  dropouts?: boolean;
  /**
   * Gains and noise the simulator is calibrated with.
   * @defaultValue DEFAULT_CALIBRATION
   */
  calibration?: SimulatorCalibration;
}

/** One simulated recording with everything that went into it. */
export interface SimulatedInfant {
  /** The 25-joint sequence, as the pose and skeleton stages would deliver it (NaN = missing). */
  sequence: JointSequence;
  /** BlazePose-style landmarks it was mapped from: frames x 33 x [x, y, z, visibility, presence]. */
  landmarks: Float32Array;
  movementClass: MovementClassName;
  label: "normal" | "anomaly";
  ageWeeks: number;
  body: InfantBody;
  camera: CameraSetup;
  vigor: number;
  seed: number;
}

/**
 * Simulates one supine infant filmed from above: body and posture from age, movement from the
 * class's generator, forward kinematics, a camera and tracking noise, then the same 33 -> 25
 * joint mapping the pose pipeline uses. SYNTHETIC: for development and tests, never evidence
 * about real infants.
 */
export function simulateInfant(options: SimulateInfantOptions): SimulatedInfant {
  const fps = options.fps ?? ANALYSIS_FPS;
  const durationS = options.durationS ?? 30;
  const calibration = options.calibration ?? DEFAULT_CALIBRATION;
  if (!MOVEMENT_CLASS_NAMES.includes(options.movementClass)) {
    throw new RangeError(`movementClass must be one of ${MOVEMENT_CLASS_NAMES.join(", ")}, got ${String(options.movementClass)}`);
  }
  if (!(fps > 0 && fps <= 240)) throw new RangeError(`fps must lie in (0, 240], got ${fps}`);
  if (!(durationS > 0 && durationS <= 3600)) throw new RangeError(`durationS must lie in (0, 3600], got ${durationS}`);
  const cls = MOVEMENT_CLASSES[options.movementClass];

  // Independent streams per concern, so that changing one (say, the camera) leaves the others'
  // draws untouched.
  const root = new Prng(options.seed);
  const bodyRng = root.fork(1);
  const moveRng = root.fork(2);
  const cameraRng = root.fork(3);
  const noiseRng = root.fork(4);

  const ageWeeks = options.ageWeeks ?? bodyRng.uniform(cls.ageWeeks[0], cls.ageWeeks[1]);
  if (!(ageWeeks >= 0 && ageWeeks <= MAX_AGE_WEEKS)) throw new RangeError(`ageWeeks must lie in [0, ${MAX_AGE_WEEKS}], got ${ageWeeks}`);
  const body = sampleInfantBody(bodyRng, ageWeeks);
  const vigor = Math.exp(0.2 * bodyRng.normal());
  const frames = Math.round(durationS * fps);

  const track = cls.generate({ rng: moveRng, frames, fps, ageWeeks, gains: calibration.gains, vigor });
  const world = forwardKinematics(body, track);
  const camera = sampleCameraSetup(cameraRng, calibration.noise, options.dropouts ?? true);
  const landmarks = filmLandmarks(world, frames, body.lengthM, camera, noiseRng, fps);
  const data = mapLandmarkFramesToJoints(landmarks, frames);
  return {
    sequence: { fps, frameCount: frames, data },
    landmarks,
    movementClass: cls.name,
    label: cls.label,
    ageWeeks,
    body,
    camera,
    vigor,
    seed: options.seed,
  };
}
