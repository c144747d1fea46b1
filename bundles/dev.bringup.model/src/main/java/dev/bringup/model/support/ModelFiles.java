package dev.bringup.model.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;
import dev.bringup.model.BringupPackage;
import dev.bringup.model.BringupProject;

/**
 * Reads and writes bring-up projects as XMI ({@code *.bringup}): no UUIDs, references by
 * devicetree path (the {@code id} of each SoC element) or by name, addresses in hexadecimal,
 * UTF-8, and the model's own list order, so that a file is stable, diffable and a load-save
 * round trip reproduces it byte for byte. Writes are atomic.
 */
public final class ModelFiles {

    /** The file extension of project files. */
    public static final String EXTENSION = "bringup";

    private ModelFiles() {
    }

    /** The XMI resource the project files use: intrinsic IDs (with a look-up map), no UUIDs. */
    public static final class BringupResource extends XMIResourceImpl {
        public BringupResource(URI uri) {
            super(uri);
            setIntrinsicIDToEObjectMap(new HashMap<>());
            setEncoding("UTF-8");
        }

        @Override
        protected boolean useUUIDs() {
            return false;
        }
    }

    /** A resource set that knows the model and opens every file as a {@link BringupResource}. */
    public static ResourceSet newResourceSet() {
        ResourceSet rs = new ResourceSetImpl();
        rs.getPackageRegistry().put(BringupPackage.eNS_URI, BringupPackage.eINSTANCE);
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put(Resource.Factory.Registry.DEFAULT_EXTENSION,
                (Resource.Factory) BringupResource::new);
        return rs;
    }

    /** The options every save uses. */
    public static Map<Object, Object> saveOptions() {
        Map<Object, Object> o = new LinkedHashMap<>();
        o.put(XMLResource.OPTION_ENCODING, "UTF-8");
        o.put(XMLResource.OPTION_LINE_WIDTH, 120);
        o.put(XMLResource.OPTION_SCHEMA_LOCATION, Boolean.FALSE);
        o.put(XMLResource.OPTION_SAVE_TYPE_INFORMATION, Boolean.FALSE);
        o.put(XMLResource.OPTION_USE_ENCODED_ATTRIBUTE_STYLE, Boolean.TRUE);
        o.put(XMLResource.OPTION_PROCESS_DANGLING_HREF, XMLResource.OPTION_PROCESS_DANGLING_HREF_THROW);
        return o;
    }

    private static Map<Object, Object> loadOptions() {
        Map<Object, Object> o = new HashMap<>();
        o.put(XMLResource.OPTION_DEFER_IDREF_RESOLUTION, Boolean.TRUE);
        o.put(XMLResource.OPTION_RECORD_UNKNOWN_FEATURE, Boolean.FALSE);
        return o;
    }

    /** The project as XMI bytes. */
    public static byte[] toBytes(BringupProject project) throws IOException {
        Resource r = project.eResource();
        boolean detached = r == null;
        if (detached) {
            r = newResourceSet().createResource(URI.createURI("memory:/project." + EXTENSION));
            r.getContents().add(project);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            r.save(out, saveOptions());
        } finally {
            if (detached) {
                r.getContents().remove(project);
            }
        }
        return out.toByteArray();
    }

    /** Reads a project from XMI bytes; {@code name} names the source in errors. */
    public static BringupProject fromBytes(byte[] data, String name) throws FormatException {
        Resource r = newResourceSet().createResource(URI.createURI("memory:/" + URI.encodeSegment(name, false)));
        try {
            r.load(new ByteArrayInputStream(data), loadOptions());
        } catch (IOException | RuntimeException e) {
            throw loadError(name, e);
        }
        return project(r, name);
    }

    /** Loads a project file. */
    public static BringupProject load(Path file) throws FormatException {
        Resource r = newResourceSet().createResource(URI.createFileURI(file.toAbsolutePath().toString()));
        try {
            r.load(loadOptions());
        } catch (IOException | RuntimeException e) {
            throw loadError(file.toString(), e);
        }
        return project(r, file.toString());
    }

    /** Saves the project atomically: a temporary file in the same folder, then a move over the target. */
    public static void save(BringupProject project, Path file) throws IOException {
        byte[] bytes = toBytes(project);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static BringupProject project(Resource r, String name) throws FormatException {
        if (!r.getErrors().isEmpty()) {
            Resource.Diagnostic d = r.getErrors().get(0);
            throw new FormatException(name + " line " + d.getLine() + ": " + d.getMessage(), Location.at(name, -1),
                    "fix the file or re-create it from its devicetree");
        }
        if (r.getContents().isEmpty() || !(r.getContents().get(0) instanceof BringupProject p)) {
            throw new FormatException(name + " holds no bring-up project", Location.at(name, -1),
                    "open a .bringup file written by the workbench");
        }
        return p;
    }

    private static FormatException loadError(String name, Exception e) {
        Throwable cause = e;
        String line = "";
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof org.xml.sax.SAXParseException sp) {
            line = " line " + sp.getLineNumber();
        } else if (e instanceof Resource.IOWrappedException w && w.getCause() instanceof Resource.Diagnostic d) {
            line = " line " + d.getLine();
        }
        return new FormatException("cannot read " + name + line + ": " + message(cause), Location.at(name, -1),
                "open a .bringup file written by the workbench, or re-create it from its devicetree");
    }

    private static String message(@Nullable Throwable t) {
        return t == null || t.getMessage() == null ? String.valueOf(t) : t.getMessage();
    }

    /** The project at the root of {@code o}'s resource, or null. */
    public static @Nullable BringupProject projectOf(EObject o) {
        EObject root = org.eclipse.emf.ecore.util.EcoreUtil.getRootContainer(o);
        return root instanceof BringupProject p ? p : null;
    }
}
