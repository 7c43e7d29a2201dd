/* SPDX-License-Identifier: MIT */
/*
 * Spare blocks: the big blocks of a parsed result (a list page's string
 * pool and object array), given back when its response goes and handed to
 * the next result of the same client.
 *
 * A 1,000-key page holds some 190 KiB in half a dozen blocks.  Freed
 * together they leave more than glibc's trim threshold free at the top of
 * the heap, so free() returns those pages to the kernel and the next page
 * faults every one of them back in: some forty page faults a page, which
 * cost more CPU than the whole parse saves over the bare libcurl + libxml2
 * floor (issue 8).  A library may not set the process's malloc tunables,
 * so it keeps the blocks itself.
 *
 * The bound is SPARE_MAX_BYTES in at most SPARE_MAX_BLOCKS blocks: room
 * for one page's blocks with keys of up to a few hundred bytes, which is
 * all a pager or a loop over pages ever gives back before it asks again.
 * Blocks under SPARE_MIN_BLOCK are not kept: malloc's bins recycle those
 * without going to the kernel.  What is held goes with the client.
 *
 * The client is shared between threads and responses are released on any
 * thread, so the list has its own mutex; a page takes and gives back a
 * handful of blocks, so it is held for a few instructions at a time.
 */
#include <string.h>

#include "internal.h"

#define SPARE_MAX_BYTES  ((size_t)512 * 1024)
#define SPARE_MAX_BLOCKS 16u
#define SPARE_MIN_BLOCK  ((size_t)4096)

/* Written over the first bytes of a block while it waits. */
struct cboto__spare_block {
    struct cboto__spare_block *next;
    size_t cap;
};

int cboto__spare_init(struct cboto__spare *sp, const struct cboto_allocator *a)
{
    memset(sp, 0, sizeof *sp);
    sp->a = a;
    if (pthread_mutex_init(&sp->lock, NULL) != 0)
        return CBOTO_ENOMEM;
    return CBOTO_OK;
}

void cboto__spare_cleanup(struct cboto__spare *sp)
{
    struct cboto__spare_block *b = sp->head, *next;

    for (; b; b = next) {
        next = b->next;
        cboto__free(sp->a, b);
    }
    sp->head = NULL;
    sp->bytes = 0;
    sp->blocks = 0;
    pthread_mutex_destroy(&sp->lock);
}

void *cboto__spare_take(struct cboto__spare *sp,
                        const struct cboto_allocator *a, size_t min,
                        size_t *cap)
{
    struct cboto__spare_block **pp, **best = NULL, *b = NULL;
    void *p;

    if (sp) {
        a = sp->a;
        pthread_mutex_lock(&sp->lock);
        /* The smallest that fits, so a small result does not sit on the
         * block the next big page needs. */
        for (pp = &sp->head; *pp; pp = &(*pp)->next)
            if ((*pp)->cap >= min && (!best || (*pp)->cap < (*best)->cap))
                best = pp;
        if (best) {
            b = *best;
            *best = b->next;
            sp->bytes -= b->cap;
            sp->blocks--;
        }
        pthread_mutex_unlock(&sp->lock);
        if (b) {
            *cap = b->cap;
            return b;
        }
    }
    p = cboto__alloc(a, min);
    if (p)
        *cap = min;
    return p;
}

void cboto__spare_give(struct cboto__spare *sp,
                       const struct cboto_allocator *a, void *p, size_t cap)
{
    struct cboto__spare_block *b = p;
    int kept = 0;

    if (!p)
        return;
    if (sp && cap >= SPARE_MIN_BLOCK && cap <= SPARE_MAX_BYTES) {
        pthread_mutex_lock(&sp->lock);
        /* Full: the newcomer goes, the blocks already waiting stay. */
        if (sp->blocks < SPARE_MAX_BLOCKS &&
            cap <= SPARE_MAX_BYTES - sp->bytes) {
            b->cap = cap;
            b->next = sp->head;
            sp->head = b;
            sp->bytes += cap;
            sp->blocks++;
            kept = 1;
        }
        pthread_mutex_unlock(&sp->lock);
    }
    if (!kept)
        cboto__free(sp ? sp->a : a, p);
}

size_t cboto__spare_held(struct cboto__spare *sp, size_t *blocks)
{
    size_t bytes;

    pthread_mutex_lock(&sp->lock);
    bytes = sp->bytes;
    if (blocks)
        *blocks = sp->blocks;
    pthread_mutex_unlock(&sp->lock);
    return bytes;
}

size_t cboto__spare_max_bytes(void)
{
    return SPARE_MAX_BYTES;
}
