using System.Net;
using System.Text.Json;

namespace Web.ApiClient;

// An error the Api answered (RFC 9457 problem+json), or that it could not be reached. Errors holds the
// Api's field names ("url", "code", "email", ...) so a page can put each message beside its field.
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly ApiProblem Unreachable = new(0, "The service is not answering right now. Try again in a moment.", null, new Dictionary<string, string[]>());

    public bool IsUnauthorized => Status == (int)HttpStatusCode.Unauthorized;

    public bool IsNotFound => Status == (int)HttpStatusCode.NotFound;

    // The message for a field, if the Api named it.
    public string? For(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } messages
            ? string.Join(" ", messages)
            : null;

    // Everything not tied to one of the given fields, for the message beside the form's button.
    public string Summary(params string[] fields)
    {
        var others = Errors.Where(e => !fields.Contains(e.Key, StringComparer.OrdinalIgnoreCase)).SelectMany(e => e.Value).ToList();
        if (others.Count > 0)
        {
            return string.Join(" ", others);
        }
        if (Errors.Count > 0)
        {
            return "Check the fields marked above.";
        }
        return Detail is { Length: > 0 } ? $"{Title}. {Detail}" : Title;
    }

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var body = await response.Content.ReadFromJsonAsync<ProblemBody>(cancellationToken);
            if (body is not null)
            {
                return new ApiProblem(status, body.Title ?? response.ReasonPhrase ?? "The request failed", body.Detail,
                    body.Errors ?? new Dictionary<string, string[]>());
            }
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
        }
        return new ApiProblem(status, response.ReasonPhrase ?? "The request failed", null, new Dictionary<string, string[]>());
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
