/** What the decoder needs to know about a video, read by {@link probeVideo}. */
export interface VideoInfo {
  /** The probed file. */
  path: string;
  /** File size in bytes. */
  sizeBytes: number;
  /** Container as ffmpeg names it, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  formatName: string;
  /** Video codec as ffmpeg names it, e.g. `h264`. */
  codec: string;
  /** Coded frame width in pixels, before rotation. */
  width: number;
  /** Coded frame height in pixels, before rotation. */
  height: number;
  /** Clockwise rotation in degrees (0, 90, 180 or 270) that players apply from the file's metadata. */
  rotation: number;
  /** Width as displayed, after rotation; decoded frames have this orientation. */
  displayWidth: number;
  /** Height as displayed, after rotation. */
  displayHeight: number;
  /** Average frame rate of the video stream (frames per second). */
  fps: number;
  /** Duration in seconds; NaN when the container does not say. */
  durationS: number;
  /** Frame count from the container, or duration x fps when it does not say; NaN when neither is known. */
  frameCountEstimate: number;
  /** Which tool read the metadata. */
  probedWith: "ffprobe" | "ffmpeg";
}
