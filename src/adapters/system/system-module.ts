import { ContainerModule } from 'inversify';
import { CLOCK } from '../../ports/outbound/clock.js';
import { ID_GENERATOR } from '../../ports/outbound/id-generator.js';
import { RandomIdGenerator } from './random-id-generator.js';
import { SystemClock } from './system-clock.js';

/** The machine's clock and random UUIDs. */
export function systemModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(CLOCK).toResolvedValue(() => new SystemClock());
    bind(ID_GENERATOR).toResolvedValue(() => new RandomIdGenerator());
  });
}
