/* SPDX-License-Identifier: MIT */
/*
 * Integrity: the checksums S3 knows (CRC32C, CRC32, SHA-256, MD5) computed
 * in one pass over a body, added to an upload as the header S3 checks, and
 * compared with the one S3 returns on download.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <cboto/response.h>

#include "../../aws/core.h"
#include "../../signing/internal.h"
#include "s3_build.h"

#define READ_CHUNK (256u * 1024)

/* CRC-32 as zlib and S3 compute it: reflected polynomial 0xEDB88320. */
static const uint32_t s_crc32_tab[256] = {
    0x00000000u, 0x77073096u, 0xEE0E612Cu, 0x990951BAu, 0x076DC419u,
    0x706AF48Fu, 0xE963A535u, 0x9E6495A3u, 0x0EDB8832u, 0x79DCB8A4u,
    0xE0D5E91Eu, 0x97D2D988u, 0x09B64C2Bu, 0x7EB17CBDu, 0xE7B82D07u,
    0x90BF1D91u, 0x1DB71064u, 0x6AB020F2u, 0xF3B97148u, 0x84BE41DEu,
    0x1ADAD47Du, 0x6DDDE4EBu, 0xF4D4B551u, 0x83D385C7u, 0x136C9856u,
    0x646BA8C0u, 0xFD62F97Au, 0x8A65C9ECu, 0x14015C4Fu, 0x63066CD9u,
    0xFA0F3D63u, 0x8D080DF5u, 0x3B6E20C8u, 0x4C69105Eu, 0xD56041E4u,
    0xA2677172u, 0x3C03E4D1u, 0x4B04D447u, 0xD20D85FDu, 0xA50AB56Bu,
    0x35B5A8FAu, 0x42B2986Cu, 0xDBBBC9D6u, 0xACBCF940u, 0x32D86CE3u,
    0x45DF5C75u, 0xDCD60DCFu, 0xABD13D59u, 0x26D930ACu, 0x51DE003Au,
    0xC8D75180u, 0xBFD06116u, 0x21B4F4B5u, 0x56B3C423u, 0xCFBA9599u,
    0xB8BDA50Fu, 0x2802B89Eu, 0x5F058808u, 0xC60CD9B2u, 0xB10BE924u,
    0x2F6F7C87u, 0x58684C11u, 0xC1611DABu, 0xB6662D3Du, 0x76DC4190u,
    0x01DB7106u, 0x98D220BCu, 0xEFD5102Au, 0x71B18589u, 0x06B6B51Fu,
    0x9FBFE4A5u, 0xE8B8D433u, 0x7807C9A2u, 0x0F00F934u, 0x9609A88Eu,
    0xE10E9818u, 0x7F6A0DBBu, 0x086D3D2Du, 0x91646C97u, 0xE6635C01u,
    0x6B6B51F4u, 0x1C6C6162u, 0x856530D8u, 0xF262004Eu, 0x6C0695EDu,
    0x1B01A57Bu, 0x8208F4C1u, 0xF50FC457u, 0x65B0D9C6u, 0x12B7E950u,
    0x8BBEB8EAu, 0xFCB9887Cu, 0x62DD1DDFu, 0x15DA2D49u, 0x8CD37CF3u,
    0xFBD44C65u, 0x4DB26158u, 0x3AB551CEu, 0xA3BC0074u, 0xD4BB30E2u,
    0x4ADFA541u, 0x3DD895D7u, 0xA4D1C46Du, 0xD3D6F4FBu, 0x4369E96Au,
    0x346ED9FCu, 0xAD678846u, 0xDA60B8D0u, 0x44042D73u, 0x33031DE5u,
    0xAA0A4C5Fu, 0xDD0D7CC9u, 0x5005713Cu, 0x270241AAu, 0xBE0B1010u,
    0xC90C2086u, 0x5768B525u, 0x206F85B3u, 0xB966D409u, 0xCE61E49Fu,
    0x5EDEF90Eu, 0x29D9C998u, 0xB0D09822u, 0xC7D7A8B4u, 0x59B33D17u,
    0x2EB40D81u, 0xB7BD5C3Bu, 0xC0BA6CADu, 0xEDB88320u, 0x9ABFB3B6u,
    0x03B6E20Cu, 0x74B1D29Au, 0xEAD54739u, 0x9DD277AFu, 0x04DB2615u,
    0x73DC1683u, 0xE3630B12u, 0x94643B84u, 0x0D6D6A3Eu, 0x7A6A5AA8u,
    0xE40ECF0Bu, 0x9309FF9Du, 0x0A00AE27u, 0x7D079EB1u, 0xF00F9344u,
    0x8708A3D2u, 0x1E01F268u, 0x6906C2FEu, 0xF762575Du, 0x806567CBu,
    0x196C3671u, 0x6E6B06E7u, 0xFED41B76u, 0x89D32BE0u, 0x10DA7A5Au,
    0x67DD4ACCu, 0xF9B9DF6Fu, 0x8EBEEFF9u, 0x17B7BE43u, 0x60B08ED5u,
    0xD6D6A3E8u, 0xA1D1937Eu, 0x38D8C2C4u, 0x4FDFF252u, 0xD1BB67F1u,
    0xA6BC5767u, 0x3FB506DDu, 0x48B2364Bu, 0xD80D2BDAu, 0xAF0A1B4Cu,
    0x36034AF6u, 0x41047A60u, 0xDF60EFC3u, 0xA867DF55u, 0x316E8EEFu,
    0x4669BE79u, 0xCB61B38Cu, 0xBC66831Au, 0x256FD2A0u, 0x5268E236u,
    0xCC0C7795u, 0xBB0B4703u, 0x220216B9u, 0x5505262Fu, 0xC5BA3BBEu,
    0xB2BD0B28u, 0x2BB45A92u, 0x5CB36A04u, 0xC2D7FFA7u, 0xB5D0CF31u,
    0x2CD99E8Bu, 0x5BDEAE1Du, 0x9B64C2B0u, 0xEC63F226u, 0x756AA39Cu,
    0x026D930Au, 0x9C0906A9u, 0xEB0E363Fu, 0x72076785u, 0x05005713u,
    0x95BF4A82u, 0xE2B87A14u, 0x7BB12BAEu, 0x0CB61B38u, 0x92D28E9Bu,
    0xE5D5BE0Du, 0x7CDCEFB7u, 0x0BDBDF21u, 0x86D3D2D4u, 0xF1D4E242u,
    0x68DDB3F8u, 0x1FDA836Eu, 0x81BE16CDu, 0xF6B9265Bu, 0x6FB077E1u,
    0x18B74777u, 0x88085AE6u, 0xFF0F6A70u, 0x66063BCAu, 0x11010B5Cu,
    0x8F659EFFu, 0xF862AE69u, 0x616BFFD3u, 0x166CCF45u, 0xA00AE278u,
    0xD70DD2EEu, 0x4E048354u, 0x3903B3C2u, 0xA7672661u, 0xD06016F7u,
    0x4969474Du, 0x3E6E77DBu, 0xAED16A4Au, 0xD9D65ADCu, 0x40DF0B66u,
    0x37D83BF0u, 0xA9BCAE53u, 0xDEBB9EC5u, 0x47B2CF7Fu, 0x30B5FFE9u,
    0xBDBDF21Cu, 0xCABAC28Au, 0x53B39330u, 0x24B4A3A6u, 0xBAD03605u,
    0xCDD70693u, 0x54DE5729u, 0x23D967BFu, 0xB3667A2Eu, 0xC4614AB8u,
    0x5D681B02u, 0x2A6F2B94u, 0xB40BBE37u, 0xC30C8EA1u, 0x5A05DF1Bu,
    0x2D02EF8Du,
};

uint32_t cboto__crc32(uint32_t crc, const void *p, size_t n)
{
    const uint8_t *b = p;

    crc = ~crc;
    while (n--)
        crc = (crc >> 8) ^ s_crc32_tab[(crc ^ *b++) & 0xff];
    return ~crc;
}

const char *cboto__s3_cksum_header(enum cboto_s3_checksum algo)
{
    switch (algo) {
    case CBOTO_S3_CHECKSUM_CRC32C:
        return "x-amz-checksum-crc32c";
    case CBOTO_S3_CHECKSUM_CRC32:
        return "x-amz-checksum-crc32";
    case CBOTO_S3_CHECKSUM_SHA256:
        return "x-amz-checksum-sha256";
    case CBOTO_S3_CHECKSUM_MD5:
        return "Content-MD5";
    default:
        return NULL;
    }
}

int cboto__s3_cksum_init(struct cboto__s3_cksum *c,
                         enum cboto_s3_checksum algo)
{
    memset(c, 0, sizeof *c);
    c->algo = algo;
    switch (algo) {
    case CBOTO_S3_CHECKSUM_CRC32C:
    case CBOTO_S3_CHECKSUM_CRC32:
        return CBOTO_OK;
    case CBOTO_S3_CHECKSUM_SHA256:
    case CBOTO_S3_CHECKSUM_MD5:
        return cboto__hash_new(&c->h, algo == CBOTO_S3_CHECKSUM_MD5);
    default:
        return CBOTO_EINVAL;
    }
}

int cboto__s3_cksum_update(struct cboto__s3_cksum *c, const void *p, size_t n)
{
    switch (c->algo) {
    case CBOTO_S3_CHECKSUM_CRC32C:
        c->crc = cboto__crc32c(c->crc, p, n);
        return CBOTO_OK;
    case CBOTO_S3_CHECKSUM_CRC32:
        c->crc = cboto__crc32(c->crc, p, n);
        return CBOTO_OK;
    default:
        return cboto__hash_update(c->h, p, n);
    }
}

/* At most 32 bytes in, 44 characters out: encoded on the stack, so that
 * finishing a checksum never allocates. */
static int b64(const uint8_t *d, size_t n, char *out, size_t size)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0;

    if (size < (n + 2) / 3 * 4 + 1)
        return CBOTO_EINVAL;
    for (i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16;

        if (i + 1 < n)
            v |= (uint32_t)d[i + 1] << 8;
        if (i + 2 < n)
            v |= d[i + 2];
        out[o++] = tab[(v >> 18) & 63];
        out[o++] = tab[(v >> 12) & 63];
        out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? tab[v & 63] : '=';
    }
    out[o] = '\0';
    return CBOTO_OK;
}

int cboto__s3_cksum_final(struct cboto__s3_cksum *c, char *out, size_t size)
{
    uint8_t d[32];
    size_t dlen;
    int rc;

    if (c->algo == CBOTO_S3_CHECKSUM_CRC32C ||
        c->algo == CBOTO_S3_CHECKSUM_CRC32) {
        /* S3 sends the CRC big-endian, then base64. */
        d[0] = (uint8_t)(c->crc >> 24);
        d[1] = (uint8_t)(c->crc >> 16);
        d[2] = (uint8_t)(c->crc >> 8);
        d[3] = (uint8_t)c->crc;
        dlen = 4;
    } else {
        rc = cboto__hash_final(c->h, d);
        c->h = NULL;
        if (rc)
            return rc;
        dlen = c->algo == CBOTO_S3_CHECKSUM_MD5 ? 16 : 32;
    }
    return b64(d, dlen, out, size);
}

void cboto__s3_cksum_cleanup(struct cboto__s3_cksum *c)
{
    if (c->h)
        cboto__hash_free(c->h);
    c->h = NULL;
}

int cboto_s3_checksum(enum cboto_s3_checksum algo, const void *p, size_t n,
                      char *out, size_t size)
{
    struct cboto__s3_cksum c;
    int rc;

    if (!out || size < 45 || (!p && n))
        return CBOTO_EINVAL;
    rc = cboto__s3_cksum_init(&c, algo);
    if (!rc && n)
        rc = cboto__s3_cksum_update(&c, p, n);
    if (!rc)
        rc = cboto__s3_cksum_final(&c, out, size);
    cboto__s3_cksum_cleanup(&c);
    return rc;
}

/* Checksum length bytes of fd from offset, in bounded chunks. */
static int cksum_fd(const struct cboto_allocator *a, struct cboto__s3_cksum *c,
                    int fd, uint64_t offset, uint64_t length)
{
    uint8_t *chunk = cboto__alloc(a, READ_CHUNK);
    uint64_t done = 0;
    int rc = CBOTO_OK;

    if (!chunk)
        return CBOTO_ENOMEM;
    while (!rc && done < length) {
        uint64_t left = length - done;
        size_t want = left < READ_CHUNK ? (size_t)left : READ_CHUNK;
        ssize_t got = pread(fd, chunk, want, (off_t)(offset + done));

        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            rc = CBOTO_EIO; /* shorter than promised */
            break;
        }
        rc = cboto__s3_cksum_update(c, chunk, (size_t)got);
        done += (uint64_t)got;
    }
    cboto__free(a, chunk);
    return rc;
}

int cboto_s3_request_add_checksum(struct cboto_request *rq,
                                  enum cboto_s3_checksum algo)
{
    struct cboto__s3_cksum c;
    const char *hdr = cboto__s3_cksum_header(algo);
    char val[64];
    int rc;

    if (!rq || !hdr || rq->body.kind == CBOTO__BODY_FN)
        return CBOTO_EINVAL;
    rc = cboto__s3_cksum_init(&c, algo);
    if (rc)
        return rc;
    if (rq->body.kind == CBOTO__BODY_MEM && rq->body.len)
        rc = cboto__s3_cksum_update(&c, rq->body.ptr, rq->body.len);
    else if (rq->body.kind == CBOTO__BODY_FD)
        rc =
            cksum_fd(rq->a, &c, rq->body.fd, rq->body.offset, rq->body.length);
    if (!rc)
        rc = cboto__s3_cksum_final(&c, val, sizeof val);
    cboto__s3_cksum_cleanup(&c);
    if (!rc)
        rc = cboto__kvlist_set(&rq->headers, hdr, val);
    /* The SDKs name the algorithm too; S3 and moto store the checksum
     * (and return it with checksum mode) when it is named. */
    if (!rc && algo != CBOTO_S3_CHECKSUM_MD5)
        rc = cboto__kvlist_set(&rq->headers, "x-amz-sdk-checksum-algorithm",
                               algo == CBOTO_S3_CHECKSUM_CRC32C  ? "CRC32C"
                               : algo == CBOTO_S3_CHECKSUM_CRC32 ? "CRC32"
                                                                 : "SHA256");
    return rc;
}

/* The full-object checksum S3 sent, if any: composite checksums of
 * multipart objects end in "-<parts>" and describe the parts, not the
 * bytes. */
static const char *pick(const struct cboto_response *resp,
                        enum cboto_s3_checksum *algo)
{
    static const enum cboto_s3_checksum order[] = {CBOTO_S3_CHECKSUM_CRC32C,
                                                   CBOTO_S3_CHECKSUM_CRC32,
                                                   CBOTO_S3_CHECKSUM_SHA256};
    const char *type = cboto_response_header(resp, "x-amz-checksum-type");
    size_t i;

    if (type && strcmp(type, "COMPOSITE") == 0)
        return NULL;
    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *v =
            cboto_response_header(resp, cboto__s3_cksum_header(order[i]));

        if (v && !strchr(v, '-')) {
            *algo = order[i];
            return v;
        }
    }
    return NULL;
}

static int verify(const struct cboto_response *resp, const void *p, size_t n,
                  int fd, uint64_t offset, uint64_t length, int *verified)
{
    enum cboto_s3_checksum algo = CBOTO_S3_CHECKSUM_NONE;
    struct cboto__s3_cksum c;
    const char *want;
    char got[64];
    int rc;

    if (verified)
        *verified = 0;
    if (!cboto_s3_object_info_result(resp))
        return CBOTO_EINVAL;
    want = pick(resp, &algo);
    if (!want)
        return CBOTO_OK;
    rc = cboto__s3_cksum_init(&c, algo);
    if (!rc && fd >= 0)
        rc = cksum_fd(resp->a, &c, fd, offset, length);
    else if (!rc && n)
        rc = cboto__s3_cksum_update(&c, p, n);
    if (!rc)
        rc = cboto__s3_cksum_final(&c, got, sizeof got);
    cboto__s3_cksum_cleanup(&c);
    if (rc)
        return rc;
    if (verified)
        *verified = 1;
    return strcmp(want, got) == 0 ? CBOTO_OK : CBOTO_ECHECKSUM;
}

int cboto_s3_verify_checksum(const struct cboto_response *resp,
                             struct cboto_cursor data, int *verified)
{
    if (!data.ptr && data.len)
        return CBOTO_EINVAL;
    return verify(resp, data.ptr, data.len, -1, 0, 0, verified);
}

int cboto_s3_verify_checksum_fd(const struct cboto_response *resp, int fd,
                                uint64_t offset, uint64_t length,
                                int *verified)
{
    if (fd < 0)
        return CBOTO_EINVAL;
    return verify(resp, NULL, 0, fd, offset, length, verified);
}
