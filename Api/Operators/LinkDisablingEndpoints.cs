using Api.Problems;
using Links;

namespace Api.Operators;

public sealed record DisableLinkRequest(string? Reason);

public sealed record LinkDisabledState(string Code, bool Disabled);

// The operator's switch against abuse: PUT /api/operator/links/{code}/disabled turns any account's link
// off (its redirect answers 410 Gone on every replica before this answers), DELETE turns it back on.
public static class LinkDisablingEndpoints
{
    public const string PathPattern = "/api/operator/links/{code}/disabled";
    public const int MaximumReasonLength = 500;

    public static string PathFor(string code) => $"/api/operator/links/{Uri.EscapeDataString(code)}/disabled";

    public static IEndpointRouteBuilder MapLinkDisablingEndpoints(this IEndpointRouteBuilder app)
    {
        var operatorLinks = app.MapGroup(PathPattern).WithTags("Operator").AddEndpointFilter<OperatorKeyFilter>();
        operatorLinks.MapPut("", DisableAsync).WithName("DisableLink").WithSummary("Operator only (X-Operator-Key): disable any link; its redirect answers 410 Gone.");
        operatorLinks.MapDelete("", EnableAsync).WithName("EnableLink").WithSummary("Operator only (X-Operator-Key): enable a disabled link again.");
        return app;
    }

    private static async Task<Results<Ok<LinkDisabledState>, ValidationProblem, ProblemHttpResult>> DisableAsync(
        string code, DisableLinkRequest? request, LinkStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var reason = request?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaximumReasonLength || reason.Any(char.IsControl))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["reason"] = [$"Say why the link is disabled: 1 to {MaximumReasonLength} characters, without control characters."],
            });
        }
        return await SetAsync(code, reason, store, loggers, cancellationToken);
    }

    private static Task<Results<Ok<LinkDisabledState>, ValidationProblem, ProblemHttpResult>> EnableAsync(
        string code, LinkStore store, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        SetAsync(code, reason: null, store, loggers, cancellationToken);

    private static async Task<Results<Ok<LinkDisabledState>, ValidationProblem, ProblemHttpResult>> SetAsync(
        string code, string? reason, LinkStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var changed = ShortCode.CouldExist(code) ? await store.SetDisabledAsync(code, reason, cancellationToken) : null;
        if (changed is null)
        {
            return ApiProblems.LinkNotFound();
        }
        loggers.CreateLogger(typeof(LinkDisablingEndpoints).FullName!).LogWarning("Operator {Action} short link {Code} (version {Version}): {Reason}", reason is null ? "enabled" : "disabled", code, changed.Version, reason ?? "-");
        return TypedResults.Ok(new LinkDisabledState(code, changed.Disabled));
    }
}
