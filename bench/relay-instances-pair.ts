import { startKafkaBroker } from '../test/support/kafka-broker.js';
import type { TestDatabase } from '../test/support/postgres.js';
import { pair, type Pair } from './pair.js';
import { fillBacklog, runDrain, summary, type Drain, type Gate } from './relay-pair.js';
import { settings } from './settings.js';

/**
 * Pair 7: two relaying processes draining one outbox to Kafka at once against one alone. Each is pair 5's relay (the
 * delivery use case with two workers); they start together, once both are connected and warmed up.
 */

function gateFor(count: number): Gate {
  let waiting = count;
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { ready: () => (--waiting === 0 ? open() : undefined), opened };
}

/** Drains of one round as one: every event over the time from the first start to the last end, the CPU of all. */
function together(drains: readonly Drain[]): Drain {
  const events = drains.reduce((sum, drain) => sum + drain.events, 0);
  const startedAt = Math.min(...drains.map((drain) => drain.startedAt));
  const endedAt = Math.max(...drains.map((drain) => drain.endedAt));
  const cpuUs = drains.reduce((sum, drain) => sum + drain.cpuUsPerEvent * drain.events, 0);
  return {
    events,
    eventsPerSecond: (events * 1000) / (endedAt - startedAt),
    cpuUsPerEvent: cpuUs / events,
    peakRssMb: drains.reduce((sum, drain) => sum + drain.peakRssMb, 0),
    startedAt,
    endedAt,
  };
}

async function drainWith(processes: number, env: Record<string, string>): Promise<Drain> {
  const gate = gateFor(processes);
  const drains = await Promise.all(Array.from({ length: processes }, () => runDrain('app', env, gate)));
  const drain = together(drains);
  const shares = drains.map((one) => one.events).join(' + ');
  console.log(
    `  ${processes} relaying: ${drain.eventsPerSecond.toFixed(0)} events/s, ${drain.cpuUsPerEvent.toFixed(0)} µs CPU/event (${shares} events)`,
  );
  return drain;
}

export async function relayInstancesPair(database: TestDatabase): Promise<Pair> {
  console.log(`7. Draining ${settings.events} events to Kafka: 2 relaying processes at once vs 1`);
  const broker = await startKafkaBroker();
  try {
    const env = { DATABASE_URL: database.url, KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC: 'bench-order-events' };
    const drains = { two: [] as Drain[], one: [] as Drain[] };
    for (let round = 1; round <= settings.rounds; round++) {
      for (const [side, processes] of [
        ['one', 1],
        ['two', 2],
      ] as const) {
        await fillBacklog(database, settings.events);
        const drain = await drainWith(processes, env);
        // Claims skip each other's locked rows: every event once, none twice, or the figures are not of the same work.
        if (drain.events !== settings.events) throw new Error(`${side} drained ${drain.events} of ${settings.events}`);
        drains[side].push(drain);
      }
    }
    return pair(
      `7. Outbox relay to Kafka (${settings.events} events), 2 processes vs 1`,
      { app: summary(drains.two), baseline: summary(drains.one) },
      { on: 'throughput' },
      'events/s',
    );
  } finally {
    await broker.destroy();
  }
}
