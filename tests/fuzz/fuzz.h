/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer targets (tests/fuzz/fuzz_*.c).  Each target is
 * built by tests/fuzz/run.sh with clang -fsanitize=fuzzer,address,undefined
 * straight from the library sources, so the cboto__ internals are
 * reachable.  Targets use the default allocator: LeakSanitizer reports
 * anything left allocated at the end of a run.
 */
#ifndef CBOTO_FUZZ_H
#define CBOTO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The next chunk length when a body of len bytes is fed from off: taken
 * from the input itself, so the fuzzer explores split points (inside a
 * tag, a character reference, a UTF-8 sequence) without a control prefix
 * that would spoil the XML seeds. */
static inline size_t fuzz_chunk_len(const uint8_t *data, size_t len,
                                    size_t off)
{
    size_t n =
        1 +
        (size_t)((data[off] * 131u + off * 7u + data[len - 1 - off]) % 61u);

    return n < len - off ? n : len - off;
}

/* A broken invariant the sanitizers would not see: abort so libFuzzer
 * keeps the input. */
#define FUZZ_CHECK(c)                                                         \
    do {                                                                      \
        if (!(c)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,  \
                    #c);                                                      \
            abort();                                                          \
        }                                                                     \
    } while (0)

#endif /* CBOTO_FUZZ_H */
