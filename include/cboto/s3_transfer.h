/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_S3_TRANSFER_H
#define CBOTO_S3_TRANSFER_H

/*
 * The S3 transfer manager: a file of any size to an object and back,
 * through the asynchronous executor (<cboto/async.h>, <cboto/event.h>).
 *
 * Upload: below the threshold (8 MiB by default) one PutObject; above it
 * a multipart upload with parts of part_size (8 MiB by default, grown so
 * that no file needs more than 10,000 parts), max_in_flight parts (8 by
 * default) sent at once.  Each part is streamed from the file with
 * pread() as the socket takes it, so memory stays small whatever the file
 * size (well under parts-in-flight x part size).  On any failure or
 * cancel the multipart upload is aborted, so no orphaned parts remain.
 *
 * Download: HeadObject, then below the threshold one GetObject, above it
 * concurrent ranged GETs pinned to the object's ETag (If-Match), into a
 * temporary file in the target's directory that is renamed over the
 * target only once every byte arrived (and, for single GETs, the checksum
 * S3 stores, when there is one, matched).  On failure the temporary file
 * is removed and the target is untouched.
 *
 * Rules:
 *  1. Everything runs on the loop's thread; start functions return at
 *     once.  When they return CBOTO_OK the done callback is called exactly
 *     once, later, from the loop; when they return an error it never is.
 *  2. The client and the executor must outlive the transfer.
 *  3. Free the transfer with cboto_s3_transfer_free() in or after the done
 *     callback.
 *  4. Reading the file to check a single download's checksum blocks the
 *     loop briefly (at most threshold bytes, read from the page cache).
 */

#include <cboto/s3.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_client;
struct cboto_evexec;
struct cboto_response;
struct cboto_s3_transfer;

/** Progress: bytes done so far out of total; called from the loop after
 *  each request that moved bytes completes. */
typedef void cboto_s3_progress_fn(struct cboto_s3_transfer *tr, uint64_t done,
                                  uint64_t total, void *user_data);

/**
 * Called once when the transfer ends.
 *
 * @param err     CBOTO_OK; CBOTO_ECANCELED after cboto_s3_transfer_cancel();
 *                CBOTO_EIO when the file failed (e.g. it shrank during the
 *                upload or changed size); CBOTO_ECHECKSUM; or the code of
 *                the first request that failed
 * @param failed  that request's response (its error detail), or NULL;
 *                valid until the callback returns
 */
typedef void cboto_s3_transfer_done_fn(struct cboto_s3_transfer *tr, int err,
                                       const struct cboto_response *failed,
                                       void *user_data);

/** Options; zero-initialise, zero means the default. */
struct cboto_s3_transfer_options {
    uint64_t threshold;     /**< multipart from this size; default 8 MiB */
    uint64_t part_size;     /**< default 8 MiB; at least 5 MiB (S3) */
    unsigned max_in_flight; /**< parts at once; default 8 */
    cboto_s3_progress_fn *progress; /**< may be NULL */
    /** Upload only: content type, metadata, storage class, ...; may be
     *  NULL. */
    const struct cboto_s3_object_attrs *attrs;
};

/**
 * Upload the file at path to bucket/key.
 *
 * @return CBOTO_OK (done will be called); CBOTO_EINVAL for bad arguments
 *         or options; CBOTO_EIO when the file cannot be opened; CBOTO_ENOMEM;
 *         or the executor's submit error.  *out receives the transfer.
 */
CBOTO_API int cboto_s3_upload_file(struct cboto_evexec *evx,
                                   struct cboto_client *cl, const char *bucket,
                                   const char *key, const char *path,
                                   const struct cboto_s3_transfer_options *o,
                                   cboto_s3_transfer_done_fn *done,
                                   void *user_data,
                                   struct cboto_s3_transfer **out);

/** Download bucket/key to the file at path.  Codes as above. */
CBOTO_API int
cboto_s3_download_file(struct cboto_evexec *evx, struct cboto_client *cl,
                       const char *bucket, const char *key, const char *path,
                       const struct cboto_s3_transfer_options *o,
                       cboto_s3_transfer_done_fn *done, void *user_data,
                       struct cboto_s3_transfer **out);

/** Stop a transfer: requests in flight are canceled, a multipart upload is
 *  aborted, a partial download removed; done then reports
 *  CBOTO_ECANCELED.  A no-op once the transfer has ended. */
CBOTO_API void cboto_s3_transfer_cancel(struct cboto_s3_transfer *tr);

/** The number of parts (1 for a single request; 0 before it is known). */
CBOTO_API unsigned cboto_s3_transfer_parts(const struct cboto_s3_transfer *tr);

/** Free a transfer whose done callback has been called (CBOTO_EBUSY
 *  otherwise, nothing freed).  NULL is a no-op. */
CBOTO_API int cboto_s3_transfer_free(struct cboto_s3_transfer *tr);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_S3_TRANSFER_H */
