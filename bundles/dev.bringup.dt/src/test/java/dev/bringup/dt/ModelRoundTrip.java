package dev.bringup.dt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.bringup.model.BringupProject;
import dev.bringup.model.support.ModelFiles;

/** The XMI round trip every imported project must survive: load(save(p)) equals p, and saving again gives the same bytes. */
final class ModelRoundTrip {

    private ModelRoundTrip() {
    }

    static BringupProject assertLossless(BringupProject project) throws Exception {
        byte[] first = ModelFiles.toBytes(project);
        BringupProject loaded = ModelFiles.fromBytes(first, "first.bringup");
        assertTrue(new EcoreUtil.EqualityHelper().equals(project, loaded), "loaded model equals the saved one");
        byte[] second = ModelFiles.toBytes(loaded);
        assertArrayEquals(first, second, "second save gives the same bytes");
        BringupProject again = ModelFiles.fromBytes(second, "second.bringup");
        assertTrue(new EcoreUtil.EqualityHelper().equals(loaded, again));
        return loaded;
    }
}
