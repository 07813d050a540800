import { registerEnumType } from "type-graphql";

/**
 * A clinician's General Movements Assessment of a recording, in Prechtl's classes, spelled as
 * @gma/db stores them. Writhing period (to about 8 weeks post-term): N, PR, CS, Ch; fidgety period
 * (about 9-20 weeks): F+, AF, F-.
 */
export enum GmaClassification {
  NORMAL_WRITHING = "NORMAL_WRITHING",
  POOR_REPERTOIRE = "POOR_REPERTOIRE",
  CRAMPED_SYNCHRONISED = "CRAMPED_SYNCHRONISED",
  CHAOTIC = "CHAOTIC",
  NORMAL_FIDGETY = "NORMAL_FIDGETY",
  ABNORMAL_FIDGETY = "ABNORMAL_FIDGETY",
  ABSENT_FIDGETY = "ABSENT_FIDGETY",
  NOT_ASSESSABLE = "NOT_ASSESSABLE",
}

registerEnumType(GmaClassification, {
  name: "GmaClassification",
  description: "A clinician's General Movements Assessment of a recording (Prechtl's classes).",
  valuesConfig: {
    NORMAL_WRITHING: { description: "N: normal writhing movements (writhing period, to about 8 weeks post-term)." },
    POOR_REPERTOIRE: { description: "PR: poor repertoire, monotonous sequences (writhing period)." },
    CRAMPED_SYNCHRONISED: { description: "CS: cramped-synchronised, rigid, limbs contracting and relaxing almost together (writhing period)." },
    CHAOTIC: { description: "Ch: chaotic, large and abrupt without fluency (writhing period)." },
    NORMAL_FIDGETY: { description: "F+: normal fidgety movements (fidgety period, about 9-20 weeks post-term)." },
    ABNORMAL_FIDGETY: { description: "AF: abnormal fidgety movements, exaggerated amplitude, speed and jerkiness (fidgety period)." },
    ABSENT_FIDGETY: { description: "F-: fidgety movements absent (fidgety period)." },
    NOT_ASSESSABLE: { description: "The recording does not allow an assessment (crying, asleep, out of view)." },
  },
});
