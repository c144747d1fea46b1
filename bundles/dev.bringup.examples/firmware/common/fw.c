/*
 * The boot flow of every image: clear .bss, write where the table is into the trace, wait until
 * the host has set DRIVER_OK in the rpmsg vdev's status, write the vring addresses the host
 * chose (or kept), then idle. The host side (a Linux remoteproc driver, or the workbench)
 * can follow each step in the trace buffer.
 */
#include "fw.h"
#include "rsc_table.h"
#include "trace.h"

/* where the boot flow is, for a debugger or a coredump: initialised data, so every image has a
 * .data section the loader copies (not only zero-filled memory) */
const char *volatile fw_state = "reset";

static void clear_bss(void)
{
	volatile char *p;

	for (p = __bss_start; p < __bss_end; p++)
		*p = 0;
}

static void trace_line_start(void)
{
	trace_puts(fw_image.name);
	trace_puts(": ");
}

void fw_main(void)
{
	clear_bss();
	fw_state = "booting";
	trace_init(fw_image.trace, fw_image.trace_len);

	trace_line_start();
	trace_puts("up, resource table ");
	trace_puts(fw_image.table_format);
	if (fw_image.table) {
		trace_puts(" at ");
		trace_hex32((uint32_t)(uintptr_t)fw_image.table);
	}
	trace_putc('\n');

	if (fw_image.vdev_status) {
		fw_state = "waiting for DRIVER_OK";
		while (!(*fw_image.vdev_status & VIRTIO_CONFIG_S_DRIVER_OK))
			cpu_idle();
		trace_line_start();
		trace_puts("vdev0 DRIVER_OK, vring0 da ");
		trace_hex32(*fw_image.vring_da[0]);
		trace_puts(", vring1 da ");
		trace_hex32(*fw_image.vring_da[1]);
		trace_putc('\n');
	}

	fw_state = "idle";
	trace_line_start();
	trace_puts("idle\n");
	for (;;)
		cpu_idle();
}
