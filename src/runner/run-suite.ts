import { ToolError, errorMessage } from '../core/errors.js';
import { environmentFingerprint } from '../core/results/fingerprint.js';
import {
  RESULTS_SCHEMA_VERSION,
  type Environment,
  type ResultsFile,
  type Sample,
  type ScenarioResult,
  type ScenarioSampling,
} from '../core/results/types.js';
import { abbaSides } from '../core/sequential/abba.js';
import { scenarioId, type ScenarioId, type TestId, type TopologyId } from '../core/scenarios.js';
import type { SuiteConfig } from '../core/suite/types.js';
import type { Endpoint, Placement, Platform, ServerKind, ToolInvocation } from '../platform/platform.js';
import { RunInterruptedError, abortReason, abortable, throwIfAborted } from './interrupted.js';
import {
  fixedRateInvocation,
  fixedRateTarget,
  httpMaxInvocation,
  iperfInvocation,
  serverKindOf,
  type PacingMethod,
} from './invocations.js';
import { toSample } from './sample.js';
import type { RunHooks, SuiteRunOptions } from './types.js';

/** Longest wait for an in-flight tool run after an abort, before teardown starts anyway. */
const ABORT_GRACE_MS = 2000;
/** Longest calibration run for http-fixed-rate when http-max is not in the suite. */
const CALIBRATION_MAX_S = 3;

/** One platform's state during a run. */
interface Contender {
  readonly platform: Platform;
  readonly datapath: string;
  environment?: Environment;
  readonly samples: Map<ScenarioId, Sample[]>;
  readonly skipped: Map<TopologyId, string>;
  placement?: Placement;
  readonly endpoints: Map<ServerKind, Endpoint>;
  /** Adaptive sampling facts per scenario (paired runs). */
  readonly sampling: Map<ScenarioId, ScenarioSampling>;
}

/** The fixed-rate plan for one platform + topology. */
interface FixedRatePlan {
  readonly targetRps: number;
  readonly maxRps: number;
  readonly maxRpsFrom: 'http-max' | 'calibration';
  readonly pacing: PacingMethod;
}

/**
 * Runs the suite on every platform and returns one results file per platform (datapath), in order.
 * All platforms are prepared first; then, per topology, each is placed once and every test runs
 * its repetitions INTERLEAVED across platforms (A B C A B C …) so that drift hits all alike.
 * Topologies a platform does not support become `skipped` scenarios. Every platform is torn down
 * in the end, also after a failed sample or an abort (hooks.signal → RunInterruptedError).
 */
export async function runSuite(
  platforms: readonly Platform[],
  options: SuiteRunOptions,
): Promise<ResultsFile[]> {
  const { suite } = options;
  const hooks: RunHooks = options.hooks ?? {};
  const now = options.now ?? Date.now;
  const group = <T>(name: string, fn: () => Promise<T>): Promise<T> =>
    hooks.group ? hooks.group(name, fn) : fn();
  const log = (line: string): void => hooks.onLog?.(line);
  const signal = hooks.signal;
  const startedMs = now();
  const contenders: Contender[] = platforms.map((platform) => ({
    platform,
    datapath: platform.subject().datapath,
    samples: new Map(),
    skipped: new Map(),
    endpoints: new Map(),
    sampling: new Map(),
  }));
  const paired = options.paired;
  if (paired && contenders.length !== 2) {
    throw new Error(
      `internal: a paired run needs exactly two platforms (base, head), got ${contenders.length}`,
    );
  }
  const warmupPairs = paired?.warmupPairs ?? 1;
  const adaptive = paired?.adaptive;
  const plannedReps = adaptive ? adaptive.plan.maxRepetitions : suite.repetitions;
  const inFlight = new Set<Promise<unknown>>();
  let done = 0;
  let total = 0;
  let scenarioCount = 0;
  let scenariosDone = 0;

  /** Runs a client, tracked so an abort can let it settle before teardown. */
  const runTracked = (
    contender: Contender,
    invocation: ToolInvocation,
  ): ReturnType<Placement['runClient']> => {
    const placement = contender.placement;
    if (!placement) throw new Error(`internal: ${contender.datapath} has no placement`);
    const work = placement.runClient(invocation);
    inFlight.add(work);
    const forget = (): void => void inFlight.delete(work);
    work.then(forget, forget);
    return abortable(work, signal);
  };

  try {
    throwIfAborted(signal);
    for (const contender of contenders) {
      await group(`prepare ${contender.datapath}`, () => contender.platform.prepare(suite));
      throwIfAborted(signal);
      const env = await contender.platform.environment();
      contender.environment = { ...env, fingerprint: environmentFingerprint(env) };
    }

    const tests = executionOrder(suite.tests);
    total = suite.topologies.reduce(
      (sum, topology) =>
        sum +
        contenders.filter((c) => c.platform.supports(topology) === null).length * tests.length * plannedReps,
      0,
    );
    scenarioCount = suite.topologies.length * tests.length;

    for (const topology of suite.topologies) {
      const active: Contender[] = [];
      for (const contender of contenders) {
        const reason = contender.platform.supports(topology);
        if (reason === null) active.push(contender);
        else {
          contender.skipped.set(topology, reason);
          log(`${contender.datapath}: skipping ${topology}: ${reason}`);
        }
      }
      if (paired && active.length === 1) {
        // A pair needs both sides: skip the topology on the side that could run it too.
        const other = contenders.find((c) => c !== active[0])!;
        const reason = `${other.datapath} cannot run it: ${other.skipped.get(topology) ?? 'unsupported'}`;
        active[0]!.skipped.set(topology, reason);
        log(`${active[0]!.datapath}: skipping ${topology} in the paired run: ${reason}`);
        active.length = 0;
      }
      if (active.length === 0) {
        scenariosDone += tests.length;
        continue;
      }

      await group(topology, async () => {
        try {
          for (const contender of active) {
            throwIfAborted(signal);
            contender.placement = await contender.platform.place(topology);
            contender.endpoints.clear();
          }
          for (const test of tests) {
            const id = scenarioId(topology, test);
            const plans = new Map<Contender, FixedRatePlan>();
            if (test === 'http-fixed-rate') {
              for (const contender of active) {
                plans.set(contender, await withScenario(id, () => planFixedRate(contender, id)));
              }
            }
            if (paired) {
              await runPairedScenario(active[0]!, active[1]!, test, id, plans);
              scenariosDone++;
              continue;
            }
            for (let repetition = 1; repetition <= suite.repetitions; repetition++) {
              for (const contender of active) {
                throwIfAborted(signal);
                hooks.onProgress?.({
                  datapath: contender.datapath,
                  scenario: id,
                  repetition,
                  repetitions: suite.repetitions,
                  done,
                  total,
                  elapsedS: (now() - startedMs) / 1000,
                });
                const sample = await withScenario(id, () =>
                  runSample(contender, test, id, plans.get(contender)),
                );
                const list = contender.samples.get(id) ?? [];
                list.push(sample);
                contender.samples.set(id, list);
                done++;
              }
            }
          }
        } finally {
          await settle(inFlight);
          for (const contender of active) {
            const placement = contender.placement;
            contender.placement = undefined;
            if (!placement) continue;
            try {
              await placement.release();
            } catch (error) {
              // After an abort, platform work fails by design; teardown removes everything anyway.
              if (!signal?.aborted)
                log(`${contender.datapath}: releasing ${topology} failed: ${errorMessage(error)}`);
            }
          }
        }
      });
    }

    const createdAt = new Date(startedMs).toISOString();
    const files = contenders.map((contender) => assemble(contender, suite, options.toolVersion, createdAt));
    if (!paired) return files;
    return files.map((file, index) => ({
      ...file,
      pairing: { id: paired.pairingId, order: 'ABBA', role: index === 0 ? 'base' : 'head', warmupPairs },
      ...(adaptive ? { sampling: adaptive.plan } : {}),
    }));
  } catch (error) {
    // Platforms watching the same signal throw its reason; report every abort the same way.
    if (signal?.aborted && !(error instanceof RunInterruptedError))
      throw new RunInterruptedError(abortReason(signal));
    throw error;
  } finally {
    await settle(inFlight);
    await group('teardown', async () => {
      for (const contender of contenders) {
        try {
          await contender.platform.teardown();
        } catch (error) {
          log(
            `${contender.datapath}: teardown failed: ${errorMessage(error)}; ${contender.platform.leftoverHint}`,
          );
        }
      }
    });
  }

  /** Runs one sample on a contender and keeps it (or discards it when `keep` is false). */
  async function sampleOnce(
    contender: Contender,
    test: TestId,
    id: ScenarioId,
    plan: FixedRatePlan | undefined,
    repetition: number,
    keep: boolean,
  ): Promise<void> {
    throwIfAborted(signal);
    hooks.onProgress?.({
      datapath: contender.datapath,
      scenario: id,
      repetition,
      repetitions: plannedReps,
      done,
      total,
      elapsedS: (now() - startedMs) / 1000,
    });
    const sample = await withScenario(id, () => runSample(contender, test, id, plan));
    if (!keep) return;
    const list = contender.samples.get(id) ?? [];
    list.push(sample);
    contender.samples.set(id, list);
    done++;
  }

  /**
   * One scenario of a paired run: `warmupPairs` discarded pairs, then pairs in ABBA order up to
   * suite.repetitions, or — adaptive — up to each planned look, consulting the stop rule there.
   */
  async function runPairedScenario(
    base: Contender,
    head: Contender,
    test: TestId,
    id: ScenarioId,
    plans: Map<Contender, FixedRatePlan>,
  ): Promise<void> {
    const side = (s: 'base' | 'head'): Contender => (s === 'base' ? base : head);
    for (let w = 0; w < warmupPairs; w++) {
      for (const c of [base, head]) await sampleOnce(c, test, id, plans.get(c), 0, false);
    }
    const scenarioStart = now();
    let n = 0;
    let target = adaptive ? adaptive.plan.looks[0]! : suite.repetitions;
    const looks: number[] = [];
    for (;;) {
      while (n < target) {
        for (const s of abbaSides(n)) await sampleOnce(side(s), test, id, plans.get(side(s)), n + 1, true);
        n++;
      }
      if (!adaptive) return;
      looks.push(n);
      const elapsedRunS = (scenarioStart - startedMs) / 1000;
      const scenariosLeft = Math.max(1, scenarioCount - scenariosDone);
      const decision = adaptive.afterLook({
        base: partialFile(base, id),
        head: partialFile(head, id),
        n,
        elapsedS: (now() - scenarioStart) / 1000,
        budgetS: Math.max(0, adaptive.plan.timeBudgetS - elapsedRunS) / scenariosLeft,
      });
      log(
        `${id}: ${decision.detail}${decision.stop ? ` → stop (${decision.reason})` : ` → sampling to n = ${decision.next}`}`,
      );
      if (decision.stop) {
        const facts: ScenarioSampling = { n, looks: [...looks], stopReason: decision.reason };
        base.sampling.set(id, facts);
        head.sampling.set(id, facts);
        // Samples planned but not taken no longer count towards the progress total.
        total -= 2 * (adaptive.plan.maxRepetitions - n);
        return;
      }
      target = decision.next;
    }
  }

  /** A results file holding only scenario `id` of a contender so far (for a look). */
  function partialFile(contender: Contender, id: ScenarioId): ResultsFile {
    const slash = id.indexOf('/');
    return {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      tool: { name: 'cni-perf-gate', version: options.toolVersion },
      createdAt: new Date(startedMs).toISOString(),
      subject: contender.platform.subject(),
      environment: contender.environment!,
      suite,
      scenarios: [
        {
          id,
          topology: id.slice(0, slash) as TopologyId,
          test: id.slice(slash + 1) as TestId,
          samples: contender.samples.get(id) ?? [],
        },
      ],
    };
  }

  /** Starts (once per placement) the server a test needs. */
  async function endpointFor(contender: Contender, kind: ServerKind): Promise<Endpoint> {
    const known = contender.endpoints.get(kind);
    if (known) return known;
    const placement = contender.placement;
    if (!placement) throw new Error(`internal: ${contender.datapath} has no placement`);
    const endpoint = await abortable(placement.startServer(kind), signal);
    contender.endpoints.set(kind, endpoint);
    return endpoint;
  }

  /** Runs one sample of `test` on a contender's current placement. */
  async function runSample(
    contender: Contender,
    test: TestId,
    id: ScenarioId,
    plan: FixedRatePlan | undefined,
  ): Promise<Sample> {
    const endpoint = await endpointFor(contender, serverKindOf(test));
    let invocation: ToolInvocation;
    if (test === 'http-max') invocation = httpMaxInvocation(suite, endpoint);
    else if (test === 'http-fixed-rate') {
      if (!plan) throw new Error('internal: http-fixed-rate without a rate plan');
      invocation = fixedRateInvocation(suite, endpoint, plan.targetRps, plan.pacing);
    } else invocation = iperfInvocation(test, suite, endpoint);
    const output = await runTracked(contender, invocation);
    if (!plan) return toSample(id, test, invocation, output).sample;
    const parsed = toSample(id, test, invocation, output);
    return {
      ...parsed.sample,
      notes: {
        pacing: plan.pacing,
        targetRps: plan.targetRps,
        achievedRps: round1(parsed.rps ?? Number.NaN),
        maxRps: round1(plan.maxRps),
        maxRpsFrom: plan.maxRpsFrom,
      },
    };
  }

  /** Target rate for http-fixed-rate: a fraction of http-max's median RPS, or of a short calibration run. */
  async function planFixedRate(contender: Contender, id: ScenarioId): Promise<FixedRatePlan> {
    const pacing: PacingMethod = contender.environment?.tools['wrk2'] ? 'wrk2' : 'wrk-lua-delay';
    const topology = id.slice(0, id.indexOf('/')) as TopologyId;
    const maxSamples = contender.samples.get(scenarioId(topology, 'http-max')) ?? [];
    const measured = maxSamples.map((s) => s.metrics.http_rps).filter((v): v is number => v !== undefined);
    let maxRps: number;
    let maxRpsFrom: FixedRatePlan['maxRpsFrom'];
    if (measured.length > 0) {
      maxRps = median(measured);
      maxRpsFrom = 'http-max';
    } else {
      throwIfAborted(signal);
      const durationS = Math.min(CALIBRATION_MAX_S, suite.http.durationS);
      log(`${contender.datapath}: ${id}: calibrating max RPS with a ${durationS} s wrk run`);
      const endpoint = await endpointFor(contender, 'http');
      const invocation = httpMaxInvocation(suite, endpoint, durationS);
      const output = await runTracked(contender, invocation);
      maxRps = toSample(id, 'http-max', invocation, output).rps ?? 0;
      maxRpsFrom = 'calibration';
    }
    const targetRps = fixedRateTarget(maxRps, suite.http.fixedRateFraction);
    log(
      `${contender.datapath}: ${id}: offering ${targetRps} req/s (${suite.http.fixedRateFraction} × ${Math.round(maxRps)} from ${maxRpsFrom}) with ${pacing}`,
    );
    return { targetRps, maxRps, maxRpsFrom, pacing };
  }
}

/** Runs `work`; a ToolError that does not name a scenario yet (e.g. a server that failed to start) gets `id`. */
async function withScenario<T>(id: ScenarioId, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ToolError && error.scenario === undefined) throw error.inScenario(id);
    throw error;
  }
}

/** Tests in the suite's order, except that http-max runs before http-fixed-rate (it sets its rate). */
export function executionOrder(tests: readonly TestId[]): TestId[] {
  const order = [...tests];
  const max = order.indexOf('http-max');
  const fixed = order.indexOf('http-fixed-rate');
  if (max > fixed && fixed >= 0) {
    order.splice(max, 1);
    order.splice(fixed, 0, 'http-max');
  }
  return order;
}

function assemble(
  contender: Contender,
  suite: SuiteConfig,
  toolVersion: string,
  createdAt: string,
): ResultsFile {
  const environment = contender.environment;
  if (!environment) throw new Error(`internal: ${contender.datapath} has no environment`);
  const scenarios: ScenarioResult[] = [];
  for (const topology of suite.topologies) {
    for (const test of suite.tests) {
      const id = scenarioId(topology, test);
      const skipped = contender.skipped.get(topology);
      scenarios.push(
        skipped !== undefined
          ? { id, topology, test, samples: [], skipped }
          : {
              id,
              topology,
              test,
              samples: contender.samples.get(id) ?? [],
              ...(contender.sampling.has(id) ? { sampling: contender.sampling.get(id)! } : {}),
            },
      );
    }
  }
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'cni-perf-gate', version: toolVersion },
    createdAt,
    subject: contender.platform.subject(),
    environment,
    suite,
    scenarios,
  };
}

/** Waits (bounded) for tool runs still in flight after an abort or a failure. */
async function settle(inFlight: ReadonlySet<Promise<unknown>>): Promise<void> {
  if (inFlight.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ABORT_GRACE_MS);
  });
  await Promise.race([Promise.allSettled([...inFlight]), grace]);
  clearTimeout(timer);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
