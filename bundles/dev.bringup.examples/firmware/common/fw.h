/*
 * The boot flow every image shares (fw.c) and what each image provides to it.
 */
#ifndef BRINGUP_FW_H
#define BRINGUP_FW_H

#include <stdint.h>

/* what one image is: each image's table file defines `fw_image` */
struct fw_image {
	const char *name;               /* printed first in the trace */
	const char *table_format;       /* "v1", "2011" or "none" */
	const void *table;              /* the table as loaded (NULL: none) */
	char *trace;                    /* trace buffer, the one a TRACE entry announces */
	uint32_t trace_len;
	const volatile uint8_t *vdev_status;      /* NULL: no vdev */
	const volatile uint32_t *vring_da[2];     /* where the host writes/keeps each vring's da */
};

extern const struct fw_image fw_image;

/* from each linker script: the trace buffer and .bss, zeroed by fw_main (the stack is outside) */
extern char __bss_start[], __bss_end[];

/* the processor's low-power wait, one per architecture (start code of each image) */
void cpu_idle(void);

/* entered from the reset code with a stack: never returns */
void fw_main(void) __attribute__((noreturn));

#endif
