import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Debian opencv-doc's messi5.jpg (tests/fixtures), the person in every p1 benchmark clip. */
const MESSI = path.join(fileURLToPath(new URL("../../", import.meta.url)), "tests/fixtures/messi5.jpg");

/**
 * The p1 benchmarks' clip, written to `out`: the photo zooming in and out and swaying at 25 fps,
 * 548 x 342, so that there is a person in every frame and never a still one.
 */
export function makeMessiClip(out: string, seconds: number): string {
  const vf = [
    // Padded first, so that zoom and sway never push hands or feet out of the picture.
    "pad=iw*1.3:ih*1.3:(ow-iw)/2:(oh-ih)/2",
    "zoompan=z='1.1+0.1*sin(2*PI*on/250)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=548x342:fps=25",
    "rotate=a='0.1*sin(2*PI*t/4)':fillcolor=black",
  ].join(",");
  execFileSync("ffmpeg", ["-y", "-hide_banner", "-loglevel", "error", "-loop", "1", "-framerate", "25", "-i", MESSI, "-vf", vf, "-t", String(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", out], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return out;
}
