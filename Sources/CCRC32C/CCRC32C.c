// CRC-32C with the SSE4.2 `crc32` instruction. Three independent streams over the three thirds of each
// large block hide the instruction's 3-cycle latency; the streams are joined with the carry-less
// "shift by N bytes" operation done in software (a 32x32 GF(2) matrix applied by table, built once).
// Results are bit-identical to the slicing-by-8 software CRC (tested against it).
#include "CCRC32C.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

int hs_crc32c_hw_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

// Advancing a raw CRC state over BLOCK zero bytes is a linear map (a 32x32 GF(2) matrix, built by squaring
// the one-zero-bit map as zlib's crc32_combine does); applied through four 256-entry tables, one per state byte.
#define POLY 0x82F63B78u
#define BLOCK 8192u  // bytes per stream per round (3 streams = 24 KiB rounds)

static uint32_t gf2_times(const uint32_t *mat, uint32_t vec) {
    uint32_t sum = 0;
    while (vec) {
        if (vec & 1) sum ^= *mat;
        vec >>= 1;
        mat++;
    }
    return sum;
}

static void gf2_square(uint32_t *square, const uint32_t *mat) {
    for (int n = 0; n < 32; n++) square[n] = gf2_times(mat, mat[n]);
}

static uint32_t shift_table[4][256];
static int shift_ready = 0;

static void build_shift_table(void) {
    // Operator for BLOCK zero bytes, computed by repeated squaring of the one-bit operator.
    uint32_t op[32], tmp[32];
    op[0] = POLY;
    uint32_t row = 1;
    for (int n = 1; n < 32; n++) {
        op[n] = row;
        row <<= 1;
    }
    // op = 1 zero bit; square log2(8 * BLOCK) times.
    size_t bits = 8u * BLOCK;
    while (bits > 1) {
        gf2_square(tmp, op);
        memcpy(op, tmp, sizeof(op));
        bits >>= 1;
    }
    for (int b = 0; b < 4; b++)
        for (uint32_t v = 0; v < 256; v++) shift_table[b][v] = gf2_times(op, v << (8 * b));
    __atomic_store_n(&shift_ready, 1, __ATOMIC_RELEASE);
}

static inline uint32_t shift_block(uint32_t crc) {
    return shift_table[0][crc & 0xFF] ^ shift_table[1][(crc >> 8) & 0xFF] ^ shift_table[2][(crc >> 16) & 0xFF] ^
           shift_table[3][crc >> 24];
}

__attribute__((target("sse4.2"))) static uint64_t crc_run(uint64_t c, const unsigned char *p, size_t n) {
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        c = _mm_crc32_u64(c, w);
        p += 8;
        n -= 8;
    }
    while (n--) c = _mm_crc32_u8((uint32_t)c, *p++);
    return c;
}

__attribute__((target("sse4.2"))) uint32_t hs_crc32c_hw(uint32_t crc, const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t c0 = (uint32_t)~crc;
    if (n >= 3 * BLOCK) {
        if (!__atomic_load_n(&shift_ready, __ATOMIC_ACQUIRE)) build_shift_table();  // idempotent, racy-safe
        while (n >= 3 * BLOCK) {
            uint64_t c1 = 0, c2 = 0;
            const unsigned char *p1 = p + BLOCK, *p2 = p + 2 * BLOCK;
            for (size_t i = 0; i < BLOCK; i += 8) {
                uint64_t w0, w1, w2;
                memcpy(&w0, p + i, 8);
                memcpy(&w1, p1 + i, 8);
                memcpy(&w2, p2 + i, 8);
                c0 = _mm_crc32_u64(c0, w0);
                c1 = _mm_crc32_u64(c1, w1);
                c2 = _mm_crc32_u64(c2, w2);
            }
            // The raw (uninverted) CRC register is linear: state after A||B = shift(state after A) ^ state of B
            // started from 0.
            c0 = shift_block((uint32_t)c0) ^ c1;
            c0 = shift_block((uint32_t)c0) ^ c2;
            p += 3 * BLOCK;
            n -= 3 * BLOCK;
        }
    }
    c0 = crc_run(c0, p, n);
    return ~(uint32_t)c0;
}

#else

int hs_crc32c_hw_available(void) { return 0; }
uint32_t hs_crc32c_hw(uint32_t crc, const void *p, size_t n) {
    (void)p;
    (void)n;
    return crc;
}

#endif
