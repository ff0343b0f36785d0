using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Api.Overload;

// ASP.NET Core's concurrency limiter in front of each expensive endpoint: a burst queues briefly (first
// come, first served) and past the queue bound is shed with 503 + Retry-After, while the endpoints that
// carry no policy (redirects above all) never wait here.
public static class LoadShedding
{
    public const string PasswordHashing = "password-hashing";
    public const string LinkWrites = "link-writes";
    public const string ImportUploads = "import-uploads";
    public const string Stats = "stats";
    public const string QrImages = "qr-images";

    public static IHostApplicationBuilder AddLoadShedding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LoadSheddingOptions>().BindConfiguration(LoadSheddingOptions.SectionName)
            .Validate(options => new[] { options.PasswordHashing, options.LinkWrites, options.ImportUploads, options.Stats, options.QrImages }
                .All(limit => limit.PermitLimit > 0 && limit.QueueLimit >= 0), "Every LoadShedding limit needs PermitLimit > 0 and QueueLimit >= 0.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<LoadSheddingOptions>>((limiter, shedding) =>
        {
            var limits = shedding.Value;
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = (context, cancellationToken) => WriteOverloadedAsync(context.HttpContext, limits.RetryAfter, cancellationToken);
            limiter.AddConcurrencyLimiter(PasswordHashing, options => Apply(options, limits.PasswordHashing));
            limiter.AddConcurrencyLimiter(LinkWrites, options => Apply(options, limits.LinkWrites));
            limiter.AddConcurrencyLimiter(ImportUploads, options => Apply(options, limits.ImportUploads));
            limiter.AddConcurrencyLimiter(Stats, options => Apply(options, limits.Stats));
            limiter.AddConcurrencyLimiter(QrImages, options => Apply(options, limits.QrImages));
        });
        return builder;
    }

    // The endpoint waits its turn under the named limit, and its OpenAPI description says it may answer 503.
    public static TBuilder RequireLoadShedding<TBuilder>(this TBuilder endpoint, string limit) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireRateLimiting(limit).WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails), ["application/problem+json"]));

    private static void Apply(ConcurrencyLimiterOptions options, LoadSheddingOptions.ConcurrencyLimit limit)
    {
        options.PermitLimit = limit.PermitLimit;
        options.QueueLimit = limit.QueueLimit;
        options.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
    }

    private static async ValueTask WriteOverloadedAsync(HttpContext http, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                Title = "Too busy right now",
                Detail = $"This replica has as many of these requests running and waiting as it takes. Try again in {seconds} seconds.",
            },
        });
    }
}
