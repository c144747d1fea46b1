/*
 * TI OMAP4 IPU (Cortex-M3 "Ducati") behind its OMAP IOMMU: the device addresses of the classic
 * IPU resource table. Code at da 0, data at da 0x80000000; the host allocates both carveouts
 * (pa 0) and maps them through the IOMMU; L4 peripherals are mapped at fixed da.
 */
#ifndef OMAP4_IPU_H
#define OMAP4_IPU_H

#define IPU_MEM_TEXT            0x00000000u
#define IPU_MEM_TEXT_SIZE       0x00100000u
#define IPU_MEM_DATA            0x80000000u
#define IPU_MEM_DATA_SIZE       0x00100000u
#define IPU_MEM_IPC_VRING       0xA0000000u
#define IPU_MEM_IPC_VRING_SIZE  0x00100000u
#define IPU_MEM_RPMSG_VRING0    0xA0000000u
#define IPU_MEM_RPMSG_VRING1    0xA0004000u

#define IPU_PERIPHERAL_L4CFG    0xAA000000u
#define L4_PERIPHERAL_L4CFG     0x4A000000u
#define IPU_PERIPHERAL_L4PER    0xA8000000u
#define L4_PERIPHERAL_L4PER     0x48000000u
#define L4_PERIPHERAL_SIZE      0x01000000u

#define IPU_RPMSG_VQ_SIZE       256u      /* buffers per vring */
#define IPU_RPMSG_VRING_ALIGN   0x1000u
#define IPU_TRACE_SIZE          0x8000u

#endif
