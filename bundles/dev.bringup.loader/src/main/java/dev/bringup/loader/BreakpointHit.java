package dev.bringup.loader;

/**
 * A breakpoint that stopped a session.
 *
 * @param breakpoint the breakpoint
 * @param stepIndex the index of the step it concerns: the step that will run next for a step
 *        breakpoint, the step that did it otherwise
 * @param what what happened, in one line
 */
public record BreakpointHit(Breakpoint breakpoint, int stepIndex, String what) {

    @Override
    public String toString() {
        return "breakpoint (" + breakpoint + ") at step " + stepIndex + ": " + what;
    }
}
