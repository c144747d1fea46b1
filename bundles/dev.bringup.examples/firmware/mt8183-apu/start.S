/*
 * MT8183 APU (Xtensa, call0 ABI): reset entry at the start of apu_code (da 0x60000000).
 * Sets the stack pointer (a1) and enters the common boot flow.
 */
	.section .text.reset, "ax"
	.global _start
	.type _start, @function
	.align 4
_start:
	j	1f
	.align 4
	.literal_position
	.literal .Lstack_top, __stack_top
	.literal .Lfw_main, fw_main
1:
	l32r	a1, .Lstack_top
	l32r	a0, .Lfw_main
	callx0	a0
2:
	j	2b
	.size _start, . - _start

	.text
	.global cpu_idle
	.type cpu_idle, @function
	.align 4
cpu_idle:
	waiti	0
	ret
	.size cpu_idle, . - cpu_idle
