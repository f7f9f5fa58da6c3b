#ifndef HINDSIGHT_CCRC32C_H
#define HINDSIGHT_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when this CPU has a CRC-32C instruction hs_crc32c_hw can use (x86-64 SSE4.2), else 0.
int hs_crc32c_hw_available(void);

/// CRC-32C (Castagnoli) of `n` bytes at `p`, continuing from `crc` (0 to start), with the same
/// pre/post inversion convention as the Swift software version. Only call when hs_crc32c_hw_available().
uint32_t hs_crc32c_hw(uint32_t crc, const void *p, size_t n);

#ifdef __cplusplus
}
#endif

#endif
