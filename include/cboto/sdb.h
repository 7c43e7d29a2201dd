/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_SDB_H
#define CBOTO_SDB_H

/*
 * Amazon SimpleDB (API version 2009-04-15): request builders, typed results,
 * pagers for Select and ListDomains, and a quoting helper for select
 * expressions.
 *
 * Rules:
 *  1. Every builder is pure: it checks SimpleDB's documented limits (names
 *     and values up to 1,024 bytes, 256 attribute pairs per item, 25 items
 *     per batch, ...) and returns CBOTO_EINVAL before any I/O, copies its
 *     parameters, and returns a new unsigned request holding one reference.
 *     Send it with either executor; it is signed (Signature Version 2,
 *     HmacSHA256) at send time and travels as a POST form body.
 *  2. Parameter structs are zero-initialised; zero means "default" or
 *     "none".  Strings are copied; the caller may free them on return.
 *  3. Results are read from the response with the accessors below, which
 *     return NULL when the response is of another kind or failed.  Every
 *     string a result hands out lives as long as the response.  Values that
 *     SimpleDB sent with encoding="base64" are decoded; names and values
 *     are NUL-terminated and also carry their length, since a decoded value
 *     may hold any byte.
 *  4. Build select expressions from untrusted input only through
 *     cboto_sdb_quote_value() and cboto_sdb_quote_name().
 */

#include <cboto/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_client;
struct cboto_request;
struct cboto_response;
struct cboto_pager;

/* ---- limits (SimpleDB developer guide, "Limits") ------------------------ */

/** Longest attribute name, attribute value or item name, in bytes. */
#define CBOTO_SDB_MAX_NAME_BYTES 1024
/** Most attribute name/value pairs per item and per PutAttributes. */
#define CBOTO_SDB_MAX_ATTRS 256
/** Most items per BatchPutAttributes / BatchDeleteAttributes. */
#define CBOTO_SDB_MAX_BATCH_ITEMS 25
/** Domain names are 3..255 characters of a-z A-Z 0-9 _ - . */
#define CBOTO_SDB_MIN_DOMAIN_LEN 3
#define CBOTO_SDB_MAX_DOMAIN_LEN 255
/** Most attribute names a GetAttributes may ask for. */
#define CBOTO_SDB_MAX_GET_NAMES 256
/** MaxNumberOfDomains accepted by ListDomains: 1..100. */
#define CBOTO_SDB_MAX_LIST_DOMAINS 100
/**
 * Longest select expression cboto sends, in bytes.  SimpleDB documents no
 * byte limit, only at most 20 comparisons and 20 unique attributes per
 * expression; 20 comparisons of two quoted 1,024-byte operands, quotes
 * doubled, fit well inside this bound, so anything longer cannot be a valid
 * query and is refused before any I/O.
 */
#define CBOTO_SDB_MAX_SELECT_BYTES (96 * 1024)

/* ---- parameters --------------------------------------------------------- */

/** Parameters for CreateDomain, DeleteDomain and DomainMetadata. */
struct cboto_sdb_domain_params {
    const char *domain; /**< required; 3..255 of a-z A-Z 0-9 _ - . */
};

/** Parameters for cboto_sdb_list_domains(). Zero-initialise. */
struct cboto_sdb_list_domains_params {
    int max_domains;        /**< 0: the service default (100); 1..100 */
    const char *next_token; /**< from a previous page; NULL: first page */
};

/** One attribute name/value pair. */
struct cboto_sdb_attr {
    const char *name;  /**< required; 1..1024 bytes */
    const char *value; /**< puts: required, 0..1024 bytes; deletes: NULL
                            means every value of the name */
    int replace;       /**< puts only: replace the values this name has */
};

/** What an Expected condition demands of the attribute. */
enum cboto_sdb_exists {
    /** Exists not sent: with a value, the attribute must have it. */
    CBOTO_SDB_EXISTS_DEFAULT = 0,
    CBOTO_SDB_EXISTS_TRUE, /**< must exist with the given value */
    CBOTO_SDB_EXISTS_FALSE /**< must not exist (no value allowed) */
};

/** A condition on a put or a delete (Expected.N.Name / Value / Exists).
 *  A failed condition answers 409 ConditionalCheckFailed, or 404
 *  AttributeDoesNotExist when the attribute is missing. */
struct cboto_sdb_expected {
    const char *name;  /**< required */
    const char *value; /**< required unless exists is FALSE */
    enum cboto_sdb_exists exists;
};

/** Parameters for cboto_sdb_put_attributes(). Zero-initialise. */
struct cboto_sdb_put_params {
    const char *domain;                 /**< required */
    const char *item;                   /**< required; 1..1024 bytes */
    const struct cboto_sdb_attr *attrs; /**< 1..256 pairs */
    size_t n_attrs;
    const struct cboto_sdb_expected *expected; /**< conditions; may be NULL */
    size_t n_expected;
};

/** An item of a batch: its attributes to put, or to delete (for deletes,
 *  no attributes means the whole item; value NULL means every value). */
struct cboto_sdb_item {
    const char *name; /**< required; 1..1024 bytes */
    const struct cboto_sdb_attr *attrs;
    size_t n_attrs; /**< up to 256 */
};

/** Parameters for BatchPutAttributes and BatchDeleteAttributes. */
struct cboto_sdb_batch_params {
    const char *domain;                 /**< required */
    const struct cboto_sdb_item *items; /**< 1..25 items, names distinct */
    size_t n_items;
};

/** Parameters for cboto_sdb_get_attributes(). Zero-initialise. */
struct cboto_sdb_get_params {
    const char *domain;       /**< required */
    const char *item;         /**< required */
    const char *const *names; /**< only these attributes; NULL: all */
    size_t n_names;           /**< up to 256 */
    int consistent_read;      /**< non-zero: ConsistentRead=true */
};

/** Parameters for cboto_sdb_delete_attributes(). Zero-initialise. */
struct cboto_sdb_delete_params {
    const char *domain; /**< required */
    const char *item;   /**< required */
    /** The attributes to delete: none means the whole item; a NULL value
     *  means every value of that name; replace is ignored. */
    const struct cboto_sdb_attr *attrs;
    size_t n_attrs;
    const struct cboto_sdb_expected *expected; /**< conditions; may be NULL */
    size_t n_expected;
};

/** Parameters for cboto_sdb_select(). Zero-initialise. */
struct cboto_sdb_select_params {
    const char *expression; /**< required; see cboto_sdb_quote_value() */
    const char *next_token; /**< from a previous page; NULL: first page */
    int consistent_read;    /**< non-zero: ConsistentRead=true */
};

/* ---- results ------------------------------------------------------------ */

/** What every SimpleDB answer carries (ResponseMetadata). */
struct cboto_sdb_meta {
    const char *request_id; /**< or NULL */
    const char *box_usage;  /**< as sent, e.g. "0.0000219907", or NULL */
    double box_usage_hours; /**< the same as a number; 0 when absent */
};

/** An attribute of a result; both strings are NUL-terminated, decoded. */
struct cboto_sdb_attribute {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

/** An item of a Select page. */
struct cboto_sdb_item_result {
    const char *name;
    size_t name_len;
    const struct cboto_sdb_attribute *attrs;
    size_t n_attrs;
};

/** A Select page. */
struct cboto_sdb_select_result {
    struct cboto_sdb_meta meta;
    const struct cboto_sdb_item_result *items;
    size_t n_items;
    const char *next_token; /**< NULL on the last page */
};

/** A GetAttributes answer (no attributes: the item does not exist). */
struct cboto_sdb_get_result {
    struct cboto_sdb_meta meta;
    const struct cboto_sdb_attribute *attrs;
    size_t n_attrs;
};

/** A ListDomains page. */
struct cboto_sdb_domain_list {
    struct cboto_sdb_meta meta;
    const char *const *domains;
    size_t n_domains;
    const char *next_token; /**< NULL on the last page */
};

/** A DomainMetadata answer. */
struct cboto_sdb_domain_metadata {
    struct cboto_sdb_meta meta;
    uint64_t item_count;
    uint64_t item_names_size_bytes;
    uint64_t attribute_name_count;
    uint64_t attribute_names_size_bytes;
    uint64_t attribute_value_count;
    uint64_t attribute_values_size_bytes;
    uint64_t timestamp; /**< seconds since the epoch of the data */
};

/* ---- builders ----------------------------------------------------------- */

/**
 * Check a domain name against SimpleDB's rules before any I/O.
 * @return CBOTO_OK or CBOTO_EINVAL
 */
CBOTO_API int cboto_sdb_validate_domain(const char *domain);

/**
 * Build CreateDomain (creating an existing domain succeeds).
 *
 * @param cl   client providing endpoint, region and credentials
 * @param p    parameters; copied
 * @param out  receives a new request holding one reference; drop it with
 *             cboto_request_release().  Not written on error.
 * @return CBOTO_OK; CBOTO_EINVAL for a missing argument or a bad domain
 *         name; CBOTO_ENOMEM.
 */
CBOTO_API int cboto_sdb_create_domain(struct cboto_client *cl,
                                      const struct cboto_sdb_domain_params *p,
                                      struct cboto_request **out);

/** Build DeleteDomain.  Codes as cboto_sdb_create_domain(). */
CBOTO_API int cboto_sdb_delete_domain(struct cboto_client *cl,
                                      const struct cboto_sdb_domain_params *p,
                                      struct cboto_request **out);

/** Build DomainMetadata; read it with cboto_sdb_domain_metadata_result().
 *  Codes as cboto_sdb_create_domain(). */
CBOTO_API int
cboto_sdb_domain_metadata(struct cboto_client *cl,
                          const struct cboto_sdb_domain_params *p,
                          struct cboto_request **out);

/**
 * Build one page of ListDomains; read it with cboto_sdb_domain_list_result().
 * @param p  may be NULL for the first page with the default size
 * @return CBOTO_OK; CBOTO_EINVAL for max_domains outside 0..100;
 *         CBOTO_ENOMEM.
 */
CBOTO_API int
cboto_sdb_list_domains(struct cboto_client *cl,
                       const struct cboto_sdb_list_domains_params *p,
                       struct cboto_request **out);

/**
 * Build PutAttributes: add the pairs to the item (values are sets, so a
 * pair already there is kept once), replacing the values of names marked
 * replace; under the expected conditions when given.
 *
 * @return CBOTO_OK; CBOTO_EINVAL for a bad domain, a missing or over-long
 *         item name, no attributes or more than 256, a missing or over-long
 *         name or value, a malformed condition; CBOTO_ENOMEM.
 */
CBOTO_API int cboto_sdb_put_attributes(struct cboto_client *cl,
                                       const struct cboto_sdb_put_params *p,
                                       struct cboto_request **out);

/**
 * Build BatchPutAttributes (Item.N.ItemName, Item.N.Attribute.M.*).
 * @return CBOTO_OK; CBOTO_EINVAL for a bad domain, no items or more than
 *         25, a repeated item name, an item without attributes or with
 *         more than 256, a bad name or value; CBOTO_ENOMEM.
 */
CBOTO_API int
cboto_sdb_batch_put_attributes(struct cboto_client *cl,
                               const struct cboto_sdb_batch_params *p,
                               struct cboto_request **out);

/**
 * Build GetAttributes; read it with cboto_sdb_get_result().
 * @return CBOTO_OK; CBOTO_EINVAL for a bad domain or item name, more than
 *         256 names or a bad one; CBOTO_ENOMEM.
 */
CBOTO_API int cboto_sdb_get_attributes(struct cboto_client *cl,
                                       const struct cboto_sdb_get_params *p,
                                       struct cboto_request **out);

/**
 * Build DeleteAttributes: the whole item, named attributes, or given
 * values; conditional when expected is given.
 * @return CBOTO_OK; CBOTO_EINVAL as for cboto_sdb_put_attributes() (no
 *         attributes is allowed here); CBOTO_ENOMEM.
 */
CBOTO_API int
cboto_sdb_delete_attributes(struct cboto_client *cl,
                            const struct cboto_sdb_delete_params *p,
                            struct cboto_request **out);

/**
 * Build BatchDeleteAttributes.  An item without attributes is deleted
 * whole.  Codes as cboto_sdb_batch_put_attributes().
 */
CBOTO_API int
cboto_sdb_batch_delete_attributes(struct cboto_client *cl,
                                  const struct cboto_sdb_batch_params *p,
                                  struct cboto_request **out);

/**
 * Build one page of Select; read it with cboto_sdb_select_result().
 * @return CBOTO_OK; CBOTO_EINVAL for a missing or empty expression or one
 *         longer than CBOTO_SDB_MAX_SELECT_BYTES; CBOTO_ENOMEM.
 */
CBOTO_API int cboto_sdb_select(struct cboto_client *cl,
                               const struct cboto_sdb_select_params *p,
                               struct cboto_request **out);

/* ---- pagers ------------------------------------------------------------- */

/**
 * A pager over every page of a Select (see <cboto/pager.h>): each page is
 * read with cboto_sdb_select_result().  p->next_token, when set, is where
 * the walk starts.
 *
 * @param out  receives the pager; free it with cboto_pager_free()
 * @return CBOTO_OK; CBOTO_EINVAL as cboto_sdb_select(); CBOTO_ENOMEM.
 */
CBOTO_API int cboto_sdb_select_pager(struct cboto_client *cl,
                                     const struct cboto_sdb_select_params *p,
                                     struct cboto_pager **out);

/** A pager over every page of ListDomains (p may be NULL); pages are read
 *  with cboto_sdb_domain_list_result().  Codes as
 *  cboto_sdb_list_domains(). */
CBOTO_API int
cboto_sdb_list_domains_pager(struct cboto_client *cl,
                             const struct cboto_sdb_list_domains_params *p,
                             struct cboto_pager **out);

/* ---- select expression quoting ------------------------------------------ */

/**
 * Quote a value for a select expression: wrapped in single quotes, every
 * single quote inside doubled (O'Brien -> 'O''Brien').  Whatever the bytes,
 * the result is one string literal: it cannot end the literal early.
 *
 * @param value  the bytes (may hold any byte but NUL)
 * @param buf    receives the NUL-terminated literal
 * @param size   bytes available in buf
 * @param need   receives the bytes needed including the NUL (may be NULL)
 * @return CBOTO_OK; CBOTO_ETOOBIG when buf is too small (buf is then left
 *         empty and *need says how much is needed); CBOTO_EINVAL for a
 *         NULL value or buf with a non-zero size.
 */
CBOTO_API int cboto_sdb_quote_value(const char *value, char *buf, size_t size,
                                    size_t *need);

/**
 * Quote an attribute or domain name for a select expression: wrapped in
 * backticks, every backtick inside doubled.  Codes as
 * cboto_sdb_quote_value().
 */
CBOTO_API int cboto_sdb_quote_name(const char *name, char *buf, size_t size,
                                   size_t *need);

/* ---- result accessors --------------------------------------------------- */

/** RequestId and BoxUsage of any successful SimpleDB answer, or NULL. */
CBOTO_API const struct cboto_sdb_meta *
cboto_sdb_meta_result(const struct cboto_response *resp);

/** The Select page, or NULL. */
CBOTO_API const struct cboto_sdb_select_result *
cboto_sdb_select_result(const struct cboto_response *resp);

/** The GetAttributes answer, or NULL. */
CBOTO_API const struct cboto_sdb_get_result *
cboto_sdb_get_result(const struct cboto_response *resp);

/** The ListDomains page, or NULL. */
CBOTO_API const struct cboto_sdb_domain_list *
cboto_sdb_domain_list_result(const struct cboto_response *resp);

/** The DomainMetadata answer, or NULL. */
CBOTO_API const struct cboto_sdb_domain_metadata *
cboto_sdb_domain_metadata_result(const struct cboto_response *resp);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_SDB_H */
