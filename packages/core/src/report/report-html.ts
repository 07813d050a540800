import { strongestSigns } from "../analysis/report-signs";
import { escapeHtml } from "./escape-html";
import { classAgreesWithRisk, gmaClassName, type GmaClass } from "./gma-classes";
import { SYNTHETIC_MODEL_WARNING, type Report } from "./report";
import { ageWords, recordingWords, reportNotices } from "./report-notices";
import { flaggedBySummary } from "./score-parts";

/** Options of {@link renderReportHtml}. */
export interface ReportHtmlOptions {
  /**
   * Most points drawn on the error timeline; longer timelines keep the largest error of each
   * stretch, so that no peak disappears.
   * @defaultValue 800
   */
  maxTimelinePoints?: number;
  /**
   * Page title; the recording's file name, when the report knows it, follows it in the browser's
   * title (`<title>`).
   * @defaultValue "GMA Insight screening report"
   */
  title?: string;
  /**
   * Id of the analysis the report belongs to (the API's), shown under the title and on every
   * printed page, so that a printout filed in a patient's record leads back to it. The report
   * itself knows only its recording's fingerprint.
   */
  analysisId?: string;
  /**
   * A clinician's own assessment of the recording (the API's analysis review), shown after the
   * model's assessment, so that a printout carries the clinician's judgement beside the model's.
   */
  clinicianReview?: ClinicianReviewHtml;
}

/** What a report page shows of a clinician's review. */
export interface ClinicianReviewHtml {
  classification: GmaClass;
  notes: string | null;
  /** The reviewer's name; null when the account is gone. */
  reviewer: string | null;
  /** When the review was last changed. */
  reviewedAt: Date;
  /** The model's risk level the clinician saw. */
  modelRiskLevel: "low" | "medium" | "high";
}

const e = escapeHtml;
/** Numbers are formatted by us, never taken as text, so they need no escaping; NaN shows as a dash. */
const n = (x: number | null, digits = 3): string => (x === null || !Number.isFinite(x) ? "–" : Number.isInteger(x) ? String(x) : x.toFixed(digits));
const c = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : "0");

const LEVEL_COLOUR = { low: "#1b7f3b", medium: "#b86e00", high: "#b3261e" } as const;

const SCREEN_STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;max-width:960px;margin:2em auto;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.badge{display:inline-block;padding:.2em .7em;border-radius:1em;color:#fff;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.disclaimer{background:#fff6e0;border:1px solid #f0d48a;padding:.7em 1em;border-radius:6px}
.synthetic{background:#fdecea;border:1px solid #e8a39d;color:#7a1d16;padding:.7em 1em;border-radius:6px}
.notice{background:#fdf1e3;border:2px solid #b86e00;color:#4d2e00;padding:.7em 1em;border-radius:6px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25em .5em;border-bottom:1px solid #eee;vertical-align:top}
.sev-high{color:#b3261e}.sev-medium{color:#b86e00}.sev-mild{color:#6b6b6b}
svg text{font:11px system-ui,sans-serif;fill:#444}
.muted{color:#6b6b6b;font-size:.9em}
.running{display:none}
`;

/**
 * A printout to file in a patient's record, on A4 or Letter alike (size auto): black on white,
 * with backgrounds dropped (browsers print none by default, which left the risk badge white on
 * white); each chart or table with its heading and caption on one page (`.figure`), headings kept
 * with what follows. Every page carries the running footer, a fixed element, which print repeats
 * per page: it sits inside the page area (Chromium moves what is drawn below it to the top of the
 * next page), over the body's bottom padding, which `box-decoration-break: clone` repeats at the
 * foot of every page so that no text runs under it. The page number goes in the page margin, the
 * one place a per-page counter can be shown.
 */
const PRINT_STYLE = `
@page{size:auto;margin:14mm 14mm 10mm;@bottom-right{content:"page " counter(page) " of " counter(pages);font:7.5pt system-ui,sans-serif;vertical-align:top;padding-top:1mm}}
@media print{
html,body{background:#fff;color:#000}
body{max-width:none;margin:0;padding:0 0 16mm;box-decoration-break:clone;-webkit-box-decoration-break:clone;font-size:10pt}
h1,h2{break-after:avoid;page-break-after:avoid}h2{border-bottom-color:#000}
.muted,.sev-high,.sev-medium,.sev-mild{color:#000}svg text{fill:#000}
.badge{color:#000;background:none!important;border:1.5pt solid #000}
.disclaimer,.synthetic,.notice{background:none;color:#000;border:1.5pt solid #000}
.figure,svg,table,tr,.disclaimer,.synthetic,.notice{break-inside:avoid;page-break-inside:avoid}
svg{max-width:100%;height:auto}td{overflow-wrap:anywhere}td,th{border-bottom-color:#999}
.running{display:block;position:fixed;left:0;right:0;bottom:0;font-size:7.5pt;line-height:1.35;border-top:.5pt solid #000;padding-top:1.5mm}
}
`;

/** The warning a report of a synthetic-data model carries, right under the disclaimer; empty otherwise. */
function syntheticNotice(report: Report): string {
  const data = report.model.trainingData;
  if (!data?.synthetic) return "";
  const note = data.note ? `<br><span class="muted">${e(data.note)}</span>` : "";
  return `<p class="synthetic" data-synthetic-model><strong>SYNTHETIC model.</strong> ${e(SYNTHETIC_MODEL_WARNING)}${note}</p>
`;
}

/**
 * What a clinician must know before the findings (an age outside the GMA's window or before term
 * age, a simulated recording, an age other than the file's), at the top of the page.
 */
function notices(report: Report): string {
  return reportNotices(report)
    .map((notice) => `<p class="notice" data-notice="${e(notice.kind)}"><strong>${e(notice.title)}</strong> ${e(notice.text)}</p>\n`)
    .join("");
}

/**
 * What identifies a printout on every page (a fixed element, which print repeats per page, set in
 * the bottom page margin): the analysis and recording, when and by which model version it was
 * made, and that it is a screening aid. Hidden on screen, where the top of the page says it all.
 */
function runningFooter(report: Report, title: string, analysisId: string | undefined): string {
  const which = [
    analysisId === undefined ? "" : `analysis ${e(analysisId)}`,
    e(recordingWords(report.input)),
  ].filter((p) => p !== "");
  const synthetic = report.model.trainingData?.synthetic ? " SYNTHETIC model: not for clinical decisions." : "";
  return `<footer class="running" data-running-footer>${which.join(" · ")}<br>${e(title)}, generated ${e(printedDate(report.generatedAt))} · model ${e(report.model.version)} · A screening aid, not a diagnosis.${synthetic}</footer>
`;
}

/**
 * The clinician's review as its own section: the class in words and abbreviation, who and when,
 * the notes with their line breaks, and whether class and the model's risk point the same way.
 */
function reviewSection(review: ClinicianReviewHtml | undefined): string {
  if (!review) return "";
  const agrees = classAgreesWithRisk(review.classification, review.modelRiskLevel);
  const comparison =
    agrees === null
      ? "The clinician found the recording not assessable; the model's risk level should not be relied on either."
      : `The clinician's class ${agrees ? "agrees with" : "differs from"} the model's ${e(review.modelRiskLevel)} risk level.`;
  const notes = review.notes ? `<p style="white-space:pre-wrap">${e(review.notes)}</p>` : "";
  return `<section class="figure" data-clinician-review>
<h2>Clinician's review</h2>
<p><strong>${e(gmaClassName(review.classification))}</strong>, by ${review.reviewer === null ? "a removed account" : e(review.reviewer)} on ${e(printedDate(review.reviewedAt.toISOString()))}.</p>
${notes}<p class="muted">${comparison}</p>
</section>
`;
}

/** "2026-12-05 08:40 UTC" from an ISO timestamp: the minute is enough on paper. */
function printedDate(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** Renders a report as one self-contained HTML page: inline CSS and SVG, no scripts, no external assets. */
export function renderReportHtml(report: Report, options: ReportHtmlOptions = {}): string {
  const maxPoints = options.maxTimelinePoints ?? 800;
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxTimelinePoints must be an integer >= 2, got ${maxPoints}`);
  const title = options.title ?? "GMA Insight screening report";
  const { risk, age, quality } = report;
  const hybrid = report.timeline.scoreKind === "hybrid-max-z";
  const flaggedBy = flaggedBySummary(report.timeline.flaggedBy);
  const fileName = report.input.fileName;
  const signs = risk.signs.length
    ? `<ul>${strongestSigns(risk.signs).map((s) => `<li class="sev-${e(s.severity)}"><strong>${e(s.severity)}</strong>: ${e(s.message)}</li>`).join("")}</ul>`
    : "<p>No rule of the risk policy fired.</p>";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)}${fileName === undefined ? "" : `: ${e(fileName)}`}</title><style>${SCREEN_STYLE}${PRINT_STYLE}</style></head>
<body>
${runningFooter(report, title, options.analysisId)}<h1>${e(title)}</h1>
<p class="muted">${options.analysisId === undefined ? "" : `Analysis <code>${e(options.analysisId)}</code> · `}${fileName === undefined ? "" : `Recording <code data-file-name>${e(fileName)}</code> · `}Generated ${e(report.generatedAt)} · report schema ${e(report.schemaVersion)} · model ${e(report.model.version)}${report.model.weights ? ` (${e(report.model.weights)})` : ""}</p>
${notices(report)}<p class="disclaimer">${e(report.disclaimer)}</p>
${syntheticNotice(report)}<h2>Assessment</h2>
<p>Risk level <span class="badge" style="background:${LEVEL_COLOUR[risk.level]}">${e(risk.level)}</span></p>
<p>${e(report.assessment.summary)}</p>
${report.assessment.details.length ? `<ul>${report.assessment.details.map((d) => `<li>${e(d)}</li>`).join("")}</ul>` : ""}
${reviewSection(options.clinicianReview)}<h2>Recommendations</h2>
<ul>${report.recommendations.map((r) => `<li>${e(r)}</li>`).join("")}</ul>
<h2>Signs</h2>
${signs}
<section class="figure">
<h2>${hybrid ? "Window anomaly score" : "Reconstruction error"} over time</h2>
${timelineSvg(report, maxPoints)}
<p class="muted">${report.timeline.anomalousCount} of ${report.input.windowCount} windows (${n(risk.anomalyRatePercent, 1)} %) exceed the threshold ${n(report.timeline.threshold, 5)}; mean ${hybrid ? "score" : "error"} ${n(report.timeline.meanError, 5)}, largest ${n(report.timeline.maxError, 5)}.${
  hybrid ? " The score is the largest of the reconstruction error and five movement features, each in standard deviations from normal windows of the infant's period." : ""
}${flaggedBy === null ? "" : ` Anomalous windows by the part that set their score: ${e(flaggedBy)}.`}</p>
</section>
<section class="figure">
<h2>Movement per joint</h2>
${jointBarsSvg(report)}
<p class="muted">Bars: mean amplitude over windows; grey band: normal mean ± 2 SD. Overall movement: ${e(report.findings.movementLevel)} (amplitude ${n(report.findings.overallAmplitude, 4)}).</p>
</section>
<section class="figure">
<h2>Left/right asymmetry</h2>
<table><tr><th>limbs</th><th>left/right ratio</th><th>normal</th><th>z</th><th>finding</th></tr>
${report.asymmetry.limbs
  .map((l) => `<tr><td>${e(l.limb)}s</td><td>${n(l.ratio)}</td><td>${n(l.normalMean)} ± ${n(l.normalStd)}</td><td>${n(l.zScore, 2)}</td><td>${l.asymmetric ? `asymmetric: ${e(l.reducedSide ?? "")} side moves less` : "within normal"}</td></tr>`)
  .join("\n")}
</table>
<p class="muted">Threshold ${n(report.asymmetry.thresholdSigma, 1)} SD for this ${age.corrected ? "corrected age" : "age"}.</p>
</section>
<section class="figure">
<h2>Infant and recording</h2>
<table>
<tr><th>age</th><td>${e(ageWords(age))}</td></tr>
<tr><th>quality</th><td>${quality.passed ? "sufficient" : "below minimum"}: pose found in ${n(quality.validPoseShare * 100, 0)} % of frames, infant in frame ${n(quality.inFrameShare * 100, 0)} %, ${n(quality.durationS, 1)} s at ${n(quality.fps, 1)} fps, ${quality.windows} windows</td></tr>
<tr><th>input</th><td>${fileName === undefined ? "" : `<code>${e(fileName)}</code>, `}${report.input.fingerprint === null ? "no fingerprint" : `fingerprint <code>${e(report.input.fingerprint)}</code>`}${report.input.synthetic ? `; SIMULATED movement${report.input.synthetic.movementClass ? ` (${e(report.input.synthetic.movementClass)})` : ""}` : ""}; analysed at ${n(report.input.fps, 1)} fps, ${report.input.windowSize}-frame windows</td></tr>
<tr><th>timings</th><td>${Object.entries(report.timings).map(([k, v]) => `${e(k)} ${n(v, 0)} ms`).join(" · ")}</td></tr>
</table>
</section>
</body></html>
`;
}

function timelineSvg(report: Report, maxPoints: number): string {
  const { errors, startTimesS, anomalous, threshold } = report.timeline;
  const W = 860;
  const H = 220;
  const left = 50;
  const right = 10;
  const top = 10;
  const bottom = 30;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const count = errors.length;
  const t0 = count ? startTimesS[0]! : 0;
  const t1 = count ? Math.max(startTimesS[count - 1]!, t0 + 1e-9) : 1;
  const yMax = Math.max(threshold * 1.25, maxOf(errors)) || 1;
  const x = (t: number): number => left + ((t - t0) / (t1 - t0)) * pw;
  const y = (v: number): number => top + ph - (Math.min(v, yMax) / yMax) * ph;

  // Anomalous stretches as shaded bands, one rect per run of consecutive flagged windows.
  const bands: string[] = [];
  for (let i = 0; i < count; ) {
    if (!anomalous[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < count && anomalous[j + 1]) j++;
    const xa = x(startTimesS[i]!);
    const xb = Math.max(x(startTimesS[j]!), xa + 1.5);
    bands.push(`<rect class="anomalous" x="${c(xa)}" y="${top}" width="${c(xb - xa)}" height="${ph}" fill="#b3261e" fill-opacity="0.18"/>`);
    i = j + 1;
  }

  // Keep the largest error of each stretch so that peaks survive downsampling.
  const points: string[] = [];
  const step = Math.max(1, Math.ceil(count / maxPoints));
  for (let i = 0; i < count; i += step) {
    let best = i;
    for (let k = i + 1; k < Math.min(count, i + step); k++) if (errors[k]! > errors[best]!) best = k;
    points.push(`${c(x(startTimesS[best]!))},${c(y(errors[best]!))}`);
  }
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const t = t0 + f * (t1 - t0);
    // The last tick ends at the plot's edge: centred there, it ran past the drawing and was cut.
    return `<text x="${c(x(t))}" y="${H - 10}" text-anchor="${f === 1 ? "end" : "middle"}">${n(t, 0)} s</text>`;
  });
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${report.timeline.scoreKind === "hybrid-max-z" ? "Window anomaly score" : "Reconstruction error"} per window over time, with the anomaly threshold">
<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="#fafafa" stroke="#ccc"/>
${bands.join("\n")}
<polyline class="errors" fill="none" stroke="#2d5fa8" stroke-width="1.2" points="${points.join(" ")}"/>
<line class="threshold" x1="${left}" x2="${left + pw}" y1="${c(y(threshold))}" y2="${c(y(threshold))}" stroke="#b3261e" stroke-width="1.5" stroke-dasharray="6 4"/>
<text x="${left + pw - 4}" y="${c(y(threshold) - 4)}" text-anchor="end">threshold ${n(threshold, 5)}</text>
<text x="${left - 6}" y="${top + 10}" text-anchor="end">${n(yMax, 4)}</text>
<text x="${left - 6}" y="${top + ph}" text-anchor="end">0</text>
${ticks.join("\n")}
</svg>`;
}

function maxOf(values: readonly number[]): number {
  let m = 0;
  for (const v of values) if (v > m) m = v;
  return m;
}

function jointBarsSvg(report: Report): string {
  const joints = report.findings.joints;
  const rowH = 18;
  const W = 860;
  const labelW = 120;
  // Room right of the longest bar or band for its label ("0.048 (reduced)"), which was cut at 70.
  const pw = W - labelW - 110;
  const H = joints.length * rowH + 24;
  let maxV = 0;
  for (const j of joints) maxV = Math.max(maxV, j.amplitude, j.normalAmplitude.mean + 2 * j.normalAmplitude.std);
  maxV = maxV || 1;
  const x = (v: number): number => labelW + (Math.max(0, v) / maxV) * pw;
  const colour = { reduced: "#b86e00", normal: "#2d5fa8", increased: "#7b3fa8" } as const;
  const rows = joints.map((j, i) => {
    const yy = 4 + i * rowH;
    const lo = x(j.normalAmplitude.mean - 2 * j.normalAmplitude.std);
    const hi = x(j.normalAmplitude.mean + 2 * j.normalAmplitude.std);
    return `<g class="joint" data-status="${e(j.status)}">
<text x="${labelW - 8}" y="${yy + 12}" text-anchor="end">${e(j.name)}</text>
<rect class="normal-range" x="${c(lo)}" y="${yy}" width="${c(hi - lo)}" height="${rowH - 4}" fill="#000" fill-opacity="0.10"/>
<rect class="amplitude" x="${labelW}" y="${yy + 3}" width="${c(x(j.amplitude) - labelW)}" height="${rowH - 10}" fill="${colour[j.status]}"/>
<line x1="${c(x(j.normalAmplitude.mean))}" x2="${c(x(j.normalAmplitude.mean))}" y1="${yy}" y2="${yy + rowH - 4}" stroke="#555"/>
<text x="${c(x(Math.max(j.amplitude, j.normalAmplitude.mean + 2 * j.normalAmplitude.std)) + 6)}" y="${yy + 12}">${n(j.amplitude, 3)} (${e(j.status)})</text>
</g>`;
  });
  return `<svg class="joint-bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Mean amplitude of each joint against its normal range">
${rows.join("\n")}
</svg>`;
}
