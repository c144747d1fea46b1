package dev.bringup.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Assumptions;

import dev.bringup.ui.internal.FirmwareEditor;
import dev.bringup.ui.internal.Opener;

/** Helpers of the UI tests: the window, files, and SWT events posted to real widgets. */
final class Ui {

    private Ui() {
    }

    static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    }

    static IWorkbenchPage page() {
        return window().getActivePage();
    }

    static void settle() {
        Screenshots.settle(PlatformUI.getWorkbench().getDisplay());
    }

    /** A writable copy of an example firmware (dev.bringup.examples' firmware/images) in a fresh folder. */
    static Path exampleCopy(String name) throws IOException {
        Path src = Opener.exampleFirmware(name);
        if (src == null) {
            throw new IllegalStateException("the examples bundle has no firmware/images/" + name);
        }
        Path dir = Files.createTempDirectory("bringup-ui-test");
        return Files.copy(src, dir.resolve(name));
    }

    /** A corpus file, or the test is skipped with a message when the shared corpus is absent. */
    static Path corpus(String relative) {
        Path p = Path.of(System.getProperty("bringup.shared", "../shared"), "corpus", relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared corpus not available (" + p + "); skipping");
        return p;
    }

    static FirmwareEditor openFirmware(Path file) {
        IEditorPart e = Opener.open(window(), file);
        if (!(e instanceof FirmwareEditor fe)) {
            throw new AssertionError("no firmware editor for " + file + ": " + dev.bringup.ui.internal.Status.lastError());
        }
        settle();
        return fe;
    }

    static void mouse(Control c, int type, int x, int y) {
        Event e = new Event();
        e.type = type;
        e.x = x;
        e.y = y;
        e.button = 1;
        e.stateMask = type == SWT.MouseMove ? SWT.BUTTON1 : 0;
        c.notifyListeners(type, e);
    }

    static void key(Control c, int keyCode, int stateMask) {
        Event e = new Event();
        e.type = SWT.KeyDown;
        e.keyCode = keyCode;
        e.stateMask = stateMask;
        e.doit = true;
        c.notifyListeners(SWT.KeyDown, e);
    }

    static void drag(Control c, int x, int y, int dx, int dy) {
        mouse(c, SWT.MouseDown, x, y);
        for (int i = 1; i <= 4; i++) {
            mouse(c, SWT.MouseMove, x + dx * i / 4, y + dy * i / 4);
        }
        mouse(c, SWT.MouseUp, x + dx, y + dy);
    }

    /** Pumps the display until {@code done} holds; fails after {@code seconds}. */
    static void waitUntil(String what, int seconds, java.util.function.BooleanSupplier done) {
        org.eclipse.swt.widgets.Display d = org.eclipse.swt.widgets.Display.getCurrent();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                org.junit.jupiter.api.Assertions.fail("waited " + seconds + " s for " + what);
            }
            if (!d.readAndDispatch()) {
                d.timerExec(50, () -> { });
                d.sleep();
            }
        }
        settle();
    }
}
