import type { CheckReadinessUseCase, ReadinessReport } from '../../../ports/inbound/check-readiness-use-case.js';
import type { DependencyCheck, DependencyStatus } from '../../../ports/outbound/dependency-check.js';

export class CheckReadiness implements CheckReadinessUseCase {
  constructor(private readonly dependencies: readonly DependencyCheck[]) {}

  async execute(): Promise<ReadinessReport> {
    const results = await Promise.all(
      this.dependencies.map(async (dependency) => [dependency, await dependency.check()] as const),
    );
    const checks: Record<string, DependencyStatus> = {};
    for (const [dependency, status] of results) checks[dependency.name] = status;
    const ready = results.every(([dependency, status]) => !dependency.required || status.status === 'ok');
    return { ready, checks };
  }
}
