/**
 * A measure of fragments computed once per key, wherever they are spread, so that documents spreading fragments many
 * times over cost the limits no more than their size. A key met again while it is being measured is a fragment
 * cycle, and an unknown fragment has no measure: both are refused by graphql-js' own rules, and measure 0 here.
 */
export class FragmentMeasure {
  private readonly known = new Map<string, number>();
  private readonly inProgress = new Set<string>();

  /** `key` names what is measured (a fragment, with whatever else the measure depends on). */
  of(key: string, measure: () => number | undefined): number {
    if (this.inProgress.has(key)) return 0;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    this.inProgress.add(key);
    const value = measure() ?? 0;
    this.inProgress.delete(key);
    this.known.set(key, value);
    return value;
  }
}
