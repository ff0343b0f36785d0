namespace Web.Imports;

// How long and how often the progress page asks the Api about an import while it streams: often at first, when most
// imports finish, then less often for a long one, and then it stops and says to refresh.
public static class ImportFollowing
{
    public static readonly TimeSpan FastInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan FastFor = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan SlowInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan FollowFor = TimeSpan.FromMinutes(15);

    // The wait before the next poll, or null when the page has followed long enough.
    public static TimeSpan? NextDelay(TimeSpan followedSoFar) =>
        followedSoFar >= FollowFor ? null
        : followedSoFar < FastFor ? FastInterval
        : SlowInterval;
}
