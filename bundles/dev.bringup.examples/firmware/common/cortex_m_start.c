/*
 * Cortex-M start: the vector table (initial SP, reset and the fault handlers) at the start of
 * the image's code, the reset handler, and the idle instruction.
 */
#include <stdint.h>
#include "fw.h"

extern char __stack_top[];

void Reset_Handler(void) __attribute__((noreturn));
void Default_Handler(void) __attribute__((noreturn));

void Reset_Handler(void)
{
	fw_main();
}

void Default_Handler(void)
{
	for (;;)
		cpu_idle();
}

void cpu_idle(void)
{
	__asm__ volatile ("wfi");
}

/* ARMv7-M: 16 system vectors; the core reads SP from word 0, the reset address from word 1 */
__attribute__((section(".vectors"), used))
void (*const vectors[16])(void) = {
	(void (*)(void))__stack_top,
	Reset_Handler,
	Default_Handler,   /* NMI */
	Default_Handler,   /* HardFault */
	Default_Handler,   /* MemManage */
	Default_Handler,   /* BusFault */
	Default_Handler,   /* UsageFault */
	0, 0, 0, 0,
	Default_Handler,   /* SVCall */
	Default_Handler,   /* DebugMonitor */
	0,
	Default_Handler,   /* PendSV */
	Default_Handler,   /* SysTick */
};
