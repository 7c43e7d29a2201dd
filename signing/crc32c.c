/* SPDX-License-Identifier: MIT */
/*
 * CRC32C (Castagnoli), for x-amz-checksum-crc32c.  x86-64 CPUs since
 * Nehalem compute it with one instruction per 8 bytes (SSE4.2), about 20
 * times the speed of the table below; the CPU is asked once at run time,
 * so one binary runs everywhere.  Both paths are tested against the same
 * vectors (tests/unit/test_s3_checksum.c).
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"

uint32_t cboto__crc32c_sw(uint32_t crc, const void *p, size_t n);
uint32_t cboto__crc32c_hw(uint32_t crc, const void *p, size_t n);
int cboto__crc32c_hw_available(void);

/* Half-byte table: 64 bytes, small enough to stay in L1 next to the
 * data, and still several times faster than bit by bit. */
static const uint32_t s_crc32c_nib[16] = {
    0x00000000u, 0x105EC76Fu, 0x20BD8EDEu, 0x30E349B1u,
    0x417B1DBCu, 0x5125DAD3u, 0x61C69362u, 0x7198540Du,
    0x82F63B78u, 0x92A8FC17u, 0xA24BB5A6u, 0xB21572C9u,
    0xC38D26C4u, 0xD3D3E1ABu, 0xE330A81Au, 0xF36E6F75u};

uint32_t cboto__crc32c_sw(uint32_t crc, const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i;

    crc = ~crc;
    for (i = 0; i < n; i++) {
        crc ^= b[i];
        crc = (crc >> 4) ^ s_crc32c_nib[crc & 15];
        crc = (crc >> 4) ^ s_crc32c_nib[crc & 15];
    }
    return ~crc;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>

__attribute__((target("sse4.2"))) uint32_t
cboto__crc32c_hw(uint32_t crc, const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t c = ~crc;

    while (n && ((uintptr_t)b & 7)) {
        c = _mm_crc32_u8((uint32_t)c, *b++);
        n--;
    }
    while (n >= 8) {
        uint64_t w;

        memcpy(&w, b, 8); /* aligned above; memcpy keeps UBSan quiet */
        c = _mm_crc32_u64(c, w);
        b += 8;
        n -= 8;
    }
    while (n--)
        c = _mm_crc32_u8((uint32_t)c, *b++);
    return ~(uint32_t)c;
}

int cboto__crc32c_hw_available(void)
{
    /* __builtin_cpu_supports initialises itself (GCC >= 6, clang). */
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}
#else
uint32_t cboto__crc32c_hw(uint32_t crc, const void *p, size_t n)
{
    return cboto__crc32c_sw(crc, p, n);
}

int cboto__crc32c_hw_available(void)
{
    return 0;
}
#endif

uint32_t cboto__crc32c(uint32_t crc, const void *p, size_t n)
{
    /* Every thread computes the same answer; relaxed atomics make the
     * lazy store well defined. */
    static int s_hw = -1;
    int hw = __atomic_load_n(&s_hw, __ATOMIC_RELAXED);

    if (hw < 0) {
        hw = cboto__crc32c_hw_available();
        __atomic_store_n(&s_hw, hw, __ATOMIC_RELAXED);
    }
    return hw ? cboto__crc32c_hw(crc, p, n) : cboto__crc32c_sw(crc, p, n);
}
