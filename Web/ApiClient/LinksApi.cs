using System.Globalization;
using System.Net.Http.Headers;
using ApiContract;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Web.Accounts;
using Web.ReadYourWrites;

namespace Web.ApiClient;

// Every call the Web makes to the Api. Calls for a signed-in user carry their bearer token; their reads
// carry the newest consistency token of their writes, and their writes store the one the Api returns.
public sealed class LinksApi(HttpClient http, ConsistencyTokenStore consistencyTokens)
{
    public Task<ApiResult<bool>> RegisterAsync(string email, string password, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = JsonContent.Create(new { email, password }) },
            user: null, Write, _ => Task.FromResult(true), cancellationToken);

    public Task<ApiResult<IssuedToken>> IssueTokenAsync(string email, string password, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { email, password }) },
            user: null, Write, ReadJsonAsync<IssuedToken>, cancellationToken);

    public Task<ApiResult<IssuedToken>> RefreshTokenAsync(SignedInUser user, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh"), user, Write, ReadJsonAsync<IssuedToken>, cancellationToken);

    public Task<ApiResult<bool>> LogoutAsync(SignedInUser user, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout"), user, Write, _ => Task.FromResult(true), cancellationToken);

    public Task<ApiResult<CreatedApiKey>> CreateApiKeyAsync(SignedInUser user, string? name, string? expiresAt, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new { name, expiresAt }) },
            user, Write, ReadJsonAsync<CreatedApiKey>, cancellationToken);

    public Task<ApiResult<IReadOnlyList<ApiKeyItem>>> ListApiKeysAsync(SignedInUser user, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/api/keys"), user, Read, ReadJsonAsync<IReadOnlyList<ApiKeyItem>>, cancellationToken);

    public Task<ApiResult<bool>> RevokeApiKeyAsync(SignedInUser user, Guid id, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"/api/keys/{id}"), user, Write, _ => Task.FromResult(true), cancellationToken);

    public Task<ApiResult<LinkItem>> CreateLinkAsync(SignedInUser user, string? url, string? code, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/links") { Content = JsonContent.Create(new { url, code = string.IsNullOrWhiteSpace(code) ? null : code.Trim() }) },
            user, Write, ReadJsonAsync<LinkItem>, cancellationToken);

    // With the form's other fields (title, tags, validity, visit limit, query forwarding).
    public Task<ApiResult<LinkItem>> CreateLinkAsync(SignedInUser user, Web.Links.LinkForm form, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/links")
        {
            Content = JsonContent.Create(new Dictionary<string, object?>(form.Fields())
            {
                ["code"] = string.IsNullOrWhiteSpace(form.Code) ? null : form.Code.Trim(),
            }),
        }, user, Write, ReadJsonAsync<LinkItem>, cancellationToken);

    // Every field of the edit form: an empty one clears the link's value.
    public Task<ApiResult<LinkItem>> PatchLinkAsync(SignedInUser user, string code, Web.Links.LinkForm form, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Patch, LinkPath(code)) { Content = JsonContent.Create(form.Fields()) },
            user, Write, ReadJsonAsync<LinkItem>, cancellationToken);

    public Task<ApiResult<LinkPage>> ListLinksAsync(SignedInUser user, string? search, string? cursor, CancellationToken cancellationToken, string? tag = null, string? order = null)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(tag))
        {
            query.Add("tag=" + Uri.EscapeDataString(tag));
        }
        if (!string.IsNullOrEmpty(order))
        {
            query.Add("order=" + Uri.EscapeDataString(order));
        }
        if (!string.IsNullOrEmpty(search))
        {
            query.Add("q=" + Uri.EscapeDataString(search));
        }
        if (!string.IsNullOrEmpty(cursor))
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }
        var path = "/api/links" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), user, Read, ReadJsonAsync<LinkPage>, cancellationToken);
    }

    public Task<ApiResult<LinkItem>> GetLinkAsync(SignedInUser user, string code, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, LinkPath(code)), user, Read, ReadJsonAsync<LinkItem>, cancellationToken);

    public Task<ApiResult<LinkItem>> UpdateLinkAsync(SignedInUser user, string code, string? url, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Put, LinkPath(code)) { Content = JsonContent.Create(new { url }) },
            user, Write, ReadJsonAsync<LinkItem>, cancellationToken);

    public Task<ApiResult<bool>> DeleteLinkAsync(SignedInUser user, string code, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, LinkPath(code)), user, Write, _ => Task.FromResult(true), cancellationToken);

    public Task<ApiResult<LinkStats>> GetStatsAsync(SignedInUser user, string code, StatsWindow window, bool excludeBots, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture,
            $"{LinkPath(code)}/stats?interval={window.Interval}&from={Uri.EscapeDataString(window.From.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(window.To.ToString("O", CultureInfo.InvariantCulture))}{(excludeBots ? "&excludeBots=true" : "")}");
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), user, Read, ReadJsonAsync<LinkStats>, cancellationToken);
    }

    // A CSV export (/api/links/export, /api/links/{code}/clicks.csv), handed to copy as soon as its headers arrive:
    // its body is read while copy streams it on, never held here.
    public Task<ApiResult<bool>> DownloadCsvAsync(SignedInUser user, string path, Func<HttpResponseMessage, Task> copy, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), user, Read, async response =>
        {
            await copy(response);
            return true;
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead);

    // The file is buffered by the caller (at most a few MB), so a retry can send it again.
    public Task<ApiResult<ImportAccepted>> CreateImportAsync(SignedInUser user, byte[] csv, CancellationToken cancellationToken) =>
        SendAsync(() =>
        {
            var content = new ByteArrayContent(csv);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
            return new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = content };
        }, user, Write, ReadJsonAsync<ImportAccepted>, cancellationToken);

    public Task<ApiResult<ImportStatus>> GetImportAsync(SignedInUser user, Guid importId, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/api/imports/{importId}"), user, Read, ReadJsonAsync<ImportStatus>, cancellationToken);

    public Task<ApiResult<SystemTraffic>> GetSystemTrafficAsync(CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/api/system/traffic"), user: null, Read, ReadJsonAsync<SystemTraffic>, cancellationToken);

    private const bool Read = false;
    private const bool Write = true;

    private static string LinkPath(string code) => "/api/links/" + Uri.EscapeDataString(code);

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>() ?? throw new InvalidOperationException($"The Api answered {(int)response.StatusCode} with no body.");

    private async Task<ApiResult<T>> SendAsync<T>(
        Func<HttpRequestMessage> createRequest, SignedInUser? user, bool isWrite, Func<HttpResponseMessage, Task<T>> readValue, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = createRequest();
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
            if (!isWrite && await consistencyTokens.LatestAsync(user.AccountId, cancellationToken) is { } token)
            {
                request.Headers.Add(ContractHeaders.ConsistencyToken, token);
            }
        }
        try
        {
            using var response = await http.SendAsync(request, completion, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult<T>.Failure(await ApiProblem.ReadAsync(response, cancellationToken));
            }
            if (user is not null && isWrite && response.Headers.TryGetValues(ContractHeaders.ConsistencyToken, out var tokens))
            {
                await consistencyTokens.RememberAsync(user.AccountId, tokens.FirstOrDefault(), cancellationToken);
            }
            return ApiResult<T>.Success(await readValue(response));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is HttpRequestException or TaskCanceledException or TimeoutRejectedException or BrokenCircuitException)
        {
            return ApiResult<T>.Failure(ApiProblem.Unreachable);
        }
    }
}
