using System.Text;
using Messaging.Clicks;
using Npgsql;
using RabbitMQ.Client;

namespace AppHost.Tests.Infrastructure;

// Direct access to where clicks end up (Postgres) and come from (RabbitMQ), for the click tests.
public static class ClickStore
{
    public static async Task<long> ScalarAsync(RunningStack stack, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString("links"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) is long count ? count : 0;
    }

    public static Task<long> ClicksAsync(RunningStack stack, string code) =>
        ScalarAsync(stack, "SELECT count(*) FROM clicks WHERE code = @code", ("code", code));

    public static Task<long> TotalAsync(RunningStack stack, string code) =>
        ScalarAsync(stack, "SELECT coalesce(sum(clicks), 0)::bigint FROM link_click_totals WHERE code = @code", ("code", code));

    // Publishes raw bodies to the clicks exchange, as the Api would, and waits for the broker's confirms.
    public static Task PublishAsync(RunningStack stack, params string[] bodies) => PublishToAsync(stack, "clicks", "click", bodies);

    public static Task PublishToAsync(RunningStack stack, string exchange, string routingKey, params string[] bodies) =>
        PublishToAsync(stack, exchange, routingKey, new BasicProperties { Persistent = true }, bodies);

    // Publishes one batch message, as the Api does: a JSON array of entries (see BatchEntry).
    public static Task PublishBatchAsync(RunningStack stack, params string[] entries) =>
        PublishToAsync(stack, "clicks", "click", new BasicProperties { Persistent = true, ContentType = "application/json", Type = ClickBatch.MessageType }, "[" + string.Join(',', entries) + "]");

    private static async Task PublishToAsync(RunningStack stack, string exchange, string routingKey, BasicProperties properties, params string[] bodies)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var factory = new ConnectionFactory { Uri = new Uri(stack.ConnectionString("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(cancellation);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellation);
        foreach (var body in bodies)
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, Encoding.UTF8.GetBytes(body), cancellation);
        }
    }

    public static async Task<string?> TakeDeadLetterAsync(RunningStack stack, Func<string, bool> matches)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var factory = new ConnectionFactory { Uri = new Uri(stack.ConnectionString("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        for (var i = 0; i < 1000; i++)
        {
            var message = await channel.BasicGetAsync("clicks.dead-letter", autoAck: false, cancellation);
            if (message is null)
            {
                return null;
            }
            var body = Encoding.UTF8.GetString(message.Body.Span);
            if (matches(body))
            {
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellation);
                return body;
            }
            await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true, cancellation);
        }
        return null;
    }

    // One entry of a batch message: a click event's JSON and the traceparent of its redirect.
    public static string BatchEntry(string clickJson, string? traceParent = null) =>
        $$"""{"click":{{clickJson}},"traceParent":{{(traceParent is null ? "null" : "\"" + traceParent + "\"")}}}""";

    public static string Event(Guid eventId, string code, string visitorHash = "0123456789abcdef0123456789abcdef", DateTimeOffset? occurredAt = null, string userAgentClass = "unknown") =>
        $$"""{"eventId":"{{eventId}}","code":"{{code}}","occurredAt":"{{occurredAt ?? DateTimeOffset.UtcNow:O}}","referrerHost":null,"userAgentClass":"{{userAgentClass}}","visitorHash":"{{visitorHash}}"}""";
}
