import { graphql } from "@/gql";

export const QueueStatsQuery = graphql(`
  query QueueStats {
    queueStats {
      name
      waiting
      active
      completed
      failed
      delayed
      workers
    }
  }
`);

export const MemoryQuery = graphql(`
  query Memory {
    memory {
      rssBytes
      heapUsedBytes
      heapTotalBytes
      externalBytes
      arrayBuffersBytes
    }
  }
`);

export const OverviewQuery = graphql(`
  query Overview {
    analysisAggregates {
      total
      queued
      running
      succeeded
      failed
      cancelled
      patients
      meanDurationMs
    }
    queueStats {
      name
      waiting
      active
      completed
      failed
      delayed
      workers
    }
    memory {
      rssBytes
      heapUsedBytes
      heapTotalBytes
    }
  }
`);
