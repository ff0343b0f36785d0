namespace Api.Traffic;

// Redirects by how they were resolved: from the Redis cache, from Postgres after a cache miss, or to a
// code that does not resolve (the "result" tag of links.redirects: hit, miss, not_found).
public sealed record RedirectCounts(long Hit, long Miss, long NotFound)
{
    public static RedirectCounts Zero { get; } = new(0, 0, 0);

    public static RedirectCounts operator +(RedirectCounts left, RedirectCounts right) =>
        new(left.Hit + right.Hit, left.Miss + right.Miss, left.NotFound + right.NotFound);
}
