using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Api.Problems;

// A database that does not answer in time is an overload, not a bug: a request that waited its ConnectionPools:PrimaryPoolWait
// for a connection and got none, whose command timed out, or that the server refused because it has max_connections
// clients already, answers 503 with Retry-After instead of 500, so clients (and the Web's resilience handler) come back
// a moment later.
public sealed partial class DatabaseBusyHandler(IProblemDetailsService problems, ILogger<DatabaseBusyHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsDatabaseBusy(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }
        LogDatabaseBusy(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                Title = "The database is busy",
                Detail = $"The database did not answer in time. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    // The database did not answer in time, which under a burst means it is overloaded: Npgsql gave up waiting
    // (for a pooled connection, for a new connection's open, or for a command's answer: all an NpgsqlException
    // around a TimeoutException), our own code did (DatabaseBusyException, ReplicaBusyException), or the server refused a new client
    // (53300 too_many_connections). Any of them may arrive wrapped.
    public static bool IsDatabaseBusy(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException { SqlState: PostgresErrorCodes.TooManyConnections }:
                case NpgsqlException { InnerException: TimeoutException } and not PostgresException:
                case DatabaseBusyException:
                case ReadRouting.ReplicaBusyException:
                    return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database did not answer in time ({Reason})")]
    private static partial void LogDatabaseBusy(ILogger logger, string method, string path, string reason);
}
