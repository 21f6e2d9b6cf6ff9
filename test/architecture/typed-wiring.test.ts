import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { CLOCK, type Clock } from '../../src/ports/outbound/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../../src/ports/outbound/id-generator.js';
import { portKey } from '../../src/ports/port-key.js';
import { FixedClock } from '../support/fixed-clock.js';
import { SequentialIds } from '../support/sequential-ids.js';

// Each mix-up below is a compile error, and `npm run typecheck` (pre-push and CI) compiles this file: should a key
// ever lose its type, the `@ts-expect-error` above the mix-up is unused and the typecheck fails. At run time the
// container accepts every one of them, which is what each test shows: only the compiler stands between a mis-wired
// container and a 500 on the first request.

/** A value built from a clock, to have something that depends on one. */
const TIMESTAMP = portKey<{ readonly at: string }>('Timestamp');

function containerWith(module: ContainerModule): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(module);
  return container;
}

describe('typed port keys', () => {
  it('refuse an IdGenerator bound under CLOCK', () => {
    const container = containerWith(
      new ContainerModule(({ bind }) => {
        // @ts-expect-error -- an IdGenerator is not a Clock
        bind(CLOCK).toConstantValue(new SequentialIds());
      }),
    );
    expect(() => container.get(CLOCK).now()).toThrow(TypeError);
  });

  it('refuse a factory that takes a Clock fed from ID_GENERATOR', () => {
    const container = containerWith(
      new ContainerModule(({ bind }) => {
        bind(ID_GENERATOR).toConstantValue(new SequentialIds());
        // @ts-expect-error -- the factory asks for a Clock; the key list hands it an IdGenerator
        bind(TIMESTAMP).toResolvedValue((clock: Clock) => ({ at: clock.now().toISOString() }), [ID_GENERATOR]);
      }),
    );
    expect(() => container.get(TIMESTAMP)).toThrow(TypeError);
  });

  it('refuse keys swapped in a factory’s list (a 500 on the first POST /orders, before typed keys)', () => {
    const container = containerWith(
      new ContainerModule(({ bind }) => {
        bind(CLOCK).toConstantValue(new FixedClock());
        bind(ID_GENERATOR).toConstantValue(new SequentialIds());
        bind(TIMESTAMP).toResolvedValue(
          (clock: Clock, ids: IdGenerator) => ({ at: `${clock.now().toISOString()} ${ids.next()}` }),
          // @ts-expect-error -- CLOCK and ID_GENERATOR in the wrong order
          [ID_GENERATOR, CLOCK],
        );
      }),
    );
    expect(() => container.get(TIMESTAMP)).toThrow(TypeError);
  });

  it('refuse to hand what ID_GENERATOR resolves to a Clock', () => {
    const container = containerWith(
      new ContainerModule(({ bind }) => {
        bind(ID_GENERATOR).toConstantValue(new SequentialIds());
      }),
    );
    // @ts-expect-error -- ID_GENERATOR resolves to an IdGenerator, not a Clock
    const clock: Clock = container.get(ID_GENERATOR);
    expect(() => clock.now()).toThrow(TypeError);
  });

  it('accept the right port under its own key', () => {
    const container = containerWith(
      new ContainerModule(({ bind }) => {
        bind(CLOCK).toConstantValue(new FixedClock(new Date('2026-01-01T00:00:00.000Z')));
        bind(TIMESTAMP).toResolvedValue((clock: Clock) => ({ at: clock.now().toISOString() }), [CLOCK]);
      }),
    );
    expect(container.get(TIMESTAMP)).toEqual({ at: '2026-01-01T00:00:00.000Z' });
  });

  it('are named in the container’s errors', () => {
    expect(() => new Container().get(CLOCK)).toThrow(/"Clock"/);
  });
});
