import { Field, Float, Int, ObjectType } from "type-graphql";

/** Counts of one BullMQ queue. */
@ObjectType()
export class QueueStats {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  waiting!: number;

  @Field(() => Int)
  active!: number;

  @Field(() => Int, { description: "Jobs waiting for a time before they run (retries waiting out their backoff, jobs added with a delay): work, as waiting and active are. A Job Scheduler's next run is counted in scheduled instead." })
  delayed!: number;

  @Field(() => Int, { description: "Next runs of the queue's Job Schedulers (the maintenance schedules) waiting for their time: not work yet, and not in delayed." })
  scheduled!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  workers!: number;
}

/** One process of the installation (an API or a worker), as its snapshot names it. */
@ObjectType()
export class ProcessInfo {
  @Field(() => Int)
  pid!: number;

  @Field(() => String)
  host!: string;

  @Field(() => String, { nullable: true, description: "api or worker." })
  role!: string | null;

  @Field(() => Date, { description: "When the figures of this process were read." })
  takenAt!: Date;
}

/*
 * The base classes below hold field groups that several object types share. type-graphql 2 has
 * no `isAbstract` option: a base is an `@ObjectType()` so that its subclasses inherit its fields,
 * and it stays out of the schema because no field or resolver returns it (only reachable types
 * are emitted). Do not return a base from a resolver, or it becomes a type of its own.
 */

/** The figures of `process.memoryUsage()` in bytes, shared by one process's memory and the API's own. */
@ObjectType()
export abstract class MemoryUsageFigures {
  @Field(() => Float)
  rssBytes!: number;

  @Field(() => Float)
  heapUsedBytes!: number;

  @Field(() => Float)
  heapTotalBytes!: number;

  @Field(() => Float)
  externalBytes!: number;

  @Field(() => Float)
  arrayBuffersBytes!: number;
}

/** Memory of one process. */
@ObjectType()
export class ProcessMemoryUsage extends MemoryUsageFigures {
  @Field(() => ProcessInfo)
  process!: ProcessInfo;
}

/** Memory of one GPU (machine-wide, as nvidia-smi reports it). */
@ObjectType()
export class GpuMemoryStats {
  @Field(() => String)
  host!: string;

  @Field(() => Int)
  index!: number;

  @Field(() => String)
  name!: string;

  @Field(() => Float)
  usedBytes!: number;

  @Field(() => Float)
  totalBytes!: number;

  @Field(() => Float)
  freeBytes!: number;
}

/** Memory of the API process (top-level fields), of every live process, and of the GPUs. */
@ObjectType()
export class MemoryStats extends MemoryUsageFigures {
  @Field(() => [ProcessMemoryUsage], { description: "Every live API and worker process, from their latest snapshots." })
  processes!: ProcessMemoryUsage[];

  @Field(() => [GpuMemoryStats], { description: "Empty where there is no NVIDIA GPU." })
  gpus!: GpuMemoryStats[];
}

/** Latency statistics of one timed function (milliseconds). */
@ObjectType()
export class FunctionStats {
  @Field(() => String)
  name!: string;

  @Field(() => Float)
  count!: number;

  @Field(() => Float, { description: "Calls that threw or rejected (counted in count too)." })
  errors!: number;

  @Field(() => Float)
  totalMs!: number;

  @Field(() => Float)
  meanMs!: number;

  @Field(() => Float)
  minMs!: number;

  @Field(() => Float)
  p50Ms!: number;

  @Field(() => Float)
  p95Ms!: number;

  @Field(() => Float)
  p99Ms!: number;

  @Field(() => Float)
  maxMs!: number;
}

/** The timed functions of one process. */
@ObjectType()
export class ProcessPerformance {
  @Field(() => ProcessInfo)
  process!: ProcessInfo;

  @Field(() => [FunctionStats])
  functions!: FunctionStats[];
}

/** Timings per function, merged over every live process and per process. */
@ObjectType()
export class PerformanceStats {
  @Field(() => Date)
  takenAt!: Date;

  @Field(() => [FunctionStats], { description: "Histograms of all processes merged, then summarised." })
  aggregated!: FunctionStats[];

  @Field(() => [ProcessPerformance])
  processes!: ProcessPerformance[];
}

/** One stored snapshot of one process: its timed functions, when, and two memory figures. Figures are cumulative since the process started or was reset. */
@ObjectType()
export class PerformanceHistoryPoint extends ProcessPerformance {
  @Field(() => Date)
  takenAt!: Date;

  @Field(() => Float)
  rssBytes!: number;

  @Field(() => Float)
  heapUsedBytes!: number;
}

/** One model resident in a model cache. */
@ObjectType()
export class ResidentModel {
  @Field(() => String)
  key!: string;

  @Field(() => Float)
  bytes!: number;

  @Field(() => Float)
  loadMs!: number;

  @Field(() => Float)
  hits!: number;

  @Field(() => Int)
  inFlight!: number;

  @Field(() => Float)
  idleMs!: number;
}

/** The counters every cache keeps (model and result caches), summed over every live process. */
@ObjectType()
export abstract class CacheCounters {
  @Field(() => String)
  name!: string;

  @Field(() => Float)
  hits!: number;

  @Field(() => Float)
  misses!: number;

  @Field(() => Float)
  evictions!: number;
}

/** A model cache, its counters summed over every live process. */
@ObjectType()
export class ModelCacheStats extends CacheCounters {
  // Not in CacheCounters: only this type describes it, and the schema keeps that as it is.
  @Field(() => Int, { description: "Processes that hold a cache of this name." })
  processes!: number;

  @Field(() => Float)
  loads!: number;

  @Field(() => Float)
  loadFailures!: number;

  @Field(() => Float)
  loadTimeMs!: number;

  @Field(() => Int, { description: "Entries: models resident now." })
  residentModels!: number;

  @Field(() => Float)
  residentBytes!: number;

  @Field(() => [ResidentModel])
  models!: ResidentModel[];

  @Field(() => [String], {
    description:
      "Execution providers the cache's models run on (cpu, cuda), one per distinct choice of the processes holding it: a worker's is INFERENCE_EXECUTION_PROVIDER as resolved at its start (auto: cuda where usable, else cpu), known before any model loads. Empty for caches that do not say.",
  })
  executionProviders!: string[];
}

/** A result cache, its counters summed over every live process. */
@ObjectType()
export class ResultCacheStats extends CacheCounters {
  @Field(() => Int)
  processes!: number;

  @Field(() => Float, { description: "Calls that joined a computation in progress." })
  coalesced!: number;

  @Field(() => Float)
  expirations!: number;

  @Field(() => Float)
  errors!: number;

  @Field(() => Int, { description: "Entries cached now." })
  size!: number;

  @Field(() => Int, { description: "Capacity of one process's cache." })
  maxSize!: number;

  @Field(() => Float, { description: "Time to live in ms; 0 for none." })
  ttlMs!: number;

  @Field(() => Float, { nullable: true, description: "hits / (hits + misses), null before any call." })
  hitRate!: number | null;
}

/**
 * A pool of worker-thread model instances (onnxruntime sessions of one model, each in its own
 * thread, so that runs go side by side), its counters summed over every live process. The
 * counters run from the pool's creation: resetPerformanceStats leaves them alone.
 */
@ObjectType()
export class ModelInstancePoolStats {
  @Field(() => String, { description: "The pool's name: anomaly:<modelVersion> for the anomaly model, pose:<model file> for a pose model (#2, ... added where one process holds two of a name)." })
  name!: string;

  @Field(() => Int, { description: "Processes that hold a pool of this name." })
  processes!: number;

  @Field(() => Int, { description: "Instances alive now: sessions, each in its own worker thread, that can run at the same time." })
  instances!: number;

  @Field(() => Int, { description: "Runs executing now (at most instances)." })
  busy!: number;

  @Field(() => Int, { description: "Runs waiting now for a free instance." })
  queued!: number;

  @Field(() => Float, { description: "Runs started on an instance since the pool was created." })
  runs!: number;

  @Field(() => Float, { description: "Runs that failed: onnxruntime rejected them, or their instance's thread died." })
  failed!: number;

  @Field(() => Float, { description: "Instances started again after their thread died." })
  restarts!: number;

  @Field(() => Float, {
    description: "Milliseconds the instances spent running, summed over instances (utilisation = computeMs / (instances x wall time)).",
  })
  computeMs!: number;
}

/** How one process carried out a command sent to every process. */
@ObjectType()
export class ProcessCommandResult {
  @Field(() => ProcessInfo)
  process!: ProcessInfo;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

/** resetPerformanceStats: which processes reset their statistics. */
@ObjectType()
export class ResetPerformanceResult {
  @Field(() => Int, { description: "Processes the command reached." })
  receivers!: number;

  @Field(() => [ProcessCommandResult], { description: "Those that answered in time." })
  processes!: ProcessCommandResult[];
}

/** What optimizeMemory did in one process. */
@ObjectType()
export class ProcessMemoryOptimization extends ProcessCommandResult {
  @Field(() => Float, { description: "RSS before minus after (negative when it grew meanwhile)." })
  freedRssBytes!: number;

  @Field(() => Float)
  freedHeapUsedBytes!: number;

  @Field(() => Float)
  freedGpuBytes!: number;

  @Field(() => [String], { description: "cache/key of each model evicted." })
  evictedModels!: string[];

  @Field(() => Int, { description: "Result-cache entries dropped." })
  clearedEntries!: number;

  @Field(() => Boolean, { description: "Whether the garbage collector ran (node --expose-gc)." })
  gcRan!: boolean;
}

/** optimizeMemory over every process. */
@ObjectType()
export class OptimizeMemoryResult {
  @Field(() => Int)
  receivers!: number;

  @Field(() => [ProcessMemoryOptimization])
  processes!: ProcessMemoryOptimization[];
}
