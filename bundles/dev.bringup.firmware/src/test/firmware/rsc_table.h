/*
 * Resource table layouts (version 1, as Linux include/linux/remoteproc.h and OpenAMP describe
 * them), written for the Bring-up Workbench test fixtures. Packed, in the target's byte order.
 */
#ifndef RSC_TABLE_H
#define RSC_TABLE_H

typedef unsigned int u32;
typedef unsigned char u8;

#define RSC_CARVEOUT 0
#define RSC_DEVMEM 1
#define RSC_TRACE 2
#define RSC_VDEV 3
#define FW_RSC_ADDR_ANY 0xFFFFFFFFu
#define VIRTIO_ID_RPMSG 7

struct fw_rsc_carveout {
	u32 type, da, pa, len, flags, reserved;
	u8 name[32];
} __attribute__((packed));

struct fw_rsc_trace {
	u32 type, da, len, reserved;
	u8 name[32];
} __attribute__((packed));

struct fw_rsc_vdev_vring {
	u32 da, align, num, notifyid, pa;
} __attribute__((packed));

struct fw_rsc_vdev_hdr {
	u32 type, id, notifyid, dfeatures, gfeatures, config_len;
	u8 status, num_of_vrings, reserved[2];
} __attribute__((packed));

/* OpenAMP's self-sized vendor entry: len is the size of the whole entry. */
struct fw_rsc_vendor_hdr {
	u32 type, len;
} __attribute__((packed));

#endif
