namespace Benchmarks.Load;

// What one burst wrk process measured: wrk's summary, how many answers of each status it got, how many
// 302s carried a Location other than the one expected, and how many 503s said the database was out of
// connections (the others were shed by the api's concurrency limiters).
public sealed record BurstWrkResult(WrkResult Summary, IReadOnlyDictionary<int, long> StatusCounts, long WrongLocations, long DatabaseBusy);
