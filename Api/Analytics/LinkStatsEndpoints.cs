using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Api.Accounts;
using Api.Consistency;
using Api.Keys;
using Api.Overload;
using Api.Problems;
using ApiContract;
using Links;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Api.Analytics;

public static class LinkStatsEndpoints
{
    private static readonly TimeSpan CacheTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Description = """
        uniqueVisitors: a visitor is a hash of client address and user agent under a salt that changes every UTC day,
        so visitors are told apart only within one UTC day. A series point's uniqueVisitors counts the distinct visitors
        of its hour (interval=hour) or of its whole UTC day (interval=day); the range's uniqueVisitors is the sum of the
        daily distinct counts over the UTC days the range touches, as referrers and agents count whole UTC days.
        excludeBots=true leaves clicks and visitors with a bot user agent out of total, series and uniqueVisitors
        (referrers and agents still count every click).
        """;

    public static IEndpointRouteBuilder MapLinkStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/links/{code}/stats", GetAsync)
            .RequireAuthorization(ApiKeyAuthentication.BearerOrApiKey)
            .RequireLoadShedding(LoadShedding.Stats)
            .WithTags("Links")
            .WithName("GetLinkStats")
            .WithSummary("Clicks and unique visitors over time, top referrer hosts and browser/bot share, from the rollups.")
            .WithDescription(Description)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Results<Ok<LinkStats>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string code, string? from, string? to, string? interval,
        [Description("true leaves bot clicks and visitors out of total, series and uniqueVisitors; true or false, default false.")] string? excludeBots,
        HttpContext http, LinkStore links, LinkStatsStore stats,
        IConnectionMultiplexer redis, IOptions<LinkStatsOptions> options, TimeProvider time, ILogger<LinkStatsStore> logger, CancellationToken cancellationToken)
    {
        var (tokenValid, token, tokenErrors) = await http.ReadConsistencyTokenAsync(cancellationToken);
        if (!tokenValid)
        {
            return TypedResults.ValidationProblem(tokenErrors);
        }
        if (!ShortCode.CouldExist(code) || (await links.FindOwnedAsync(code, http.User.AccountId(), token, cancellationToken)).Value is null)
        {
            return ApiProblems.LinkNotFound();
        }
        if (!StatsQuery.TryParse(from, to, interval, excludeBots, time.GetUtcNow().UtcDateTime, out var query, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"stats:{code}:{query!.Interval}:{query.From.Ticks}:{query.To.Ticks}:{(query.ExcludeBots ? "without-bots" : "all")}");
        try
        {
            var cached = await redis.GetDatabase().StringGetAsync(key).WaitAsync(CacheTimeout, cancellationToken);
            if (!cached.IsNull)
            {
                http.Response.Headers[ContractHeaders.ReadSource] = "cache";
                return TypedResults.Ok(JsonSerializer.Deserialize<LinkStats>((string)cached!, Json)!);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogDebug(exception, "Stats cache unavailable");
        }

        var (result, source) = await stats.ReadAsync(code, query, token, cancellationToken);
        http.Response.SetReadSource(source);
        try
        {
            await redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(result, Json), options.Value.CacheTimeToLive).WaitAsync(CacheTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogDebug(exception, "Stats cache unavailable");
        }
        return TypedResults.Ok(result);
    }
}
