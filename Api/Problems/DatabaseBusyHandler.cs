using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Api.Problems;

// Running out of Postgres connections is an overload, not a bug: a request that waited its ConnectionPools:PrimaryPoolWait
// for a pooled connection and got none, or that the server refused because it has max_connections clients already,
// answers 503 with Retry-After instead of 500, so clients (and the Web's resilience handler) come back a moment later.
public sealed partial class DatabaseBusyHandler(IProblemDetailsService problems, ILogger<DatabaseBusyHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutOfConnections(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }
        LogOutOfConnections(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", exception.Message);
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
                Detail = $"No database connection was free in time. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    // Npgsql's pool wait or a new connection's open ran out of time, or the server
    // answered 53300 too_many_connections; either may arrive wrapped.
    public static bool IsOutOfConnections(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.TooManyConnections })
            {
                return true;
            }
            // Opening a new physical connection ran out of time (a saturated server is slow to accept one):
            // Npgsql throws a bare TimeoutException for it, which is the same "no connection in time".
            if (current is TimeoutException { Source: "Npgsql" })
            {
                return true;
            }
            if (current is NpgsqlException { InnerException: TimeoutException } and not PostgresException
                && current.Message.StartsWith("The connection pool has been exhausted", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: out of database connections ({Reason})")]
    private static partial void LogOutOfConnections(ILogger logger, string method, string path, string reason);
}
