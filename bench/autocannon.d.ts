// The little of autocannon's programmatic API the HTTP benchmark uses (the package has no types).
declare module 'autocannon' {
  interface AutocannonRequest {
    method?: string;
    path?: string;
    body?: string;
    setupRequest?(request: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown>;
    onResponse?(status: number, body: string, context: Record<string, unknown>): void;
  }

  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    headers?: Record<string, string>;
    requests?: AutocannonRequest[];
  }

  interface AutocannonResult {
    requests: { total: number; average: number };
    latency: { p50: number; p99: number; average: number; max: number };
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  /** The run is a thenable event emitter: 'response' carries each answer's latency in ms, unrounded. */
  interface AutocannonRun extends Promise<AutocannonResult> {
    on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
  }

  function autocannon(options: AutocannonOptions): AutocannonRun;
  export = autocannon;
}
