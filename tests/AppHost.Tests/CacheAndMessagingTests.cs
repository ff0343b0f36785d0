using System.Text;
using AppHost.Tests.Infrastructure;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace AppHost.Tests;

public sealed class CacheAndMessagingTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_answers_through_the_cache_connection_string()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        var key = "round-trip:" + Guid.NewGuid();

        await redis.GetDatabase().StringSetAsync(key, "value", TimeSpan.FromMinutes(1));

        Assert.Equal("value", (string?)await redis.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task RabbitMQ_delivers_a_published_message_through_the_messaging_connection_string()
    {
        var factory = new ConnectionFactory { Uri = new Uri(shared.Stack.ConnectionString("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(Cancellation);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Cancellation);
        var queue = await channel.QueueDeclareAsync(exclusive: true, autoDelete: true, cancellationToken: Cancellation);
        var body = Encoding.UTF8.GetBytes("hello " + Guid.NewGuid());

        await channel.BasicPublishAsync("", queue.QueueName, mandatory: true, body, Cancellation);

        var received = await Eventually.HoldsAsync(
            () => channel.BasicGetAsync(queue.QueueName, autoAck: true, Cancellation),
            message => message is not null,
            TimeSpan.FromSeconds(10),
            "the message arriving");
        Assert.Equal(body, received!.Body.ToArray());
    }
}
