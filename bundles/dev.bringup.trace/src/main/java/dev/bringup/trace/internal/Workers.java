package dev.bringup.trace.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that scan bytes, shared by every log: at most two (the machines this runs on may
 * have two cores, and a scan is bound by memory bandwidth beyond that). Work units never wait on
 * each other; each scan has its own coordinating thread that hands out units and merges results
 * in order.
 */
public final class Workers {

    /** Scanning threads: two, or one on a single core. */
    public static final int THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "bringup-trace-worker-" + COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    static {
        POOL.allowCoreThreadTimeOut(true);
    }

    private Workers() {
    }

    /** Runs a work unit on a scanning thread. */
    public static <T> Future<T> submit(Callable<T> unit) {
        return POOL.submit(unit);
    }

    /** Starts the coordinating thread of one scan (a daemon: it never keeps the VM alive). */
    public static Thread start(String name, Runnable coordinator) {
        Thread t = new Thread(coordinator, "bringup-trace " + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
