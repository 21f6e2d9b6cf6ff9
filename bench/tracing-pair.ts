import { pair, type Pair } from './pair.js';
import { placeOne, type BenchRequest } from './requests.js';
import { startOtlpSink } from './otlp-sink.js';
import { APP, MEMORY, type Server } from './servers.js';
import { settings } from './settings.js';
import { sideBySide } from './side-by-side.js';

/**
 * Pair 8: what tracing costs a read. The app exporting its spans over OTLP/HTTP to a local sink against the app with
 * no OTEL_EXPORTER_OTLP_ENDPOINT, each reading an order it placed (the memory repository is each process's own).
 */

const reading = async (server: Server): Promise<BenchRequest> => ({
  method: 'GET',
  path: `/orders/${await placeOne(server.url)}`,
});

export async function tracingPair(): Promise<Pair> {
  console.log('8. GET /orders/{id}, memory: tracing exported to a local OTLP/HTTP sink vs tracing off');
  const sink = await startOtlpSink();
  try {
    const figures = await sideBySide(
      { ...MEMORY, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
      APP,
      MEMORY,
      async (traced, untraced) => ({ app: await reading(traced), baseline: await reading(untraced) }),
      settings.requests,
    );
    // Read once the app has stopped, so that spans flushed as it shuts down count too.
    const { exports, bytes } = sink.received();
    // Bytes per traced request stay the same from a slow run to a fast one unless the app drops spans it cannot export.
    const traced = settings.rounds * (settings.requests + Math.round(settings.requests * settings.warmUpShare)) + 1;
    console.log(
      `  the sink received ${exports} exports, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${(bytes / traced).toFixed(0)} bytes per traced request`,
    );
    return pair('8. GET /orders/{id} (memory), traced vs not', figures, { on: 'cpu' }, 'requests/s');
  } finally {
    await sink.close();
  }
}
