/* SPDX-License-Identifier: MIT */
/*
 * A bump allocator for memory that dies all at once: the wire message of
 * one attempt (names, values, the URL, signing scratch, curl's header
 * list) and the headers of one response.  A signed request used to cost
 * some eighty malloc/free pairs; with this it costs none on the common
 * path, because the first block lives inside the owning object.
 *
 * It is an ordinary struct cboto_allocator, so the kvlist, buffer and
 * signing code run on it unchanged: dealloc is a no-op (except for the
 * newest allocation, which is given back), and resize grows the newest
 * allocation in place when its block has room.  Blocks beyond the first
 * come from the parent allocator, so allocation failures still surface
 * as CBOTO_ENOMEM where tests can count them.
 */
#include <string.h>

#include "internal.h"

#define ARENA_ALIGN     16u
#define ARENA_MIN_BLOCK 8192u

struct cboto__arena_block {
    struct cboto__arena_block *next;
    size_t cap;
    size_t used;
    /* The data follows, at the next ARENA_ALIGN boundary. */
};

static size_t align_up(size_t n)
{
    return (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1);
}

static uint8_t *block_data(struct cboto__arena_block *b)
{
    return (uint8_t *)b + align_up(sizeof *b);
}

static void *arena_alloc(void *ctx, size_t n)
{
    struct cboto__arena *ar = ctx;
    struct cboto__arena_block *b = ar->head;
    size_t need = align_up(n ? n : 1);
    void *p;

    if (need < n) /* overflow */
        return NULL;
    if (!b || b->cap - b->used < need) {
        size_t cap = need > ARENA_MIN_BLOCK ? need : ARENA_MIN_BLOCK;
        size_t hdr = align_up(sizeof *b);

        if (cap > SIZE_MAX - hdr)
            return NULL;
        b = cboto__alloc(ar->parent, hdr + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = ar->head;
        ar->head = b;
    }
    p = block_data(b) + b->used;
    b->used += need;
    ar->last = p;
    return p;
}

static void *arena_resize(void *ctx, void *p, size_t old_n, size_t new_n)
{
    struct cboto__arena *ar = ctx;
    struct cboto__arena_block *b = ar->head;
    void *np;

    if (p == ar->last && b) {
        size_t off = (size_t)((uint8_t *)p - block_data(b));
        size_t need = align_up(new_n ? new_n : 1);

        if (need >= new_n && need <= b->cap - off) {
            b->used = off + need;
            return p;
        }
    }
    if (new_n <= old_n)
        return p;
    np = arena_alloc(ctx, new_n);
    if (np && old_n)
        memcpy(np, p, old_n);
    return np;
}

static void arena_dealloc(void *ctx, void *p)
{
    struct cboto__arena *ar = ctx;
    struct cboto__arena_block *b = ar->head;

    /* Scratch buffers are often freed right after use: give the newest
     * allocation back so the next one reuses its bytes. */
    if (p == ar->last && b) {
        b->used = (size_t)((uint8_t *)p - block_data(b));
        ar->last = NULL;
    }
}

void cboto__arena_init(struct cboto__arena *ar,
                       const struct cboto_allocator *parent, void *first,
                       size_t first_size)
{
    memset(ar, 0, sizeof *ar);
    ar->al.alloc = arena_alloc;
    ar->al.resize = arena_resize;
    ar->al.dealloc = arena_dealloc;
    ar->al.ctx = ar;
    ar->parent = parent;
    /* The caller's buffer becomes the first block when it can hold a
     * block header and something useful after it. */
    if (first && first_size >= align_up(sizeof(struct cboto__arena_block)) +
                                   ARENA_ALIGN) {
        uintptr_t at = ((uintptr_t)first + (ARENA_ALIGN - 1)) &
                       ~(uintptr_t)(ARENA_ALIGN - 1);
        size_t lost = (size_t)(at - (uintptr_t)first);
        struct cboto__arena_block *b = (struct cboto__arena_block *)at;

        b->next = NULL;
        b->cap = (first_size - lost - align_up(sizeof *b)) &
                 ~(size_t)(ARENA_ALIGN - 1);
        b->used = 0;
        ar->head = b;
        ar->first = b;
    }
}

void cboto__arena_reset(struct cboto__arena *ar)
{
    struct cboto__arena_block *b = ar->head, *next;

    while (b && b != ar->first) {
        next = b->next;
        cboto__free(ar->parent, b);
        b = next;
    }
    ar->head = ar->first;
    if (ar->first)
        ar->first->used = 0;
    ar->last = NULL;
}

void cboto__arena_cleanup(struct cboto__arena *ar)
{
    cboto__arena_reset(ar);
}
