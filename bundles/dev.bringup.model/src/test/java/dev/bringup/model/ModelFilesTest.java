package dev.bringup.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bringup.common.FormatException;
import dev.bringup.model.support.ModelFiles;

/** XMI files: readable, references by path or name, lossless and byte-stable, atomic writes, clear errors. */
class ModelFilesTest {

    static final BringupFactory F = BringupFactory.eINSTANCE;

    /** A small STM32MP157-like project built by hand. */
    static BringupProject stm32() {
        BringupProject p = F.createBringupProject();
        p.setName("stm32mp157");
        Soc soc = F.createSoc();
        soc.setName("stm32mp157c-dk2");
        soc.getCompatible().add("st,stm32mp157");
        p.setSoc(soc);
        ReservedMemory retram = F.createReservedMemory();
        retram.setName("retram@38000000");
        retram.setPath("/reserved-memory/retram@38000000");
        retram.setNoMap(true);
        retram.getCompatible().add("shared-dma-pool");
        AddressRange r = F.createAddressRange();
        r.setAddress(0x38000000L);
        r.setSize(0x10000);
        retram.getReg().add(r);
        soc.getReservedMemory().add(retram);
        Bus mlahb = F.createBus();
        mlahb.setName("mlahb");
        mlahb.setPath("/mlahb");
        mlahb.setAddressCells(1);
        RangeMapping dma = F.createRangeMapping();
        dma.setChildAddress(0);
        dma.setParentAddress(0x38000000L);
        dma.setSize(0x10000);
        mlahb.getDmaRanges().add(dma);
        soc.getBuses().add(mlahb);
        RemoteProcessor m4 = F.createRemoteProcessor();
        m4.setName("m4@10000000");
        m4.setPath("/mlahb/m4@10000000");
        m4.setRprocName("m4");
        m4.getCompatible().add("st,stm32mp1-m4");
        m4.getFirmwareNames().add("rproc-m4-fw");
        m4.getMemoryRegions().add(retram);
        m4.setBus(mlahb);
        AddressWindow w = F.createAddressWindow();
        w.setDa(0);
        w.setPa(0x38000000L);
        w.setSize(0x10000);
        m4.getAddressView().add(w);
        soc.getMasters().add(m4);
        Firmware fw = F.createFirmware();
        fw.setName("rproc-m4-fw");
        fw.setPath("firmware/rproc-m4-fw.elf");
        p.getFirmware().add(fw);
        BootScenario s = F.createBootScenario();
        s.setName("m4 boots");
        s.setRproc(m4);
        s.setFirmware(fw);
        s.setStrategy(BootStrategy.LINUX_DEFAULT);
        p.getScenarios().add(s);
        return p;
    }

    @Test
    void roundTripIsLosslessAndByteStable() throws Exception {
        BringupProject p = stm32();
        byte[] first = ModelFiles.toBytes(p);
        BringupProject loaded = ModelFiles.fromBytes(first, "p.bringup");
        assertTrue(new EcoreUtil.EqualityHelper().equals(p, loaded));
        assertArrayEquals(first, ModelFiles.toBytes(loaded));
        RemoteProcessor m4 = loaded.getSoc().remoteProcessors().get(0);
        assertSame(loaded.getSoc().getReservedMemory().get(0), m4.getMemoryRegions().get(0));
        assertSame(m4, loaded.getScenarios().get(0).getRproc());
        assertEquals(Long.valueOf(0), m4.daOf(0x38000000L));
        assertNull(m4.daOf(0x10000000L));
    }

    @Test
    void fileIsReadable() throws Exception {
        String xml = new String(ModelFiles.toBytes(stm32()), StandardCharsets.UTF_8);
        assertTrue(xml.contains("address=\"0x38000000\""), xml);
        assertTrue(xml.contains("memoryRegions=\"#reserved-memory/retram@38000000\""), xml);
        assertTrue(xml.contains("rproc=\"#mlahb/m4@10000000\""), xml);
        assertTrue(xml.contains("firmware=\"#rproc-m4-fw\""), xml);
        assertFalse(xml.contains("xmi:id"), "no UUIDs");
        assertFalse(xml.contains(" id="), "the derived id is not written");
    }

    @Test
    void saveIsAtomicAndLoadGivesTheSameModel(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.bringup");
        Files.writeString(f, "old content");
        ModelFiles.save(stm32(), f);
        BringupProject loaded = ModelFiles.load(f);
        assertTrue(new EcoreUtil.EqualityHelper().equals(stm32(), loaded));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void brokenFilesGiveFormatExceptionsWithTheLine() throws Exception {
        byte[] good = ModelFiles.toBytes(stm32());
        String text = new String(good, StandardCharsets.UTF_8);
        FormatException e = assertThrows(FormatException.class,
                () -> ModelFiles.fromBytes(text.substring(0, text.length() / 2).getBytes(StandardCharsets.UTF_8), "cut.bringup"));
        assertTrue(e.getMessage().contains("cut.bringup"), e.getMessage());
        assertThrows(FormatException.class, () -> ModelFiles.fromBytes(
                text.replace("#reserved-memory/retram@38000000", "#reserved-memory/nowhere").getBytes(StandardCharsets.UTF_8), "dangling.bringup"));
        FormatException bad = assertThrows(FormatException.class, () -> ModelFiles.fromBytes(
                text.replace("address=\"0x38000000\"", "address=\"0xzz\"").getBytes(StandardCharsets.UTF_8), "value.bringup"));
        assertTrue(bad.getMessage().contains("line"), bad.getMessage());
        assertThrows(FormatException.class, () -> ModelFiles.fromBytes("not xml".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(FormatException.class, () -> ModelFiles.load(Path.of("/nonexistent/p.bringup")));
    }
}
