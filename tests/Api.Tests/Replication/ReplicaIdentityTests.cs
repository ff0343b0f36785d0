using Api.Replication;
using ReadRouting;

namespace Api.Tests.Replication;

public sealed class ReplicaIdentityTests
{
    private const long Primary = 7714720228517895781;
    private const long OtherCluster = 7714720228517895999;

    [Fact]
    public void A_replica_with_the_primarys_system_identifier_is_verified_and_used()
    {
        var identity = ReplicaIdentity.Unverified.Next(Primary, Primary);

        Assert.Equal(ReplicaIdentityState.Verified, identity.State);
        Assert.False(identity.RefusesReplica);
    }

    [Fact]
    public void A_replica_with_another_system_identifier_is_refused()
    {
        var identity = ReplicaIdentity.Unverified.Next(Primary, Primary).Next(Primary, OtherCluster);

        Assert.Equal(ReplicaIdentityState.Foreign, identity.State);
        Assert.True(identity.RefusesReplica);
        Assert.Equal(Primary, identity.PrimarySystemIdentifier);
        Assert.Equal(OtherCluster, identity.ReplicaSystemIdentifier);
    }

    [Theory]
    [InlineData(null, OtherCluster)]
    [InlineData(Primary, null)]
    [InlineData(null, null)]
    public void A_refused_replica_stays_refused_while_either_identifier_is_unknown(long? primary, long? replica)
    {
        var identity = ReplicaIdentity.Unverified.Next(Primary, OtherCluster).Next(primary, replica).NextUnverifiable();

        Assert.True(identity.RefusesReplica);
        Assert.Equal(OtherCluster, identity.ReplicaSystemIdentifier);
    }

    [Fact]
    public void A_refused_replica_is_used_again_once_both_identifiers_match()
    {
        var identity = ReplicaIdentity.Unverified.Next(Primary, OtherCluster).Next(OtherCluster, OtherCluster);

        Assert.Equal(ReplicaIdentityState.Verified, identity.State);
    }

    [Fact]
    public void Before_any_mismatch_an_unknown_or_refused_identifier_does_not_take_the_replica_away()
    {
        Assert.False(ReplicaIdentity.Unverified.Next(null, Primary).RefusesReplica);
        Assert.False(ReplicaIdentity.Unverified.Next(Primary, Primary).Next(Primary, null).RefusesReplica);
        Assert.Equal(ReplicaIdentityState.Unverifiable, ReplicaIdentity.Unverified.NextUnverifiable().State);
    }

    [Fact]
    public void The_replication_status_names_a_foreign_replica_with_both_identifiers()
    {
        var sampled = new ReplicationStatus("streaming", 0, 0, DateTimeOffset.UnixEpoch);

        var status = sampled.With(ReplicaIdentity.Unverified.Next(Primary, OtherCluster));

        Assert.Equal(ReplicationStatus.NotAStandbyOfPrimary, status.State);
        Assert.Null(status.LagBytes);
        Assert.Equal("7714720228517895781", status.PrimarySystemIdentifier);
        Assert.Equal("7714720228517895999", status.ReplicaSystemIdentifier);
        Assert.NotNull(status.Reason);
    }
}
