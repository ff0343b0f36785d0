using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Benchmarks.Drills;

// One account, made through the api, that creates a link for each drill so each drill counts its own clicks.
public sealed class DrillLinks(HttpClient api) : IDisposable
{
    public static async Task<DrillLinks> SignUpAsync(Uri apiUrl, CancellationToken cancellationToken)
    {
        var api = new HttpClient { BaseAddress = apiUrl };
        var email = $"drills-{Guid.NewGuid():N}@bench.example";
        const string password = "drill-password-1";
        (await api.PostAsJsonAsync("/api/auth/register", new { email, password }, cancellationToken)).EnsureSuccessStatusCode();
        using var token = await api.PostAsJsonAsync("/api/auth/token", new { email, password }, cancellationToken);
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString()!;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return new DrillLinks(api);
    }

    public async Task<string> CreateAsync(string drill, CancellationToken cancellationToken)
    {
        var url = $"https://drills.example/{Uri.EscapeDataString(drill)}";
        using var created = await api.PostAsJsonAsync("/api/links", new { url }, cancellationToken);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("code").GetString()!;
    }

    public void Dispose() => api.Dispose();
}
