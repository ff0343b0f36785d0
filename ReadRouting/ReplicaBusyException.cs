namespace ReadRouting;

// Every pooled connection to the replica stayed in use for the whole wait: the replica is busy, not failing. The read
// is neither counted against the replica nor sent to the primary (under a burst the primary is the scarcer server);
// the Api answers it 503 with Retry-After.
public sealed class ReplicaBusyException(string message) : Exception(message);
