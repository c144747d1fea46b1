package dev.bringup.trace.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.trace.ScanListener;
import dev.bringup.trace.ScanTask;

/** The shared state of a background scan: progress, cancellation, failure, listeners. */
public class TaskState implements ScanTask {

    private final String name;
    private final CopyOnWriteArrayList<ScanListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long done;
    private volatile long total;
    private volatile boolean cancelled;
    private volatile @Nullable Diagnostic failure;
    private boolean finishedCalled;

    public TaskState(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long bytesDone() {
        return done;
    }

    @Override
    public long bytesTotal() {
        return total;
    }

    @Override
    public boolean isDone() {
        return ended.getCount() == 0;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public @Nullable Diagnostic failure() {
        return failure;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /** Waits without a limit. */
    public void await() throws InterruptedException {
        ended.await();
    }

    @Override
    public void addListener(ScanListener listener) {
        listeners.add(listener);
        boolean already;
        synchronized (this) {
            already = finishedCalled;
        }
        if (already) {
            listener.finished(this);
        }
    }

    @Override
    public void removeListener(ScanListener listener) {
        listeners.remove(listener);
    }

    /** Records progress and tells the listeners. */
    public void progress(long bytesDone, long bytesTotal) {
        this.total = bytesTotal;
        this.done = bytesDone;
        for (ScanListener l : listeners) {
            l.changed(this);
        }
    }

    /** Records why the scan stopped. */
    public void fail(Diagnostic why) {
        failure = why;
    }

    /** Ends the scan and tells the listeners once. */
    public void finish() {
        synchronized (this) {
            if (finishedCalled) {
                return;
            }
            finishedCalled = true;
        }
        ended.countDown();
        for (ScanListener l : listeners) {
            l.finished(this);
        }
    }
}
