using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Web.Tests.Infrastructure;

// The Api as the Web sees it over HTTP: canned answers per method and path, and a record of every
// request. Answers are JSON or application/problem+json shaped like the real Api's.
public sealed class StubApi : HttpMessageHandler
{
    public static readonly Uri BaseAddress = new("http://api.test");

    private readonly ConcurrentDictionary<(HttpMethod Method, string Path), Func<HttpRequestMessage, Task<HttpResponseMessage>>> exact = new();
    private readonly ConcurrentQueue<(HttpMethod Method, string PathPrefix, Func<HttpRequestMessage, Task<HttpResponseMessage>> Respond)> prefixes = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public StubApi On(HttpMethod method, string path, Func<HttpRequestMessage, Task<HttpResponseMessage>> respond)
    {
        exact[(method, path)] = respond;
        return this;
    }

    public StubApi On(HttpMethod method, string path, Func<HttpResponseMessage> respond) =>
        On(method, path, _ => Task.FromResult(respond()));

    // For paths that vary, such as the redirects of a burst.
    public StubApi OnPathStartingWith(HttpMethod method, string pathPrefix, Func<HttpResponseMessage> respond)
    {
        prefixes.Enqueue((method, pathPrefix, _ => Task.FromResult(respond())));
        return this;
    }

    // The connection fails, as when no Api replica answers.
    public StubApi Unreachable(HttpMethod method, string path) =>
        On(method, path, _ => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (api.test:80)")));

    // Answers only once the test completes the returned source: the page is left waiting meanwhile.
    public TaskCompletionSource<HttpResponseMessage> Pending(HttpMethod method, string path)
    {
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        On(method, path, _ => answer.Task);
        return answer;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) =>
        Json(JsonSerializer.Serialize(body, JsonOptions), status);

    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var body = new Dictionary<string, object?> { ["title"] = title, ["status"] = (int)status };
        if (detail is not null)
        {
            body["detail"] = detail;
        }
        if (errors is not null)
        {
            body["errors"] = errors;
        }
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, JsonOptions), Encoding.UTF8, new MediaTypeHeaderValue("application/problem+json")),
        };
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(), body));

        var path = request.RequestUri.AbsolutePath;
        var respond = exact.TryGetValue((request.Method, path), out var exactly)
            ? exactly
            : prefixes.FirstOrDefault(p => p.Method == request.Method && path.StartsWith(p.PathPrefix, StringComparison.Ordinal)).Respond;
        if (respond is not null)
        {
            return await respond(request).WaitAsync(cancellationToken);
        }
        // Loud on purpose: the page shows this title, which names the request the test did not expect.
        return Problem(HttpStatusCode.NotImplemented, $"No stub for {request.Method} {request.RequestUri.PathAndQuery}");
    }
}

public sealed record RecordedRequest(HttpMethod Method, string PathAndQuery, string? Authorization, string? Body);
