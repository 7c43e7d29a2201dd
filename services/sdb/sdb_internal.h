/* SPDX-License-Identifier: MIT */
/* SimpleDB internals shared by the builders, the parser and the pagers. */
#ifndef CBOTO_SDB_INTERNAL_H
#define CBOTO_SDB_INTERNAL_H

#include <cboto/sdb.h>

#include "../../aws/parser.h"

#define CBOTO__SDB_VERSION "2009-04-15"

/* SimpleDB's result kinds, numbered in the range aws/parser.h gives it. */
enum cboto__sdb_result_kind {
    CBOTO__RESULT_SDB_EMPTY = CBOTO__RESULT_SDB_BASE, /* meta only */
    CBOTO__RESULT_SDB_SELECT,
    CBOTO__RESULT_SDB_GET,
    CBOTO__RESULT_SDB_DOMAINS,
    CBOTO__RESULT_SDB_METADATA,
    CBOTO__RESULT_SDB_LAST = CBOTO__RESULT_SDB_METADATA
};

/* One parser per response document; they share one implementation and
 * differ in the root element they accept and the result they build. */
extern const struct cboto__parser cboto__sdb_create_domain_parser;
extern const struct cboto__parser cboto__sdb_delete_domain_parser;
extern const struct cboto__parser cboto__sdb_list_domains_parser;
extern const struct cboto__parser cboto__sdb_domain_metadata_parser;
extern const struct cboto__parser cboto__sdb_put_attributes_parser;
extern const struct cboto__parser cboto__sdb_batch_put_parser;
extern const struct cboto__parser cboto__sdb_get_attributes_parser;
extern const struct cboto__parser cboto__sdb_delete_attributes_parser;
extern const struct cboto__parser cboto__sdb_batch_delete_parser;
extern const struct cboto__parser cboto__sdb_select_parser;

/* The XML stage (aws/xml.c) does not yet hand element attributes to
 * parsers.  SimpleDB marks values that are not valid XML text with
 * encoding="base64" on <Name> and <Value>; this is the hook that records
 * it, to be called for each attribute of an element right after its start
 * callback.  Returns 0 or a negative CBOTO_E* code. */
int cboto__sdb_parse_attr(void *st, const char *elem, int depth,
                          const char *name, const char *value, size_t len);

/* The one result every SimpleDB parser produces; the public structs are
 * views into it, chosen by kind. */
struct cboto__sdb_result {
    struct cboto_sdb_meta meta;
    struct cboto_sdb_select_result select;
    struct cboto_sdb_get_result get;
    struct cboto_sdb_domain_list domains;
    struct cboto_sdb_domain_metadata md;
};

/* Builder checks, exposed for the unit tests. */
int cboto__sdb_check_name(const char *s, int allow_empty);

#endif /* CBOTO_SDB_INTERNAL_H */
