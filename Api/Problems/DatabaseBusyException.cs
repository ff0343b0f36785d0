namespace Api.Problems;

// Thrown where our own code stops waiting for the database (a redirect's shared read ran past its budget):
// the same overload as Npgsql giving up, so it answers 503 with Retry-After like one.
public sealed class DatabaseBusyException(string message) : TimeoutException(message);
