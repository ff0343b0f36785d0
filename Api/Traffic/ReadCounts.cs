namespace Api.Traffic;

// Database reads by the server that answered (the "source" tag of links.db.reads; see ReadSource).
public sealed record ReadCounts(long Replica, long PrimaryLag, long PrimaryDown, long Primary)
{
    public static ReadCounts Zero { get; } = new(0, 0, 0, 0);

    public static ReadCounts operator +(ReadCounts left, ReadCounts right) =>
        new(left.Replica + right.Replica, left.PrimaryLag + right.PrimaryLag, left.PrimaryDown + right.PrimaryDown, left.Primary + right.Primary);
}
