/*
 * MediaTek MT8183 APU firmware of seeds 000/001: not relocatable, linked for device addresses
 * 0x60000000-0x70000000 (the window the APU may access).
 */
#ifndef MT8183_APU_H
#define MT8183_APU_H

#define APU_CODE        0x60000000u
#define APU_CODE_SIZE   0x00100000u
#define APU_DATA        0x60100000u
#define APU_DATA_SIZE   0x00300000u
#define APU_VRING       0x60400000u
#define APU_VRING_SIZE  0x00010000u

/*
 * One vring of 64 buffers with 0x1000 alignment takes 0x120e bytes (descriptors 0x400, avail
 * ring 0x86, used ring at the next 0x1000: 0x206), so the second vring starts 0x2000 after
 * the first.
 */
#define APU_VRING0      0x60400000u
#define APU_VRING1      0x60402000u
#define APU_VRING_NUM   64u
#define APU_VRING_ALIGN 0x1000u

#define APU_TRACE_SIZE  0x1000u

#endif
