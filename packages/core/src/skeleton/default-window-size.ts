/**
 * Frames per analysis window: the anomaly model scores movement in windows of 30 consecutive
 * frames (1.2 s at the analysis rate of 25 fps), and every stage that cuts, scores or describes
 * windows defaults to this size. A model card may name another (`windowSize`), which then wins.
 */
export const DEFAULT_WINDOW_SIZE = 30;
