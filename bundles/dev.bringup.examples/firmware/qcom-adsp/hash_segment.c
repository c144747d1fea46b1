/*
 * Room for the hash segment of the PAS image (program header 1, PT_NULL, p_flags 0x02200000).
 * build.sh fills it after linking, the way Qualcomm's signing tools do, as an MBN version 6
 * hash table segment without signature or certificate chain:
 *
 *   12 x u32 header: image_id 0, version 6, signature_size_qcom 0, cert_chain_size_qcom 0,
 *                    total_size, hash_size, signature_addr 0xffffffff, signature_size 0,
 *                    cert_chain_addr 0xffffffff, cert_chain_size 0, metadata_size_qcom 0,
 *                    metadata_size 120
 *   120 bytes metadata (zero)
 *   one SHA-384 per program header: [0] the ELF header and program headers, [1] zero (this
 *   segment), [2..] each segment's file bytes
 *
 * 48 + 120 + 4 * 48 = 360 bytes for the 4 program headers of sa8775p-adsp.ld.
 */
#define QCOM_HASH_SEGMENT_SIZE (48 + 120 + 4 * 48)

__attribute__((section(".hash_segment"), used, aligned(4096)))
const unsigned char qcom_hash_segment[QCOM_HASH_SEGMENT_SIZE] = { 0 };
