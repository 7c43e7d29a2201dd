/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_EVENT_H
#define CBOTO_EVENT_H

/*
 * The libevent executor: the asynchronous executor of <cboto/async.h>
 * driven by the caller's struct event_base.  This header and its library,
 * libcboto_event (pkg-config cboto-event), are the only parts of cboto that
 * need libevent.
 *
 * Everything in <cboto/async.h> applies: submit with a completion callback
 * (called exactly once, from inside event_base_dispatch/loop, never from
 * inside submit), cancel, and free refusing with CBOTO_EBUSY while requests
 * are pending.  The executor adds events to the base only while it has work,
 * so event_base_dispatch() returns once every request has completed (and
 * nothing else of yours is pending).
 */

#include <event2/event.h>

#include <cboto/async.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Create an executor on a libevent base.
 *
 * @param base  the caller's base; it must outlive the executor
 * @param o     options (may be NULL)
 * @param out   receives the executor; free with cboto_evexec_free()
 * @return CBOTO_OK; CBOTO_EINVAL; CBOTO_ENOMEM; CBOTO_ETRANSPORT.
 */
CBOTO_API int cboto_evexec_new(struct event_base *base,
                               const struct cboto_evexec_options *o,
                               struct cboto_evexec **out);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_EVENT_H */
