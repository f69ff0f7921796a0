package io.fluxbase.mcp.kernel.storage;

import java.util.List;
import java.util.Optional;

/**
 * The owner's bucket lifecycle: each change and its event commit in one transaction. Blocking; refusals are
 * IllegalArgumentException (bad input, naming it) or {@link BucketNotFound}, and IllegalStateException for a
 * conflict (a bucket that exists, or is not empty).
 */
public interface BucketAdmin {

    BucketView create(CreateBucketCommand command);

    BucketView update(UpdateBucketCommand command);

    /** Returns the number of files removed with the bucket (only a forced delete removes any). */
    long delete(DeleteBucketCommand command);

    Optional<BucketView> find(String bucket);

    List<BucketView> list();

    /** The buckets' names, in order, read from the buckets alone (no file of theirs), for messages naming them. */
    List<String> names();
}
