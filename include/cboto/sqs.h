/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_SQS_H
#define CBOTO_SQS_H

/* Amazon SQS: not yet implemented (see the open issues). */

#include <cboto/common.h>

#endif /* CBOTO_SQS_H */
