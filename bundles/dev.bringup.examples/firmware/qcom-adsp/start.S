/*
 * Qualcomm ADSP (Hexagon): entry at the start of the code segment. Sets the stack pointer
 * (r29) and enters the common boot flow.
 */
	.section .text.start, "ax", @progbits
	.global _start
	.type _start, @function
	.p2align 4
_start:
	r29 = ##__stack_top
	call fw_main
1:
	jump 1b
	.size _start, . - _start

	.text
	.global cpu_idle
	.type cpu_idle, @function
	.p2align 4
cpu_idle:
	pause(#255)
	jumpr r31
	.size cpu_idle, . - cpu_idle
