package dev.bringup.model.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.eclipse.emf.common.util.BasicEList;
import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.model.AddressRange;
import dev.bringup.model.AddressWindow;
import dev.bringup.model.BringupProject;
import dev.bringup.model.Firmware;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuAddress;
import dev.bringup.model.IommuKind;
import dev.bringup.model.IommuMapEntry;
import dev.bringup.model.IommuReference;
import dev.bringup.model.Master;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;
import dev.bringup.model.SocElement;

/** Bodies of the model's operations and derived features (the generated code calls these). */
public final class ModelOperations {

    private ModelOperations() {
    }

    /** The XMI ID: the devicetree path without its leading slash (a leading slash would read as a fragment path). */
    public static @Nullable String id(SocElement e) {
        String p = e.getPath();
        if (p == null) {
            return null;
        }
        return p.startsWith("/") ? p.substring(1) : p;
    }

    public static EList<RemoteProcessor> remoteProcessors(BringupProject project) {
        Soc soc = project.getSoc();
        return soc == null ? ECollections.emptyEList() : remoteProcessors(soc);
    }

    public static EList<RemoteProcessor> remoteProcessors(Soc soc) {
        EList<RemoteProcessor> r = new BasicEList<>();
        for (Master m : soc.getMasters()) {
            if (m instanceof RemoteProcessor rp) {
                r.add(rp);
            }
        }
        return ECollections.unmodifiableEList(r);
    }

    public static @Nullable Firmware findFirmware(BringupProject project, @Nullable String name) {
        for (Firmware f : project.getFirmware()) {
            if (f.getName() != null && f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Every element of the SoC, in the order of the Soc's lists. */
    public static List<SocElement> elements(Soc soc) {
        List<SocElement> all = new ArrayList<>();
        all.addAll(soc.getMemory());
        all.addAll(soc.getReservedMemory());
        all.addAll(soc.getBuses());
        all.addAll(soc.getIommus());
        all.addAll(soc.getLarbs());
        all.addAll(soc.getMasters());
        all.addAll(soc.getUnknownNodes());
        return all;
    }

    public static @Nullable SocElement findElement(Soc soc, @Nullable String path) {
        for (SocElement e : elements(soc)) {
            if (e.getPath() != null && e.getPath().equals(path)) {
                return e;
            }
        }
        return null;
    }

    public static boolean isEnabled(SocElement e) {
        String s = e.getStatus();
        return s == null || s.equals("okay") || s.equals("ok");
    }

    public static boolean contains(AddressRange r, long value) {
        return Long.compareUnsigned(value, r.getAddress()) >= 0
                && Long.compareUnsigned(value - r.getAddress(), r.getSize()) < 0;
    }

    public static EList<Master> users(ReservedMemory region) {
        EList<Master> r = new BasicEList<>();
        if (region.eContainer() instanceof Soc soc) {
            for (Master m : soc.getMasters()) {
                if (m.getMemoryRegions().contains(region)) {
                    r.add(m);
                }
            }
        }
        return ECollections.unmodifiableEList(r);
    }

    public static boolean isDirect(IommuAddress a) {
        EObject c = a.eContainer();
        return c instanceof ReservedMemory rm && !rm.getReg().isEmpty() && rm.getReg().get(0).getAddress() == a.getIova();
    }

    public static EList<IommuReference> references(Iommu iommu) {
        EList<IommuReference> r = new BasicEList<>();
        if (iommu.eContainer() instanceof Soc soc) {
            for (Master m : soc.getMasters()) {
                for (IommuReference ref : m.getIommus()) {
                    if (ref.getIommu() == iommu) {
                        r.add(ref);
                    }
                }
            }
        }
        return ECollections.unmodifiableEList(r);
    }

    public static EList<IommuMapEntry> mapEntries(Iommu iommu) {
        EList<IommuMapEntry> r = new BasicEList<>();
        if (iommu.eContainer() instanceof Soc soc) {
            for (Master m : soc.getMasters()) {
                for (IommuMapEntry e : m.getIommuMap()) {
                    if (e.getIommu() == iommu) {
                        r.add(e);
                    }
                }
            }
        }
        return ECollections.unmodifiableEList(r);
    }

    /** Stream IDs of iommus specifiers and of iommu-map entries (an entry of length n gives n IDs; capped at 4096 per entry). */
    public static EList<Long> streamIds(Iommu iommu) {
        TreeSet<Long> ids = new TreeSet<>(Long::compareUnsigned);
        for (IommuReference ref : references(iommu)) {
            ids.add(ref.getSid());
        }
        for (IommuMapEntry e : mapEntries(iommu)) {
            for (long i = 0; i < Math.min(e.getLength(), 4096); i++) {
                ids.add(e.getSidBase() + i);
            }
        }
        return ECollections.unmodifiableEList(new BasicEList<>(ids));
    }

    /** MediaTek port IDs are {@code larb << 5 | port} (MTK_M4U_ID). */
    public static int larbId(IommuReference ref) {
        Iommu iommu = ref.getIommu();
        return iommu != null && iommu.getKind() == IommuKind.MTK_IOMMU ? (int) (ref.getSid() >>> 5) : -1;
    }

    public static int port(IommuReference ref) {
        Iommu iommu = ref.getIommu();
        return iommu != null && iommu.getKind() == IommuKind.MTK_IOMMU ? (int) (ref.getSid() & 0x1f) : -1;
    }

    /** The device address of {@code pa} in the master's view; the identity when the view is empty. */
    public static @Nullable Long daOf(Master master, long pa) {
        if (master.getAddressView().isEmpty()) {
            return pa;
        }
        for (AddressWindow w : master.getAddressView()) {
            if (Long.compareUnsigned(pa, w.getPa()) >= 0 && Long.compareUnsigned(pa - w.getPa(), w.getSize()) < 0) {
                return w.getDa() + (pa - w.getPa());
            }
        }
        return null;
    }
}
