package dev.bringup.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bringup.iommu.IommuEvent;
import dev.bringup.model.BootStrategy;

/** Stepping a boot: the kernel's order, breakpoints, step back, reset, listeners. */
class BootSessionTest {

    private static BootSession stm32() throws Exception {
        return BootSession.open(Scenarios.require("stm32mp157-m4").request(null));
    }

    @Test
    void theBootRunsInTheKernelsOrderOneStepAtATime() throws Exception {
        try (BootSession s = stm32()) {
            assertEquals("rproc_boot", s.nextStep());
            assertEquals(0, s.position());
            List<String> names = new ArrayList<>();
            BootStep st;
            while ((st = s.step()) != null && names.size() < 15) {
                names.add(st.name());
            }
            assertEquals(List.of("rproc_boot", "request_firmware", "rproc_fw_sanity_check", "rproc_enable_iommu",
                    "rproc_prepare_device", "rproc_get_boot_addr", "rproc_parse_fw", "rproc_handle_resources",
                    "rproc_alloc_registered_carveouts", "rproc_load_segments", "rproc_find_loaded_rsc_table",
                    "rproc_prepare_subdevices", "ops->start", "rproc_start_subdevices", "rpmsg_probe"), names);
            BootStep load = s.steps().get(9);
            assertFalse(load.writes().isEmpty(), "loading writes memory");
            assertTrue(load.writes().stream().anyMatch(w -> w.pa() == 0x38000000L && w.da() == 0),
                    "segment 0 (p_paddr 0x0) lands in RETRAM at pa 0x38000000: " + load.writes());
            BootStep up = s.steps().get(13);
            assertEquals(RprocState.RUNNING, up.state());
            assertEquals("remoteproc remoteproc0: remote processor m4 is now up", up.log().get(up.log().size() - 1).line());
            assertEquals(RprocState.OFFLINE, s.steps().get(12).state(), "not up before the subdevices start");
        }
    }

    @Test
    void aStepBreakpointStopsBeforeTheStep() throws Exception {
        try (BootSession s = stm32()) {
            s.addBreakpoint(new Breakpoint.AtStep("rproc_load_segments"));
            List<BootStep> ran = s.resume();
            assertEquals(9, ran.size());
            assertEquals("rproc_load_segments", s.nextStep());
            assertNotNull(s.lastHit());
            List<BootStep> more = s.resume();
            assertFalse(more.isEmpty(), "resuming from the breakpoint runs on");
            assertEquals("rproc_load_segments", more.get(0).name());
        }
    }

    @Test
    void aWriteBreakpointStopsAfterTheStepThatWroteTheRange() throws Exception {
        try (BootSession s = stm32()) {
            s.addBreakpoint(new Breakpoint.OnWrite(0x38000000L, 0x10));
            s.resume();
            BreakpointHit hit = s.lastHit();
            assertNotNull(hit);
            assertEquals("rproc_load_segments", s.steps().get(hit.stepIndex()).name());
            assertEquals(hit.stepIndex() + 1, s.position());
        }
    }

    @Test
    void aMapBreakpointAndAFaultBreakpoint() throws Exception {
        try (BootSession s = BootSession.open(Scenarios.require("mt8183-apu").request(BootStrategy.DMA_API))) {
            s.addBreakpoint(new Breakpoint.OnMap(Breakpoint.Space.IOVA, 0xfff00000L, 0x1000));
            s.addBreakpoint(new Breakpoint.OnFault());
            s.resume();
            assertEquals("rproc_alloc_registered_carveouts", s.steps().get(s.lastHit().stepIndex()).name(),
                    "dma_alloc_coherent maps its IOVA there");
            s.resume();
            assertEquals("remote: fetch", s.steps().get(s.lastHit().stepIndex()).name());
            assertTrue(s.lastHit().what().contains("translation fault"), s.lastHit().what());
        }
    }

    @Test
    void stepBackReplaysToTheSameStateAsSteppingFresh() throws Exception {
        try (BootSession a = stm32(); BootSession b = stm32()) {
            for (int i = 0; i < 12; i++) {
                a.step();
            }
            assertTrue(a.stepBack());
            assertEquals(11, a.position());
            for (int i = 0; i < 11; i++) {
                b.step();
            }
            assertEquals(TestFiles.lines(b), TestFiles.lines(a));
            assertEquals(b.carveouts(), a.carveouts());
            assertEquals(b.nextStep(), a.nextStep());
            assertArrayEquals(b.readPa(0x10000000L, 0x1000), a.readPa(0x10000000L, 0x1000));
            assertEquals(b.steps().stream().map(BootStep::name).toList(), a.steps().stream().map(BootStep::name).toList());
            // and forward again gives what a straight run gives
            a.resume();
            b.resume();
            assertEquals(TestFiles.lines(b), TestFiles.lines(a));
            assertArrayEquals(b.readDa(0, 0x268), a.readDa(0, 0x268));
        }
    }

    @Test
    void resetGoesBackToBeforeTheFirstStep() throws Exception {
        try (BootSession s = stm32()) {
            s.resume();
            assertEquals(RprocState.RUNNING, s.state());
            List<String> first = TestFiles.lines(s);
            s.reset();
            assertEquals(0, s.position());
            assertEquals(RprocState.OFFLINE, s.state());
            assertEquals("rproc_boot", s.nextStep());
            assertArrayEquals(new byte[16], s.readPa(0x38000000L, 16), "memory is fresh");
            s.resume();
            assertEquals(first, TestFiles.lines(s), "deterministic");
        }
    }

    @Test
    void runToStopsBeforeTheNamedStep() throws Exception {
        try (BootSession s = stm32()) {
            s.runTo("ops->start");
            assertEquals("ops->start", s.nextStep());
            assertEquals(RprocState.OFFLINE, s.state());
        }
    }

    @Test
    void listenersSeeEveryStepEventAndStateChange() throws Exception {
        try (BootSession s = BootSession.open(Scenarios.require("mt8183-apu").request(BootStrategy.DEDICATED_BANK))) {
            List<String> seen = new ArrayList<>();
            List<String> stepNames = new ArrayList<>();
            List<IommuEvent> events = new ArrayList<>();
            s.addListener(new BootListener() {
                @Override
                public void stepFinished(BootStep step) {
                    stepNames.add(step.name());
                }

                @Override
                public void iommuEvent(IommuEvent event) {
                    events.add(event);
                }

                @Override
                public void stateChanged(RprocState from, RprocState to) {
                    seen.add(from.kernelName() + "->" + to.kernelName());
                }
            });
            s.resume();
            assertTrue(seen.contains("offline->running"), seen::toString);
            assertEquals(s.steps().stream().map(BootStep::name).toList(), stepNames);
            assertTrue(events.stream().anyMatch(e -> e.kind() == IommuEvent.Kind.ATTACH), "the core's attach");
            assertTrue(events.stream().anyMatch(e -> e.kind() == IommuEvent.Kind.MAP && e.iova() == 0x60000000L));
            assertNull(s.error());
        }
    }

    @Test
    void aProjectsScenarioBootsWithTheDecodedImageKeptInTheModel() throws Exception {
        dev.bringup.model.Soc soc = TestFiles.exampleSoc("stm32mp157-m4.dtb");
        dev.bringup.model.Firmware fw = dev.bringup.model.BringupFactory.eINSTANCE.createFirmware();
        fw.setName("rproc-m4-fw");
        java.nio.file.Path elf = TestFiles.exampleImage("stm32mp157-m4.elf");
        try (dev.bringup.firmware.ElfFile image = dev.bringup.firmware.ElfFile.open(elf)) {
            fw.setImage(image); // what the workbench keeps after decoding; no path needed
            dev.bringup.model.BootScenario sc = dev.bringup.model.BringupFactory.eINSTANCE.createBootScenario();
            sc.setName("my boot");
            sc.setRproc(BootRequest.findProcessor(soc, "m4"));
            sc.setFirmware(fw);
            sc.setStrategy(BootStrategy.LINUX_DEFAULT);
            try (BootSession s = BootSession.open(BootRequest.of(sc))) {
                s.resume();
                assertEquals(RprocState.RUNNING, s.state(), () -> BootText.render(s));
                assertEquals("my boot", s.request().scenario());
                assertEquals("rproc-m4-fw", s.remoteproc().firmware());
            }
        }
    }
}
