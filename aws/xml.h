/* SPDX-License-Identifier: MIT */
/*
 * The XML stage: a libxml2 SAX2 push parser fed chunk by chunk as the body
 * arrives.  Entities are not expanded, no DTD is loaded, nothing is fetched
 * from the network, and the document size is capped.  Handlers see local
 * element names (namespace prefixes stripped), the depth (root = 1), and at
 * the end of each element the character data directly inside it.
 */
#ifndef CBOTO_AWS_XML_H
#define CBOTO_AWS_XML_H

#include "internal.h"

struct cboto__xml;

/* Return 0 to go on; a negative CBOTO_E* code stops parsing and is returned
 * by the feed/finish call that was running. */
typedef int cboto__xml_start_fn(void *st, const char *name, int depth);
typedef int cboto__xml_end_fn(void *st, const char *name, int depth,
                              const char *text, size_t len);

/* An attribute of the element just started (after its start callback):
 * local name and value (not NUL-terminated; len bytes).  Only SimpleDB
 * needs one (encoding="base64"), so it is set apart from the handler. */
typedef int cboto__xml_attr_fn(void *st, const char *elem, int depth,
                               const char *name, const char *value,
                               size_t len);

struct cboto__xml_handler {
    cboto__xml_start_fn *start; /* may be NULL */
    cboto__xml_end_fn *end;     /* may be NULL */
    void *st;
};

/* max_bytes: the most document bytes accepted (0: 16 MiB); more is
 * CBOTO_ETOOBIG.  Text inside one element is capped at the same size. */
int cboto__xml_new(const struct cboto_allocator *a,
                   const struct cboto__xml_handler *h, size_t max_bytes,
                   struct cboto__xml **out);
/* Report element attributes to fn (with the handler's st); NULL: none. */
void cboto__xml_set_attr(struct cboto__xml *x, cboto__xml_attr_fn *fn);
/* CBOTO_EPARSE for malformed XML, CBOTO_ETOOBIG over the cap, or the
 * handler's code. */
int cboto__xml_feed(struct cboto__xml *x, const void *p, size_t n);
/* End of input: CBOTO_EPARSE when the document is truncated or empty. */
int cboto__xml_finish(struct cboto__xml *x);
/* Name of the element `up` levels above the current one (0: the current
 * element), or NULL above the root.  Valid inside a handler call. */
const char *cboto__xml_ancestor(const struct cboto__xml *x, int up);
void cboto__xml_free(struct cboto__xml *x);

/* Parse a whole document in memory (the helpers and tests use it). */
int cboto__xml_parse_all(const struct cboto_allocator *a,
                         const struct cboto__xml_handler *h, const void *p,
                         size_t n, size_t max_bytes);

/* The three AWS error document shapes, parsed into one struct:
 *   S3        <Error><Code/><Message/><RequestId/><HostId/>...</Error>
 *   SimpleDB  <Response><Errors><Error><Code/><Message/><BoxUsage/>
 *             </Error></Errors><RequestID/></Response>
 *   SQS       <ErrorResponse><Error><Type/><Code/><Message/></Error>
 *             <RequestId/></ErrorResponse>
 * Strings are allocated with a (NULL when absent). */
struct cboto__error_fields {
    char *code;
    char *message;
    char *request_id;
    char *host_id;
    char *region;      /* S3 <Region> (PermanentRedirect / wrong region) */
    char *endpoint;    /* S3 <Endpoint> */
    char *server_time; /* <ServerTime> (RequestTimeTooSkewed) */
};
/* CBOTO_EPARSE when the body is not one of the shapes. */
int cboto__parse_error_doc(const struct cboto_allocator *a, const void *p,
                           size_t n, struct cboto__error_fields *out);
void cboto__error_fields_cleanup(const struct cboto_allocator *a,
                                 struct cboto__error_fields *f);

#endif /* CBOTO_AWS_XML_H */
