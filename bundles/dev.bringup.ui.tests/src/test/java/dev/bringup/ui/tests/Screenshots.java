package dev.bringup.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/** PNG screenshots written by SWT itself (GC.copyArea), saved as test outputs. */
final class Screenshots {

    private Screenshots() {
    }

    /** Lets the display paint everything pending. */
    static void settle(Display display) {
        for (int round = 0; round < 5; round++) {
            while (display.readAndDispatch()) {
                // drain
            }
            display.update();
        }
    }

    /** Saves what {@code control} shows on screen as {@code target/screenshots/<name>.png}; returns the file. */
    static Path save(Control control, String name) throws IOException {
        Display display = control.getDisplay();
        settle(display);
        // GTK paints on its frame clock, not when the event queue drains: let a few frames pass
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Rectangle r = control.getBounds();
        Rectangle onScreen = control.getParent() == null ? r : display.map(control.getParent(), null, r);
        Image image = new Image(display, Math.max(1, r.width), Math.max(1, r.height));
        GC gc = new GC(display);
        try {
            gc.copyArea(image, onScreen.x, onScreen.y);
        } finally {
            gc.dispose();
        }
        try {
            Path dir = Path.of(System.getProperty("bringup.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return file;
        } finally {
            image.dispose();
        }
    }
}
