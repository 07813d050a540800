// The features moved to the anomaly stage, which serves them as part of the window score; the
// synthetic folder keeps its exports for the dataset tools and tests that import them here.
export { windowMovementFeatures, LIMB_TIPS } from "../anomaly/window-movement-features";
export type { WindowMovementFeatures } from "../anomaly/window-movement-features";
