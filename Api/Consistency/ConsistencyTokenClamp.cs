using Api.Replication;
using ReadRouting;

namespace Api.Consistency;

// A token above the primary's current position names a write that does not exist (forged, or from before the primary's
// data was reset): a read would ask the replica for it for the whole wait budget, holding a replica connection, and then
// read the primary. It is lowered to the primary's position, which covers every write there is. Only a token above the
// last sample (ReplicationMonitor, each second) costs a read of the primary's position.
public sealed class ConsistencyTokenClamp(ReplicationMonitor replication, LinksDatabase database, ILogger<ConsistencyTokenClamp> logger)
{
    public async Task<ConsistencyToken> ClampAsync(ConsistencyToken token, CancellationToken cancellationToken)
    {
        if (replication.PrimaryPosition is { } sampled && token.CompareTo(sampled.Position) <= 0)
        {
            return token;
        }
        var current = await database.CurrentPositionAsync(cancellationToken);
        if (token.CompareTo(current) <= 0)
        {
            return token;
        }
        logger.LogInformation("A consistency token ahead of the primary ({Token} > {Current}) was lowered to the primary's position", token, current);
        return current;
    }
}
