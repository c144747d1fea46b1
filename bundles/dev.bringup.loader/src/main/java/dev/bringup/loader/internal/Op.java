package dev.bringup.loader.internal;

/**
 * One step of the simulated kernel: a named piece of a kernel function that runs to completion.
 *
 * @param name the kernel function it models, as the session shows it
 * @param title one line for a view
 * @param body what it does
 */
public record Op(String name, String title, Op.Body body) {

    /** Returned by a body to end its chain early, successfully (the rest of the chain is skipped). */
    public static final int DONE = 1;

    /** What a step does. */
    @FunctionalInterface
    public interface Body {
        /**
         * @return 0 to go on, {@link #DONE} to end the chain successfully, or a negative errno (which
         *         fails the step and runs the chain's unwind)
         * @throws StepFailure to fail with a diagnosis
         */
        int run() throws StepFailure;
    }
}
