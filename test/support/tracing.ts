import { context, propagation, trace } from '@opentelemetry/api';
import type { tracing } from '@opentelemetry/sdk-node';

export type FinishedSpan = tracing.ReadableSpan;

/**
 * Unregisters the process-wide tracer provider, context manager and propagator a test file's SDK registered, so that
 * nothing after it records into a provider that was shut down.
 */
export function resetTracing(): void {
  trace.disable();
  context.disable();
  propagation.disable();
}

export interface SpanTree {
  readonly all: readonly FinishedSpan[];
  /** The one span of that name; throws if there is none or several. */
  named(name: string): FinishedSpan;
  /** Its parent, the parent's parent, ... as far as the spans given reach. */
  ancestorsOf(span: FinishedSpan): FinishedSpan[];
}

/** The spans of one trace, by their parent links. */
export function spanTree(spans: readonly FinishedSpan[]): SpanTree {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  return {
    all: spans,
    named: (name) => {
      const found = spans.filter((span) => span.name === name);
      if (found.length !== 1)
        throw new Error(`${found.length} spans named ${name} among ${spans.map((s) => s.name).join(', ')}`);
      return found[0]!;
    },
    ancestorsOf: (span) => {
      const ancestors: FinishedSpan[] = [];
      for (let parent = byId.get(span.parentSpanContext?.spanId ?? ''); parent;) {
        ancestors.push(parent);
        parent = byId.get(parent.parentSpanContext?.spanId ?? '');
      }
      return ancestors;
    },
  };
}
