package dev.bringup.model.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.IItemPropertyDescriptor;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.emf.edit.provider.ITreeItemContentProvider;
import org.junit.jupiter.api.Test;

import dev.bringup.model.BringupFactory;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;

/** The generated item providers label elements, list children and describe properties, without any UI toolkit. */
class ItemProvidersTest {

    @Test
    void providersLabelListAndDescribe() {
        BringupItemProviderAdapterFactory f = new BringupItemProviderAdapterFactory();
        Soc soc = BringupFactory.eINSTANCE.createSoc();
        ReservedMemory r = BringupFactory.eINSTANCE.createReservedMemory();
        r.setName("retram@38000000");
        soc.getReservedMemory().add(r);
        RemoteProcessor m4 = BringupFactory.eINSTANCE.createRemoteProcessor();
        m4.setName("m4@10000000");
        soc.getMasters().add(m4);
        IItemLabelProvider label = (IItemLabelProvider) f.adapt(m4, IItemLabelProvider.class);
        assertTrue(label.getText(m4).contains("m4@10000000"), label.getText(m4));
        ITreeItemContentProvider tree = (ITreeItemContentProvider) f.adapt(soc, ITreeItemContentProvider.class);
        assertEquals(List.of(r, m4), List.copyOf(tree.getChildren(soc)));
        IItemPropertySource props = (IItemPropertySource) f.adapt(m4, IItemPropertySource.class);
        List<String> ids = props.getPropertyDescriptors(m4).stream().map(d -> d.getId(m4)).toList();
        assertTrue(ids.containsAll(List.of("name", "path", "firmwareNames", "bootMethod", "memoryRegions")), ids.toString());
        assertFalse(ids.contains("id"), "the derived XMI id is not editable");
    }

    @Test
    void editBundleNeedsNoUserInterfaceToolkit() throws Exception {
        String manifest = Files.readString(Path.of("META-INF/MANIFEST.MF"));
        for (String forbidden : List.of("org.eclipse.swt", "org.eclipse.jface", "org.eclipse.ui", "emf.edit.ui")) {
            assertFalse(manifest.contains(forbidden), "edit bundle must not need " + forbidden);
        }
    }
}
