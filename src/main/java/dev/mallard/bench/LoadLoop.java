package dev.mallard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Runs a closed loop per worker (call, wait for the answer, call again) for warm-up + duration and
 * records the calls that started after the warm-up and finished before the end. Workers are
 * platform threads: the calls block, and DuckDB's native calls would pin virtual ones anyway.
 */
final class LoadLoop {
    private final Workload workload;
    private final Duration warmUp;
    private final Duration duration;
    private final long seed;
    private final int sampleCapacity;

    LoadLoop(Workload workload, Duration warmUp, Duration duration, long seed, int sampleCapacity) {
        this.workload = workload;
        this.warmUp = warmUp;
        this.duration = duration;
        this.seed = seed;
        this.sampleCapacity = sampleCapacity;
    }

    /**
     * Runs {@code workers} loops, worker i calling through {@code runners.apply(i)}; the monitor
     * watches the measured window only.
     */
    PhaseResult run(String phase, int workers, IntFunction<CallRunner> runners, ResourceMonitor monitor)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(workers);
        CompletableFuture<Window> window = new CompletableFuture<>();
        List<PhaseRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 0; i < workers; i++) {
            CallRunner runner = runners.apply(i);
            SplittableRandom random = seeds.split();
            PhaseRecorder recorder = new PhaseRecorder(Math.max(1, sampleCapacity / workers), random.split());
            recorders.add(recorder);
            threads.add(Thread.ofPlatform().name("bench-" + phase + "-" + i).daemon().start(() -> {
                ready.countDown();
                loop(runner, random, recorder, window.join());
            }));
        }
        ready.await();
        Window started = Window.from(System.nanoTime(), warmUp, duration);
        window.complete(started);
        sleepUntil(started.measureFrom());
        monitor.start();
        sleepUntil(started.end());
        ResourceUsage usage = monitor.stop();
        for (Thread thread : threads) {
            thread.join();
        }
        return PhaseResult.merge(phase, duration, recorders, usage);
    }

    /** When the warm-up ends and the measurement ends, in {@link System#nanoTime()}. */
    private record Window(long measureFrom, long end) {
        static Window from(long start, Duration warmUp, Duration duration) {
            long measureFrom = start + warmUp.toNanos();
            return new Window(measureFrom, measureFrom + duration.toNanos());
        }
    }

    private void loop(CallRunner runner, SplittableRandom random, PhaseRecorder recorder, Window window) {
        while (true) {
            WorkloadCall call = workload.draw(random);
            long began = System.nanoTime();
            if (began >= window.end()) {
                return;
            }
            Outcome outcome = runner.call(call);
            long finished = System.nanoTime();
            if (began >= window.measureFrom() && finished <= window.end()) {
                recorder.record(call, outcome, finished - began);
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Duration.ofNanos(Math.min(left, 200_000_000L)));
        }
    }
}
