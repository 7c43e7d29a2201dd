/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_SDB_H
#define CBOTO_SDB_H

/* Amazon SimpleDB: not yet implemented (see the open issues). */

#include <cboto/common.h>

#endif /* CBOTO_SDB_H */
