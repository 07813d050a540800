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
    resultCaches {
      name
      hitRate
      hits
      misses
    }
    modelCache {
      name
      hits
      loads
      residentBytes
    }
  }
`);

export const PerformanceStatsQuery = graphql(`
  query PerformanceStats {
    performanceStats {
      takenAt
      aggregated {
        name
        count
        errors
        meanMs
        p50Ms
        p95Ms
        p99Ms
        maxMs
      }
      processes {
        process {
          host
          pid
          role
        }
        functions {
          name
          count
          meanMs
          p95Ms
        }
      }
    }
  }
`);

export const PerformanceHistoryQuery = graphql(`
  query PerformanceHistory($range: PerformanceHistoryRange!, $limit: Int!) {
    performanceHistory(range: $range, limit: $limit) {
      takenAt
      rssBytes
      heapUsedBytes
      process {
        host
        pid
        role
      }
      functions {
        name
        count
        p95Ms
      }
    }
  }
`);

export const ResetPerformanceStatsMutation = graphql(`
  mutation ResetPerformanceStats {
    resetPerformanceStats {
      receivers
      processes {
        ok
        error
        process {
          pid
          role
        }
      }
    }
  }
`);

export const CachesQuery = graphql(`
  query Caches {
    modelCache {
      name
      processes
      executionProviders
      residentModels
      residentBytes
      hits
      misses
      loads
      loadFailures
      evictions
      loadTimeMs
      models {
        key
        bytes
        hits
        loadMs
        idleMs
        inFlight
      }
    }
    resultCaches {
      name
      processes
      size
      maxSize
      hits
      misses
      hitRate
      coalesced
      evictions
    }
    memory {
      rssBytes
      heapUsedBytes
      heapTotalBytes
      externalBytes
      arrayBuffersBytes
      processes {
        process {
          host
          pid
          role
        }
        rssBytes
        heapUsedBytes
      }
      gpus {
        name
        index
        usedBytes
        totalBytes
      }
    }
  }
`);

export const OptimizeMemoryMutation = graphql(`
  mutation OptimizeMemory {
    optimizeMemory {
      receivers
      processes {
        ok
        error
        gcRan
        freedRssBytes
        freedHeapUsedBytes
        freedGpuBytes
        clearedEntries
        evictedModels
        process {
          host
          pid
          role
        }
      }
    }
  }
`);
