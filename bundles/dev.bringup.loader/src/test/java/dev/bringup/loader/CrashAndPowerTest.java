package dev.bringup.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfHeader;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.Soc;

/** Crash handling and recovery with a coredump, an MMU fault through the core's domain, and the remoteproc API. */
class CrashAndPowerTest {

    @Test
    void theRpmsgBuffersComeFromVdev0bufferAtItsBaseAndAgainAfterRecovery() throws Exception {
        // vdev0buffer@10042000 is 16 KiB but not 16 KiB aligned: the device's coherent pool
        // (the simulation's own) aligns within the pool, as bitmap_find_free_region() does
        Soc soc = TestFiles.exampleSoc("stm32mp157-m4.dtb");
        BootRequest r = BootRequest.builder(soc, "m4", new BootRequest.FromExample("stm32mp157-m4.elf"))
                .then(new RemoteAction.Crash(CrashType.WATCHDOG, null)).build();
        try (BootSession s = BootSession.open(r)) {
            s.resume();
            assertEquals(RprocState.RUNNING, s.state());
            String placed = "rpmsg buffers of 512 bytes at pa 0x10042000 (da 0x10042000)";
            List<String> notes = s.steps().stream().flatMap(step -> step.notes().stream()).toList();
            assertEquals(2, notes.stream().filter(n -> n.contains(placed)).count(), notes::toString);
        }
    }

    @Test
    void aWatchdogCrashIsRecoveredWithAValidElfCoreFile() throws Exception {
        Soc soc = TestFiles.exampleSoc("stm32mp157-m4.dtb");
        BootRequest r = BootRequest.builder(soc, "m4", new BootRequest.FromExample("stm32mp157-m4.elf"))
                .then(new RemoteAction.Trace("about to stop")).then(new RemoteAction.Crash(CrashType.WATCHDOG, null)).build();
        try (BootSession s = BootSession.open(r)) {
            s.resume();
            List<String> log = TestFiles.lines(s);
            int crash = log.indexOf("remoteproc remoteproc0: crash detected in m4: type watchdog");
            assertTrue(crash > 0, log::toString);
            List<String> after = log.subList(crash, log.size());
            assertEquals(List.of("remoteproc remoteproc0: crash detected in m4: type watchdog",
                    "remoteproc remoteproc0: handling crash #1 in m4", "remoteproc remoteproc0: recovering m4",
                    "remoteproc remoteproc0: stopped remote processor m4",
                    " remoteproc0#vdev0buffer: assigned reserved memory node vdev0buffer@10042000",
                    " remoteproc0#vdev0buffer: registered virtio1 (type 7)",
                    "remoteproc remoteproc0: remote processor m4 is now up",
                    "virtio_rpmsg_bus virtio1: rpmsg host is online"), after);
            assertEquals(RprocState.RUNNING, s.state());
            assertEquals(1, s.coreDumps().size());
            byte[] core = s.coreDumps().get(0);
            try (ElfFile elf = ElfFile.of(core, "core")) {
                ElfHeader h = elf.header();
                assertEquals(4, h.e_type(), "ET_CORE");
                assertEquals(ElfHeader.EM_ARM, h.e_machine());
                assertEquals(0x45, h.e_entry());
                List<ElfProgramHeader> loads = elf.programHeaders();
                // stm32_rproc makes each memory-region but vdev0buffer a dump segment
                assertEquals(List.of(0L, 0x30000000L, 0x10000000L, 0x10040000L, 0x10041000L),
                        loads.stream().map(ElfProgramHeader::p_paddr).toList());
                for (ElfProgramHeader p : loads) {
                    assertEquals(ElfProgramHeader.PT_LOAD, p.p_type());
                    assertEquals(p.p_vaddr(), p.p_paddr());
                    assertEquals(p.p_filesz(), p.p_memsz());
                    assertEquals(7, p.p_flags(), "PF_R | PF_W | PF_X");
                }
                // the RETRAM segment holds what was loaded there, as it was at the crash
                byte[] code = elf.segmentBytes(loads.get(0), 0x268);
                try (ElfFile fw = ElfFile.open(TestFiles.exampleImage("stm32mp157-m4.elf"))) {
                    assertArrayEquals(fw.segmentBytes(fw.programHeaders().get(0), 0x268), code);
                }
                // and trace0 at da 0x10001000 (in mcuram2) still has the firmware's last words
                ElfProgramHeader mcuram2 = loads.get(2);
                String trace = new String(elf.read(mcuram2.p_offset() + 0x1000, 13), java.nio.charset.StandardCharsets.US_ASCII);
                assertEquals("about to stop", trace);
            }
        }
    }

    @Test
    void anMmuFaultGoesThroughTheCoresFaultHandlerIntoRecovery() throws Exception {
        BootRequest r = Scenarios.require("sa8775p-adsp-kvm").request(null);
        BootRequest withFault = BootRequest.builder(r.soc(), "adsp", r.firmware())
                .then(new RemoteAction.Write(0x10000000L, new byte[] { 1, 2, 3, 4 }, null)).build();
        try (BootSession s = BootSession.open(withFault)) {
            s.resume();
            List<String> log = TestFiles.lines(s);
            int fault = log.indexOf("(NULL device *): iommu fault: da 0x10000000 flags 0x1");
            assertTrue(fault > 0, "arm-smmu reports with a NULL device: " + log);
            // rproc_iommu_fault reports the crash and returns -ENOSYS, so arm-smmu then prints its own lines
            assertEquals("remoteproc remoteproc0: crash detected in adsp: type mmufault", log.get(fault + 1));
            assertTrue(log.get(fault + 2).startsWith("arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402,"
                    + " iova=0x10000000"), log.get(fault + 2));
            assertTrue(log.contains("remoteproc remoteproc0: handling crash #1 in adsp"));
            assertEquals(RprocState.RUNNING, s.state(), "recovered");
            assertEquals(1, s.coreDumps().size());
            assertEquals(-14, s.error().errno());
        }
    }

    @Test
    void theRecoveryCanBeTurnedOff() throws Exception {
        Soc soc = TestFiles.exampleSoc("stm32mp157-m4.dtb");
        BootRequest r = BootRequest.builder(soc, "m4", new BootRequest.FromExample("stm32mp157-m4.elf")).recovery(false)
                .then(new RemoteAction.Crash(CrashType.WATCHDOG, null)).build();
        try (BootSession s = BootSession.open(r)) {
            s.resume();
            assertEquals(RprocState.CRASHED, s.state());
            assertTrue(s.coreDumps().isEmpty());
        }
    }

    @Test
    void powerIsReferenceCounted() throws Exception {
        try (BootSession s = BootSession.open(Scenarios.require("stm32mp157-m4").request(null))) {
            s.resume();
            Remoteproc rp = s.remoteproc();
            assertEquals(1, rp.power());
            assertEquals(0, rp.boot(), "already up: only the reference count moves");
            assertEquals(2, rp.power());
            assertEquals(0, rp.shutdown());
            assertEquals(RprocState.RUNNING, rp.state(), "boot twice, shut down once: still running");
            assertEquals(1, rp.power());
            assertEquals(0, rp.shutdown());
            assertEquals(RprocState.OFFLINE, rp.state());
            assertTrue(TestFiles.lines(s).contains("remoteproc remoteproc0: stopped remote processor m4"));
            assertTrue(rp.carveouts().isEmpty(), "the carveouts were released");
            assertEquals(-22, rp.shutdown(), "shutting down an offline processor is an error");
            assertEquals(0, rp.boot(), "and it boots again");
            assertEquals(RprocState.RUNNING, rp.state());
            s.resume(); // the deferred work (rpmsg probe) the boot queued
            // replaying the commands gives the same session
            int position = s.position();
            assertTrue(s.stepBack());
            s.resume();
            assertEquals(position, s.position());
            assertEquals(RprocState.RUNNING, s.state());
        }
    }

    @Test
    void getByNamePutUnregister() throws Exception {
        try (BootSession s = BootSession.open(Scenarios.require("mt8183-apu").request(BootStrategy.RESERVED_REGION))) {
            assertEquals(List.of("10500000.scp", "19100000.apu"), s.remoteprocs().stream().map(Remoteproc::name).toList());
            Remoteproc scp = s.getByName("10500000.scp");
            assertNotNull(scp);
            assertEquals(2, scp.refcount());
            scp.put();
            assertEquals(1, scp.refcount());
            Remoteproc apu = s.remoteproc();
            assertEquals(0, apu.unregister());
            assertEquals(RprocState.DELETED, apu.state());
            assertEquals(-19, apu.boot(), "-ENODEV");
            assertTrue(TestFiles.lines(s).contains("remoteproc remoteproc1: can't boot deleted rproc 19100000.apu"));
        }
    }
}
