/** The part of opossum 9 the hub client uses (the package ships no types). */
declare module 'opossum' {
  import { EventEmitter } from 'node:events';

  namespace CircuitBreaker {
    interface Options {
      timeout?: number | false;
      resetTimeout?: number;
      errorThresholdPercentage?: number;
      volumeThreshold?: number;
      rollingCountTimeout?: number;
      rollingCountBuckets?: number;
      capacity?: number;
      name?: string;
      enableSnapshots?: boolean;
      rollingPercentilesEnabled?: boolean;
      errorFilter?: (err: unknown, ...args: unknown[]) => boolean;
    }
  }

  class CircuitBreaker<Args extends unknown[] = unknown[], Result = unknown> extends EventEmitter {
    constructor(action: (...args: Args) => Promise<Result>, options?: CircuitBreaker.Options);
    fire(...args: Args): Promise<Result>;
    readonly opened: boolean;
    readonly halfOpen: boolean;
    readonly closed: boolean;
    open(): void;
    close(): void;
    shutdown(): void;
    on(event: 'open' | 'close' | 'halfOpen' | 'shutdown', listener: () => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  export = CircuitBreaker;
}
