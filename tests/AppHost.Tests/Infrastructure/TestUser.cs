using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AppHost.Tests.Infrastructure;

// A freshly registered account with a bearer token, for tests that act as a signed-in user.
public sealed record TestUser(string Email, string Password, string Token)
{
    // Signs in from an address of its own on loopback, so the many sign-ins of the test suite do not
    // add up against the Api's per-client-IP limit.
    public static async Task<TestUser> SignUpAsync(RunningStack stack, CancellationToken cancellationToken)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var password = "test password " + Guid.NewGuid().ToString("N")[..8];
        var replicas = ApiEndpoints.Running(stack, IPAddress.Parse($"127.1.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(2, 255)}"));
        try
        {
            var api = replicas[Random.Shared.Next(replicas.Count)].Client;
            using var registered = await api.PostAsJsonAsync("/api/auth/register", new { email, password }, cancellationToken);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            var token = await SignInAsync(api, email, password, cancellationToken);
            return new TestUser(email, password, token);
        }
        finally
        {
            foreach (var (_, client) in replicas)
            {
                client.Dispose();
            }
        }
    }

    public static async Task<string> SignInAsync(HttpClient api, string email, string password, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync("/api/auth/token", new { email, password }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("accessToken").GetString()!;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    public async Task<JsonElement> CreateLinkAsync(HttpClient api, string url, CancellationToken cancellationToken, string? code = null)
    {
        using var request = Request(HttpMethod.Post, "/api/links", code is null ? new { url } : new { url, code });
        using var response = await api.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
