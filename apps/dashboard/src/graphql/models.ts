import { graphql } from "@/gql";

/** The served anomaly model and its model card's evaluation (SYNTHETIC data when `synthetic`). */
export const AnomalyModelQuery = graphql(`
  query AnomalyModel {
    anomalyModel {
      modelVersion
      name
      servedFile
      scoreKind
      threshold
      synthetic
      dataWarning
      limitations
      windowLevel {
        specificity
        specificityInterval95 {
          low
          high
        }
        specificityIntervalRule
        normalTestWindows
        normalTestInfants
        minAuroc
        meanAuroc
        goal
        goalMet
        classes {
          name
          auroc
          sensitivity
          recordingAuroc
        }
      }
      recordingLevel {
        recordingsPerClass
        durationS
        note
        intervalRule
        specificity {
          recordings
          rated
          rate
          interval95 {
            low
            high
          }
        }
        sensitivity {
          recordings
          rated
          rate
          interval95 {
            low
            high
          }
        }
        classes {
          name
          label
          recordings
          low
          medium
          high
          correctRate
          correctInterval95 {
            low
            high
          }
        }
        misrated {
          className
          seed
          level
          anomalyRatePercent
          signs
        }
        windowSpecificity {
          windows
          anomalous
          rate
          interval95 {
            low
            high
          }
        }
      }
      variants {
        name
        file
        sizeKiB
        windowsPerSBatch1
        windowsPerSBatch64
        minAuroc
        maxAurocDelta
        specificity
        specificityDelta
        maxSensitivityDelta
        flagDisagreements
        batchDependence
        served
      }
      servedReason
    }
  }
`);

/** How the model's risk levels compare with clinicians' reviews (counts only), of one model version when given. */
export const ReviewAgreementQuery = graphql(`
  query ReviewAgreement($modelVersion: String) {
    reviewAgreement(modelVersion: $modelVersion) {
      modelVersion
      modelRiskLevel
      classification
      count
    }
  }
`);
