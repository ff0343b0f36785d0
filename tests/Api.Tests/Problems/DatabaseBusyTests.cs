using System.Net;
using System.Net.Sockets;
using Api.Problems;
using Npgsql;

namespace Api.Tests.Problems;

// Which failures answer 503 "the database is busy": the exceptions Npgsql really throws when a server
// takes no new client in time, from a loopback listener that accepts connections and never answers.
public sealed class DatabaseBusyTests : IAsyncDisposable
{
    private readonly TcpListener silentServer = new(IPAddress.Loopback, 0);
    private readonly List<Socket> accepted = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public DatabaseBusyTests()
    {
        silentServer.Start();
        accepting = AcceptForeverAsync();
    }

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    // What a burst's 500s were: a saturated server slow to take a new connection. (Waiting in vain for a pooled
    // connection is the same exception with another message: tests/AppHost.Tests/Links/PoolExhaustionTests.cs.)
    [Fact]
    public async Task An_open_that_runs_out_of_time_is_busy()
    {
        var port = ((IPEndPoint)silentServer.LocalEndpoint).Port;
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=links;Password=unused;Timeout=1");

        var failure = await OpenFailureAsync(dataSource);

        Assert.True(DatabaseBusyHandler.IsDatabaseBusy(failure), failure.ToString());
    }

    [Fact]
    public void A_redirects_shared_read_that_ran_past_its_budget_is_busy_also_when_wrapped()
    {
        var wrapped = new AggregateException(new DatabaseBusyException("Reading short code abc for a redirect took longer than 00:00:05."));

        Assert.True(DatabaseBusyHandler.IsDatabaseBusy(wrapped));
    }

    [Fact]
    public void A_server_with_max_connections_clients_already_is_busy()
    {
        var refused = new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections);

        Assert.True(DatabaseBusyHandler.IsDatabaseBusy(new InvalidOperationException("wrapped", refused)));
    }

    [Fact]
    public void A_constraint_violation_and_a_timeout_that_is_not_the_databases_are_not_busy()
    {
        Assert.False(DatabaseBusyHandler.IsDatabaseBusy(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.False(DatabaseBusyHandler.IsDatabaseBusy(new TimeoutException("Redis did not answer in 250 ms.")));
    }

    private async Task<Exception> OpenFailureAsync(NpgsqlDataSource dataSource)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(Cancellation);
        }
        catch (Exception exception)
        {
            return exception;
        }
        throw new InvalidOperationException("A server that never answers let a connection open.");
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await silentServer.AcceptSocketAsync(stop.Token);
                lock (accepted)
                {
                    accepted.Add(socket);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await accepting;
        silentServer.Stop();
        lock (accepted)
        {
            accepted.ForEach(socket => socket.Dispose());
        }
        stop.Dispose();
    }
}
