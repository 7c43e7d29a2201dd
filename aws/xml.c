/* SPDX-License-Identifier: MIT */
/*
 * The XML stage: a libxml2 SAX2 push parser that turns a response body,
 * fed chunk by chunk, into start/end calls with local names and the text
 * directly inside each element.
 *
 * Hardening, because response bodies come from the network:
 *  - entities are never substituted (no XML_PARSE_NOENT); getEntity only
 *    knows the five predefined ones, and any DOCTYPE is refused outright
 *    in the internalSubset callback, so an entity can never be declared
 *    (billion laughs, XXE) and no external subset is ever loaded;
 *  - XML_PARSE_NONET (and XML_PARSE_NO_XXE where libxml2 has it);
 *  - the document, the text of each element and the nesting depth are
 *    capped;
 *  - errors go to a per-context structured handler (sax->serror), never to
 *    libxml2's default handler, which prints to stderr, and never to the
 *    process-global xmlSetStructuredErrorFunc, which is not ours to set.
 * libxml2's own allocations use its global allocator (documented in
 * common.h); everything this file allocates uses the caller's allocator.
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "xml.h"

#define XML_DEFAULT_MAX ((size_t)16 * 1024 * 1024)
/* libxml2's push parser does not apply its own nesting limit in SAX mode;
 * AWS documents are a handful of levels deep, so anything past libxml2's
 * usual 256 is hostile and would only grow our stacks. */
#define XML_MAX_DEPTH 256

/* One open element: its local name and where its own text starts in the
 * text buffer (an offset, because the buffer moves when it grows).  The
 * name is libxml2's own pointer: SAX2 hands out local names interned in
 * the parser context's dictionary, which lives until xmlFreeParserCtxt, so
 * copying each name (a strlen and an append per element) buys nothing. */
struct xml_frame {
    const char *name;
    size_t text_off;
};

struct cboto__xml {
    const struct cboto_allocator *a;
    struct cboto__xml_handler h;
    cboto__xml_attr_fn *attr;
    xmlParserCtxtPtr ctxt;
    size_t max_bytes;
    size_t fed;
    int err; /* first error; sticky */
    int root_seen;
    int root_closed;
    int finished;
    struct xml_frame *stack;
    size_t depth;
    size_t stack_cap;
    struct cboto__buf text; /* text of the open elements, nested */
    char errmsg[160];       /* libxml2's first message, for debugging */
    /* The XML declaration is checked before libxml2 sees it (see
     * check_decl): the first bytes wait here until it is complete. */
    int head_done;
    size_t head_len;
    char head[256];
};

static void set_err(struct cboto__xml *x, int rc)
{
    if (!x->err)
        x->err = rc;
    /* Stopping is safe from inside a callback: libxml2 checks the state
     * after every callback and unwinds. */
    if (x->ctxt)
        xmlStopParser(x->ctxt);
}

static void on_start(void *ctx, const xmlChar *localname,
                     const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes)
{
    struct cboto__xml *x = ctx;
    struct xml_frame *f;
    int rc, i;

    CBOTO_UNUSED(prefix);
    CBOTO_UNUSED(uri);
    CBOTO_UNUSED(nb_namespaces);
    CBOTO_UNUSED(namespaces);
    CBOTO_UNUSED(nb_defaulted);
    if (x->err)
        return;
    if (x->root_closed) { /* libxml2 rejects this too; be explicit */
        set_err(x, CBOTO_EPARSE);
        return;
    }
    if (x->depth >= XML_MAX_DEPTH) {
        set_err(x, CBOTO_EPARSE);
        return;
    }
    if (x->depth == x->stack_cap) {
        size_t ncap = x->stack_cap ? x->stack_cap * 2 : 16;
        struct xml_frame *ns = cboto__resize(
            x->a, x->stack, x->stack_cap * sizeof *ns, ncap * sizeof *ns);

        if (!ns) {
            set_err(x, CBOTO_ENOMEM);
            return;
        }
        x->stack = ns;
        x->stack_cap = ncap;
    }
    f = &x->stack[x->depth];
    f->name = (const char *)localname;
    f->text_off = x->text.len;
    x->depth++;
    x->root_seen = 1;
    if (x->h.start) {
        rc = x->h.start(x->h.st, f->name, (int)x->depth);
        if (rc) {
            set_err(x, rc);
            return;
        }
    }
    /* SAX2 gives five pointers per attribute: local name, prefix, URI,
     * value start, value end. */
    for (i = 0; x->attr && i < nb_attributes; i++) {
        const xmlChar **at = attributes + 5 * i;

        rc = x->attr(x->h.st, f->name, (int)x->depth, (const char *)at[0],
                     (const char *)at[3], (size_t)(at[4] - at[3]));
        if (rc) {
            set_err(x, rc);
            return;
        }
    }
}

void cboto__xml_set_attr(struct cboto__xml *x, cboto__xml_attr_fn *fn)
{
    if (x)
        x->attr = fn;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    struct cboto__xml *x = ctx;
    struct xml_frame *f;
    int rc = CBOTO_OK;

    CBOTO_UNUSED(localname);
    CBOTO_UNUSED(prefix);
    CBOTO_UNUSED(uri);
    if (x->err)
        return;
    if (x->depth == 0) {
        set_err(x, CBOTO_EPARSE);
        return;
    }
    f = &x->stack[x->depth - 1];
    if (x->h.end) {
        const char *t =
            x->text.ptr ? (const char *)x->text.ptr + f->text_off : "";

        rc = x->h.end(x->h.st, f->name, (int)x->depth, t,
                      x->text.len - f->text_off);
    }
    /* Drop this element's text; the parent's text resumes where this
     * element began, so each element sees only its direct text. */
    x->text.len = f->text_off;
    if (x->text.ptr)
        x->text.ptr[x->text.len] = '\0';
    x->depth--;
    if (x->depth == 0)
        x->root_closed = 1;
    if (rc)
        set_err(x, rc);
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    struct cboto__xml *x = ctx;
    int rc;

    if (x->err || len <= 0)
        return;
    if (x->depth == 0) /* whitespace outside the root: nobody's text */
        return;
    if ((size_t)len >
        x->max_bytes - (x->text.len - x->stack[x->depth - 1].text_off)) {
        set_err(x, CBOTO_ETOOBIG);
        return;
    }
    /* Most text fits the buffer as it is: copy it here rather than pay a
     * call per chunk of text. */
    if ((size_t)len < x->text.cap - x->text.len) {
        memcpy(x->text.ptr + x->text.len, ch, (size_t)len);
        x->text.len += (size_t)len;
        x->text.ptr[x->text.len] = '\0';
        return;
    }
    rc = cboto__buf_append(&x->text, ch, (size_t)len);
    if (rc)
        set_err(x, rc);
}

/* Only the five predefined entities exist; libxml2 decodes them itself, but
 * it asks here first, and anything else must stay unknown. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    CBOTO_UNUSED(ctx);
    return xmlGetPredefinedEntity(name);
}

/* AWS never sends a DOCTYPE.  Refusing it here, before its internal subset
 * is read, means no entity or external subset can ever be declared. */
static void on_internal_subset(void *ctx, const xmlChar *name,
                               const xmlChar *ext_id, const xmlChar *sys_id)
{
    CBOTO_UNUSED(name);
    CBOTO_UNUSED(ext_id);
    CBOTO_UNUSED(sys_id);
    set_err(ctx, CBOTO_EPARSE);
}

static void on_external_subset(void *ctx, const xmlChar *name,
                               const xmlChar *ext_id, const xmlChar *sys_id)
{
    on_internal_subset(ctx, name, ext_id, sys_id);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type,
                           const xmlChar *public_id, const xmlChar *system_id,
                           xmlChar *content)
{
    CBOTO_UNUSED(name);
    CBOTO_UNUSED(type);
    CBOTO_UNUSED(public_id);
    CBOTO_UNUSED(system_id);
    CBOTO_UNUSED(content);
    set_err(ctx, CBOTO_EPARSE);
}

/* A reference to a non-predefined entity (only reachable if a declaration
 * slipped through): never expand it. */
static void on_reference(void *ctx, const xmlChar *name)
{
    CBOTO_UNUSED(name);
    set_err(ctx, CBOTO_EPARSE);
}

static xmlParserInputPtr on_resolve_entity(void *ctx, const xmlChar *pub,
                                           const xmlChar *sys)
{
    CBOTO_UNUSED(pub);
    CBOTO_UNUSED(sys);
    set_err(ctx, CBOTO_EPARSE);
    return NULL;
}

/* Record libxml2's message instead of printing it.  Fatal errors also show
 * in ctxt->wellFormed, which is what decides. */
static void on_serror(void *ctx, xmlErrorPtr e)
{
    struct cboto__xml *x = ctx;
    size_t n;

    if (!x || !e || e->level < XML_ERR_ERROR || x->errmsg[0])
        return;
    if (!e->message)
        return;
    n = strlen(e->message);
    if (n >= sizeof x->errmsg)
        n = sizeof x->errmsg - 1;
    memcpy(x->errmsg, e->message, n);
    while (n && (x->errmsg[n - 1] == '\n'))
        n--;
    x->errmsg[n] = '\0';
}

static void fill_sax(xmlSAXHandler *sax)
{
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->characters = on_chars;
    sax->cdataBlock = on_chars;
    sax->getEntity = on_get_entity;
    sax->getParameterEntity = on_get_entity;
    sax->internalSubset = on_internal_subset;
    sax->externalSubset = on_external_subset;
    sax->entityDecl = on_entity_decl;
    sax->reference = on_reference;
    sax->resolveEntity = on_resolve_entity;
    sax->serror = on_serror;
    /* warning/error/fatalError stay NULL: with serror set, libxml2 2.9+
     * reports through it and nothing reaches stderr. */
}

int cboto__xml_new(const struct cboto_allocator *a,
                   const struct cboto__xml_handler *h, size_t max_bytes,
                   struct cboto__xml **out)
{
    struct cboto__xml *x;
    xmlSAXHandler sax;
    /* AWS answers in UTF-8.  Ignoring the declared encoding keeps iconv
     * (and its messages on stderr) out, and makes a chunked parse and a
     * whole one agree (found by the fuzzer). */
    int opts = XML_PARSE_NONET | XML_PARSE_IGNORE_ENC;

    if (!h || !out)
        return CBOTO_EINVAL;
#if LIBXML_VERSION >= 21300
    opts |= XML_PARSE_NO_XXE;
#endif
    x = cboto__calloc(a, 1, sizeof *x);
    if (!x)
        return CBOTO_ENOMEM;
    x->a = a;
    x->h = *h;
    x->max_bytes = max_bytes ? max_bytes : XML_DEFAULT_MAX;
    cboto__buf_init(&x->text, a, 0);
    fill_sax(&sax);
    /* libxml2 copies the handler; x is the userData of every callback. */
    x->ctxt = xmlCreatePushParserCtxt(&sax, x, NULL, 0, NULL);
    if (!x->ctxt) {
        cboto__free(a, x);
        return CBOTO_ENOMEM;
    }
    /* Never XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or
     * XML_PARSE_HUGE: libxml2's default limits stay on. */
    xmlCtxtUseOptions(x->ctxt, opts);
    xmlSwitchEncoding(x->ctxt, XML_CHAR_ENCODING_UTF8);
    /* Belt and braces for versions where options touch these. */
    x->ctxt->replaceEntities = 0;
    x->ctxt->loadsubset = 0;
    x->ctxt->validate = 0;
    *out = x;
    return CBOTO_OK;
}

static int check_parser(struct cboto__xml *x)
{
    if (x->err)
        return x->err;
    /* disableSAX without an error of ours: libxml2 halted by itself. */
    if (!x->ctxt->wellFormed || x->ctxt->disableSAX) {
        x->err = CBOTO_EPARSE;
        xmlStopParser(x->ctxt);
    }
    return x->err;
}

/* AWS answers in UTF-8, and libxml2 is told to ignore declared encodings
 * (XML_PARSE_IGNORE_ENC) so iconv never runs: a chunked parse and a whole
 * one then agree, and nothing is printed (both found by the fuzzer).  A
 * document that declares another encoding is refused rather than misread.
 * Returns 1 when the head is complete, 0 when more bytes are needed. */
static int check_decl(struct cboto__xml *x, int at_end)
{
    const char *h = x->head, *end, *enc;
    size_t n = x->head_len, off = 0;

    if (n >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0)
        off = 3;
    if (n - off < 5 && !at_end && strncmp(h + off, "<?xml", n - off) == 0)
        return 0;
    if (n - off < 5 || memcmp(h + off, "<?xml", 5) != 0)
        return 1; /* no declaration: libxml2 decides */
    end = memmem(h, n, "?>", 2);
    if (!end) {
        if (!at_end && n < sizeof x->head)
            return 0;
        set_err(x, CBOTO_EPARSE); /* unterminated or absurdly long */
        return 1;
    }
    enc = memmem(h, (size_t)(end - h), "encoding", 8);
    if (enc) {
        const char *v = enc + 8, *q;

        while (v < end && (*v == ' ' || *v == '\t' || *v == '\r' ||
                           *v == '\n' || *v == '='))
            v++;
        if (v >= end || (*v != '"' && *v != '\''))
            goto bad;
        q = memchr(v + 1, *v, (size_t)(end - v - 1));
        if (!q)
            goto bad;
        if (!((q - v - 1 == 5 && cboto__strncaseeq(v + 1, "utf-8", 5)) ||
              (q - v - 1 == 4 && cboto__strncaseeq(v + 1, "utf8", 4))))
            goto bad;
    }
    return 1;
bad:
    set_err(x, CBOTO_EPARSE);
    return 1;
}

static int push(struct cboto__xml *x, const char *c, size_t n);

/* Hold the first bytes until the declaration can be checked, then hand
 * them to libxml2 followed by the rest. */
static int feed_head(struct cboto__xml *x, const char **c, size_t *n,
                     int at_end)
{
    size_t take = sizeof x->head - x->head_len;

    if (take > *n)
        take = *n;
    memcpy(x->head + x->head_len, *c, take);
    x->head_len += take;
    *c += take;
    *n -= take;
    if (!check_decl(x, at_end || *n > 0))
        return 0;
    x->head_done = 1;
    if (x->err)
        return x->err;
    return push(x, x->head, x->head_len);
}

int cboto__xml_feed(struct cboto__xml *x, const void *p, size_t n)
{
    const char *c = p;

    if (!x)
        return CBOTO_EINVAL;
    if (x->err)
        return x->err;
    if (x->finished)
        return CBOTO_EINVAL;
    if (n > x->max_bytes - x->fed) {
        set_err(x, CBOTO_ETOOBIG);
        return x->err;
    }
    x->fed += n;
    if (!x->head_done && feed_head(x, &c, &n, 0))
        return x->err;
    return x->head_done ? push(x, c, n) : CBOTO_OK;
}

static int push(struct cboto__xml *x, const char *c, size_t n)
{
    /* xmlParseChunk takes an int size. */
    while (n) {
        int len = n > (1u << 30) ? 1 << 30 : (int)n;

        xmlParseChunk(x->ctxt, c, len, 0);
        if (check_parser(x))
            return x->err;
        c += len;
        n -= (size_t)len;
    }
    return CBOTO_OK;
}

int cboto__xml_finish(struct cboto__xml *x)
{
    if (!x)
        return CBOTO_EINVAL;
    if (x->err)
        return x->err;
    if (x->finished)
        return CBOTO_EINVAL;
    if (!x->head_done) {
        const char *c = "";
        size_t n = 0;

        if (feed_head(x, &c, &n, 1))
            return x->err;
    }
    x->finished = 1;
    xmlParseChunk(x->ctxt, NULL, 0, 1);
    if (check_parser(x))
        return x->err;
    /* libxml2 already reports an empty or unterminated document; this
     * covers any version that does not. */
    if (!x->root_seen || !x->root_closed || x->depth != 0) {
        x->err = CBOTO_EPARSE;
        return x->err;
    }
    return CBOTO_OK;
}

const char *cboto__xml_ancestor(const struct cboto__xml *x, int up)
{
    if (!x || up < 0 || (size_t)up >= x->depth)
        return NULL;
    return x->stack[x->depth - 1 - (size_t)up].name;
}

void cboto__xml_free(struct cboto__xml *x)
{
    if (!x)
        return;
    if (x->ctxt) {
        /* The context owns a copy of our SAX handler and frees it. */
        xmlFreeParserCtxt(x->ctxt);
    }
    cboto__buf_cleanup(&x->text);
    cboto__free(x->a, x->stack);
    cboto__free(x->a, x);
}

int cboto__xml_parse_all(const struct cboto_allocator *a,
                         const struct cboto__xml_handler *h, const void *p,
                         size_t n, size_t max_bytes)
{
    struct cboto__xml *x;
    int rc;

    rc = cboto__xml_new(a, h, max_bytes, &x);
    if (rc)
        return rc;
    rc = cboto__xml_feed(x, p, n);
    if (!rc)
        rc = cboto__xml_finish(x);
    cboto__xml_free(x);
    return rc;
}
