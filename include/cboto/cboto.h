/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_CBOTO_H
#define CBOTO_CBOTO_H

/*
 * The umbrella header: everything but the libevent executor, which lives
 * in <cboto/event.h> so that blocking-only programs never need libevent.
 */

#include <cboto/common.h>
#include <cboto/client.h>
#include <cboto/request.h>
#include <cboto/response.h>
#include <cboto/exec.h>
#include <cboto/s3.h>
#include <cboto/s3_transfer.h>
#include <cboto/sdb.h>
#include <cboto/sqs.h>
#include <cboto/async.h>
#include <cboto/pager.h>

#endif /* CBOTO_CBOTO_H */
