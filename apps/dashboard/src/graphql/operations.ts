import { graphql } from "@/gql";

export const QueueStatsQuery = graphql(`
  query QueueStats {
    queueStats {
      ...QueueCounts
    }
  }
`);

export const MemoryQuery = graphql(`
  query Memory {
    memory {
      ...ApiMemory
    }
  }
`);

export const OverviewQuery = graphql(`
  query Overview {
    analysisAggregates {
      ...AnalysisCounts
    }
    queueStats {
      ...QueueCounts
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
          ...ProcessLabel
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
        ...ProcessLabel
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
    modelInstances {
      name
      processes
      instances
      busy
      queued
      runs
      failed
      restarts
      computeMs
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
      ...ApiMemory
      processes {
        process {
          ...ProcessLabel
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
          ...ProcessLabel
        }
      }
    }
  }
`);
