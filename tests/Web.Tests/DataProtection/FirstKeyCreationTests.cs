using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Web.DataProtection;
using Web.Tests.Infrastructure;

namespace Web.Tests.DataProtection;

// Two web replicas starting at the same moment on an empty key store, forced here rather than left to the stack's
// start-up timing: each replica has its own key manager and Redis connection, as in two processes.
public sealed class FirstKeyCreationTests(LocalRedisServer redis) : IClassFixture<LocalRedisServer>
{
    private const int Rounds = 20;

    [Fact]
    public async Task Replicas_creating_the_first_key_at_the_same_moment_create_exactly_one()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var keyList = $"first-key-test:{Guid.NewGuid():N}";
            await using var first = await ReplicaAsync(keyList);
            await using var second = await ReplicaAsync(keyList);
            var bothReady = new Barrier(2);

            var cancellation = Xunit.TestContext.Current.CancellationToken;
            await Task.WhenAll(
                Task.Run(() => { bothReady.SignalAndWait(cancellation); return first.Creation.StartAsync(cancellation); }, cancellation),
                Task.Run(() => { bothReady.SignalAndWait(cancellation); return second.Creation.StartAsync(cancellation); }, cancellation));

            Assert.Equal(1, await first.Redis.GetDatabase().ListLengthAsync(keyList));
            Assert.Equal(first.Keys.GetAllKeys().Single().KeyId, second.Keys.GetAllKeys().Single().KeyId);
        }
    }

    private async Task<Replica> ReplicaAsync(string keyList)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName(SharedDataProtection.ApplicationName);
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new RedisXmlRepository(() => connection.GetDatabase(), keyList));
        var provider = services.BuildServiceProvider();
        var keys = provider.GetRequiredService<IKeyManager>();
        return new Replica(connection, provider, keys, new FirstKeyCreation(keys, connection, TimeProvider.System, NullLogger<FirstKeyCreation>.Instance));
    }

    private sealed record Replica(ConnectionMultiplexer Redis, ServiceProvider Services, IKeyManager Keys, FirstKeyCreation Creation) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Redis.DisposeAsync();
        }
    }
}
