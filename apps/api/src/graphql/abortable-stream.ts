/**
 * The event stream of a subscription that waits between reads: `produce` gets a signal that
 * `return()` and `throw()` abort before they reach the generator. graphql-ws calls `return()`
 * when the client completes the subscription or its socket closes, but an async generator
 * suspended at an `await` takes `return()` only when it next yields, so one reading a value that
 * does not change would go on reading for as long as it stays the same. Waiting on the signal
 * (`setTimeout` of `node:timers/promises` with `{ signal }`, or an `AnalysisWatch`) makes it stop
 * at once instead.
 */
export function abortableStream<T>(produce: (signal: AbortSignal) => AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  const controller = new AbortController();
  const source = produce(controller.signal);
  const stream: AsyncGenerator<T, void, undefined> = {
    next: () => source.next(),
    return: (value) => {
      controller.abort();
      return source.return(value);
    },
    throw: (error) => {
      controller.abort();
      return source.throw(error);
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}
