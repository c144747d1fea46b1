package dev.bringup.ui.internal;

import java.nio.file.Path;

import org.eclipse.core.runtime.IPath;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IPathEditorInput;
import org.eclipse.ui.IPersistableElement;

/** A firmware file on disk as the input of the firmware layout editor. */
public final class FirmwareEditorInput implements IPathEditorInput {

    private final Path file;

    public FirmwareEditorInput(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    @Override
    public IPath getPath() {
        return IPath.fromOSString(file.toString());
    }

    @Override
    public boolean exists() {
        return java.nio.file.Files.isRegularFile(file);
    }

    @Override
    public @Nullable ImageDescriptor getImageDescriptor() {
        return null;
    }

    @Override
    public String getName() {
        return String.valueOf(file.getFileName());
    }

    @Override
    public @Nullable IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return file.toString();
    }

    @Override
    public <T> @Nullable T getAdapter(@Nullable Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof FirmwareEditorInput f && f.file.equals(file);
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }
}
