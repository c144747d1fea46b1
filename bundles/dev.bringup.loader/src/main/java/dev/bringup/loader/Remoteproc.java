package dev.bringup.loader;

import java.util.List;

import dev.bringup.loader.internal.MemEntry;
import dev.bringup.loader.internal.Rproc;

/**
 * A remote processor handle of a {@link BootSession}, with the remoteproc API of seed 004 and of
 * today's kernel: {@link #boot()} and {@link #shutdown()} with a power reference count (boot twice,
 * shut down once: still running), {@link #put()} for a handle from
 * {@link BootSession#getByName(String)}, {@link #unregister()} ({@code rproc_del}) and
 * {@link #free()}. Each call runs the kernel's steps to completion (they are recorded in the
 * session like any other step) and returns what the kernel function returns.
 */
public final class Remoteproc {

    private final BootSession session;
    private final Rproc rproc;

    Remoteproc(BootSession session, Rproc rproc) {
        this.session = session;
        this.rproc = rproc;
    }

    Rproc rproc() {
        return rproc;
    }

    /** {@code rproc_boot()}: 0, or the negative errno of the step that failed. */
    public int boot() {
        return session.call(BootSession.Command.Kind.BOOT, rproc.index());
    }

    /** {@code rproc_shutdown()}: 0, or -EINVAL when it is not running. */
    public int shutdown() {
        return session.call(BootSession.Command.Kind.SHUTDOWN, rproc.index());
    }

    /** {@code rproc_detach()}. */
    public int detach() {
        return session.call(BootSession.Command.Kind.DETACH, rproc.index());
    }

    /** {@code rproc_put()}: drops the reference {@code rproc_get_by_name()} took. */
    public void put() {
        session.call(BootSession.Command.Kind.PUT, rproc.index());
    }

    /** {@code rproc_del()}: unregisters the processor; it cannot boot any more. */
    public int unregister() {
        return session.call(BootSession.Command.Kind.UNREGISTER, rproc.index());
    }

    /** {@code rproc_free()}. */
    public void free() {
        session.call(BootSession.Command.Kind.FREE, rproc.index());
    }

    /** {@code rproc->name}. */
    public String name() {
        return rproc.name();
    }

    /** {@code remoteprocN}'s N. */
    public int index() {
        return rproc.index();
    }

    /** The platform device's {@code dev_name}. */
    public String deviceName() {
        return rproc.devName();
    }

    /** The driver model in use ({@code stm32-rproc}, {@code qcom_q6v5_pas}, ...). */
    public String driver() {
        return rproc.driver().driverName();
    }

    /** The firmware name the kernel requests. */
    public String firmware() {
        return rproc.firmware();
    }

    public RprocState state() {
        return rproc.state();
    }

    /** The power reference count. */
    public int power() {
        return rproc.power();
    }

    /** The handle's reference count. */
    public int refcount() {
        return rproc.refcount();
    }

    /** How many crashes were handled. */
    public int crashCount() {
        return rproc.crashCount();
    }

    /** The boot address. */
    public long bootAddress() {
        return rproc.bootaddr();
    }

    /** The carveouts now. */
    public List<Carveout> carveouts() {
        return rproc.carveouts().stream().map(MemEntry::view).toList();
    }

    @Override
    public String toString() {
        return rproc.toString();
    }
}
