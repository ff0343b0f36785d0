using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// Each refused input answers the right 4xx as problem+json and leaves Postgres and Redis as they were.
public sealed class HostileInputTests(SharedStack shared)
{
    private const string OwnLinkCode = "{own}";
    private const string OwnShortHost = "{api}";

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string?, int, string?> Cases()
    {
        var longUrl = "https://example.com/" + new string('a', 10 * 1024);
        var tooBig = "{\"url\":\"https://example.com/" + new string('a', 20 * 1024) + "\"}";
        var data = new TheoryData<string, string, string, string?, int, string?>();
        void Create(string name, string body, string? field) => data.Add(name, "POST", "/api/links", body, 400, field);
        void CreateUrl(string name, string url) => Create(name, JsonSerializer.Serialize(new { url }), "url");
        void CreateCode(string name, string code) => Create(name, JsonSerializer.Serialize(new { url = "https://example.com/", code }), "code");

        CreateUrl("javascript scheme", "javascript:alert(document.cookie)");
        CreateUrl("data scheme", "data:text/html,<script>alert(1)</script>");
        CreateUrl("file scheme", "file:///etc/passwd");
        CreateUrl("ftp scheme", "ftp://example.com/file");
        CreateUrl("relative url", "/just/a/path");
        CreateUrl("scheme-relative url", "//evil.example/");
        CreateUrl("user info", "https://user:pass@example.com/");
        CreateUrl("raw CRLF (header injection)", "https://example.com/\r\nSet-Cookie: stolen=1");
        CreateUrl("raw LF", "https://example.com/\nx");
        CreateUrl("NUL character", "https://example.com/\0");
        CreateUrl("tab", "https://example.com/\tx");
        CreateUrl("right-to-left override", "https://example.com/\u202Egnp.exe");
        CreateUrl("zero-width joiner in host", "https://exa\u200Dmple.com/");
        CreateUrl("leading space", " https://example.com/");
        CreateUrl("10 KB url", longUrl);
        CreateUrl("SQL injection text", "' OR 1=1; DROP TABLE links; --");
        CreateUrl("script tag", "<script>alert(1)</script>");
        CreateUrl("empty url", "");
        CreateUrl("redirect loop to this service", OwnShortHost + "/abc1234");
        Create("missing url", "{\"code\":\"valid-code-1\"}", "url");
        CreateCode("code too short", "ab");
        CreateCode("code too long", new string('a', 65));
        CreateCode("code with slash", "a/b/c");
        CreateCode("code with dot-dot", "..%2f..");
        CreateCode("code with space", "my code");
        CreateCode("code with unicode letter", "caf\u00e9-link");
        CreateCode("code with full-width letters", "\uFF41\uFF42\uFF43");
        CreateCode("reserved code", "api");
        CreateCode("reserved code in other case", "Health");
        CreateCode("SQL injection code", "x'; DROP TABLE links;--");
        CreateCode("script code", "<script>");
        CreateCode("empty code", "");
        void CreateWith(string name, string field, object value) =>
            Create(name, JsonSerializer.Serialize(new Dictionary<string, object> { ["url"] = "https://example.com/", [field] = value }), field);
        void Patch(string name, string field, object? value) =>
            data.Add(name, "PATCH", $"/api/links/{OwnLinkCode}", JsonSerializer.Serialize(new Dictionary<string, object?> { [field] = value }), 400, field);
        CreateWith("title of 10 KB", "title", new string('t', 10 * 1024));
        CreateWith("title with CRLF", "title", "a\r\nSet-Cookie: x=1");
        CreateWith("title with NUL", "title", "a\0b");
        CreateWith("tag with a script tag", "tags", new[] { "<script>" });
        CreateWith("tag with SQL injection", "tags", new[] { "x'; DROP TABLE links;--" });
        CreateWith("tag with unicode letters", "tags", new[] { "caf\u00e9" });
        CreateWith("tag with a zero-width space", "tags", new[] { "news\u200B" });
        CreateWith("a thousand tags", "tags", Enumerable.Range(0, 1000).Select(i => $"t{i}").ToArray());
        CreateWith("validUntil without an offset", "validUntil", "2030-01-01T00:00:00");
        CreateWith("validUntil as SQL", "validUntil", "now()); DROP TABLE links;--");
        CreateWith("validSince in year 0", "validSince", "0000-01-01T00:00:00Z");
        CreateWith("maxVisits above 10^9", "maxVisits", 1_000_000_001L);
        CreateWith("maxVisits negative", "maxVisits", -1);
        Patch("patch title with a control character", "title", "bell\u0007");
        Patch("patch tags not an array", "tags", "news");
        Patch("patch maxVisits as text", "maxVisits", "1e3");
        Patch("patch maxVisits beyond a long", "maxVisits", 1e30);
        Patch("patch validUntil malformed", "validUntil", "31/01/2030");
        Patch("patch forwardQuery as text", "forwardQuery", "false");
        Patch("patch url to a javascript url", "url", "javascript:alert(1)");
        data.Add("patch with malformed JSON", "PATCH", $"/api/links/{OwnLinkCode}", "{\"title\": ", 400, "body");
        data.Add("patch of an unknown code", "PATCH", "/api/links/zz-unknown-zz", "{\"title\":\"x\"}", 404, null);
        data.Add("list with an unknown order", "GET", "/api/links?order=random()", null, 400, "order");
        data.Add("list with a tag as SQL", "GET", "/api/links?tag=x'%20OR%201=1", null, 400, "tag");
        data.Add("malformed JSON", "POST", "/api/links", "{\"url\": ", 400, null);
        data.Add("JSON array", "POST", "/api/links", "[\"https://example.com/\"]", 400, null);
        data.Add("url of the wrong type", "POST", "/api/links", "{\"url\": 42}", 400, null);
        data.Add("empty body", "POST", "/api/links", "", 400, null);
        data.Add("body over the size limit", "POST", "/api/links", tooBig, 413, null);
        data.Add("update to a javascript url", "PUT", $"/api/links/{OwnLinkCode}", "{\"url\":\"javascript:alert(1)\"}", 400, "url");
        data.Add("update with CRLF", "PUT", $"/api/links/{OwnLinkCode}", "{\"url\":\"https://example.com/\\r\\nX: y\"}", 400, "url");
        data.Add("update of a reserved path", "PUT", "/api/links/api", "{\"url\":\"https://example.com/\"}", 404, null);
        data.Add("delete of an unknown code", "DELETE", "/api/links/zz-unknown-zz", null, 404, null);
        data.Add("list limit zero", "GET", "/api/links?limit=0", null, 400, "limit");
        data.Add("list limit above the maximum", "GET", "/api/links?limit=101", null, 400, "limit");
        data.Add("list limit not a number", "GET", "/api/links?limit=1;DROP", null, 400, "limit");
        data.Add("forged cursor", "GET", "/api/links?cursor=J09SIDE9MQ", null, 400, "cursor");
        data.Add("search too long", "GET", "/api/links?q=" + new string('x', 201), null, 400, "q");
        data.Add("register with a malformed email", "POST", "/api/auth/register", "{\"email\":\"not-an-email\",\"password\":\"long enough password\"}", 400, "email");
        data.Add("register with an email and display name", "POST", "/api/auth/register", "{\"email\":\"Bob <bob@example.com>\",\"password\":\"long enough password\"}", 400, "email");
        data.Add("register with CRLF in the email", "POST", "/api/auth/register", "{\"email\":\"a@example.com\\r\\nBcc: x@example.com\",\"password\":\"long enough password\"}", 400, "email");
        data.Add("register with a short password", "POST", "/api/auth/register", "{\"email\":\"short@example.com\",\"password\":\"123456789\"}", 400, "password");
        data.Add("register with an 11-character password", "POST", "/api/auth/register", "{\"email\":\"eleven@example.com\",\"password\":\"elevenchars\"}", 400, "password");
        data.Add("register with a 1000-character password", "POST", "/api/auth/register", "{\"email\":\"long@example.com\",\"password\":\"" + new string('p', 1000) + "\"}", 400, "password");
        data.Add("register with NUL in the password", "POST", "/api/auth/register", "{\"email\":\"nul@example.com\",\"password\":\"long enough\\u0000password\"}", 400, "password");
        data.Add("register with NUL in the email", "POST", "/api/auth/register", "{\"email\":\"nul\\u0000@example.com\",\"password\":\"long enough password\"}", 400, "email");
        data.Add("token without a password", "POST", "/api/auth/token", "{\"email\":\"a@example.com\"}", 400, "credentials");
        data.Add("token with NUL in the email", "POST", "/api/auth/token", "{\"email\":\"a\\u0000@example.com\",\"password\":\"long enough password\"}", 400, "credentials");
        data.Add("token with a control character in the password", "POST", "/api/auth/token", "{\"email\":\"a@example.com\",\"password\":\"long\\u0001enough password\"}", 400, "credentials");
        void CreateKey(string name, string body, string? field) => data.Add(name, "POST", "/api/keys", body, 400, field);
        CreateKey("key without a name", "{}", "name");
        CreateKey("key with an empty name", "{\"name\":\"\"}", "name");
        CreateKey("key with a blank name", "{\"name\":\"   \"}", "name");
        CreateKey("key with a 101-character name", "{\"name\":\"" + new string('k', 101) + "\"}", "name");
        CreateKey("key with NUL in the name", "{\"name\":\"deploy\\u0000\"}", "name");
        CreateKey("key with CRLF in the name", "{\"name\":\"deploy\\r\\nX-Injected: 1\"}", "name");
        CreateKey("key with a right-to-left override in the name", "{\"name\":\"deploy\u202Etxt.exe\"}", "name");
        CreateKey("key expiring in the past", "{\"name\":\"old\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "expiresAt");
        CreateKey("key expiry without an offset", "{\"name\":\"local\",\"expiresAt\":\"2099-01-01T00:00:00\"}", "expiresAt");
        CreateKey("key expiry as a date only", "{\"name\":\"date\",\"expiresAt\":\"2099-01-01\"}", "expiresAt");
        CreateKey("key expiry not a time", "{\"name\":\"junk\",\"expiresAt\":\"tomorrow'; DROP TABLE api_keys;--\"}", "expiresAt");
        CreateKey("key expiry beyond ten years", "{\"name\":\"forever\",\"expiresAt\":\"9999-12-31T23:59:59Z\"}", "expiresAt");
        CreateKey("key expiry with an impossible date", "{\"name\":\"feb\",\"expiresAt\":\"2099-02-30T00:00:00Z\"}", "expiresAt");
        CreateKey("key with both fields wrong", "{\"name\":\"\",\"expiresAt\":\"soon\"}", "expiresAt");
        data.Add("key expiry of the wrong type", "POST", "/api/keys", "{\"name\":\"typed\",\"expiresAt\":42}", 400, null);
        data.Add("revoke of an unknown key", "DELETE", $"/api/keys/{Guid.Empty}", null, 404, null);
        data.Add("revoke with a malformed id", "DELETE", "/api/keys/not-a-guid", null, 404, null);
        data.Add("stats excludeBots not a boolean", "GET", $"/api/links/{OwnLinkCode}/stats?excludeBots=yes", null, 400, "excludeBots");
        data.Add("stats excludeBots as a number", "GET", $"/api/links/{OwnLinkCode}/stats?excludeBots=1", null, 400, "excludeBots");
        data.Add("stats excludeBots in capitals", "GET", $"/api/links/{OwnLinkCode}/stats?excludeBots=TRUE", null, 400, "excludeBots");
        data.Add("stats excludeBots as SQL", "GET", $"/api/links/{OwnLinkCode}/stats?excludeBots=true'%3B%20DROP%20TABLE%20clicks%3B--", null, 400, "excludeBots");
        data.Add("list search with NUL", "GET", "/api/links?q=%00", null, 400, "q");
        void ExportClicks(string name, string query, string field) => data.Add(name, "GET", $"/api/links/{OwnLinkCode}/clicks.csv?{query}", null, 400, field);
        ExportClicks("clicks export from not a time", "from=yesterday'%20OR%201=1", "from");
        ExportClicks("clicks export to not a time", "to=%00", "to");
        ExportClicks("clicks export from after to", "from=2026-11-28T00:00:00Z&to=2026-11-27T00:00:00Z", "from");
        ExportClicks("clicks export from equal to to", "from=2026-11-28T00:00:00Z&to=2026-11-28T00:00:00Z", "from");
        ExportClicks("clicks export over 400 days", "from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        ExportClicks("clicks export in year 1", "from=0001-01-01T00:00:00Z", "from");
        ExportClicks("clicks export to in year 9999", "to=9999-12-31T23:59:59Z", "to");
        ExportClicks("clicks export with an impossible date", "to=2026-02-30T00:00:00Z", "to");
        data.Add("clicks export of an unknown code", "GET", "/api/links/zz-unknown-zz/clicks.csv", null, 404, null);
        data.Add("clicks export of a code with a slash", "GET", "/api/links/..%2fexport/clicks.csv", null, 404, null);
        data.Add("redirect with encoded CRLF", "GET", "/abc%0d%0aSet-Cookie:x=1", null, 404, null);
        data.Add("redirect with a path traversal", "GET", "/..%2f..%2fetc%2fpasswd", null, 404, null);
        data.Add("redirect with SQL injection", "GET", "/x'%20OR%20'1'='1", null, 404, null);
        void Qr(string name, string query, string field) => data.Add(name, "GET", $"/{OwnLinkCode}/qr?{query}", null, 400, field);
        Qr("qr format unknown", "format=gif", "format");
        Qr("qr format empty", "format=", "format");
        Qr("qr format as a script tag", "format=%3Cscript%3E", "format");
        Qr("qr format with NUL", "format=png%00", "format");
        Qr("qr format given twice", "format=png&format=svg", "format");
        Qr("qr size below the minimum", "size=99", "size");
        Qr("qr size above the maximum", "size=1001", "size");
        Qr("qr size zero", "size=0", "size");
        Qr("qr size negative", "size=-300", "size");
        Qr("qr size beyond an int", "size=99999999999999999999", "size");
        Qr("qr size with an exponent", "size=1e3", "size");
        Qr("qr size with a fraction", "size=300.5", "size");
        Qr("qr size with a plus sign", "size=%2B300", "size");
        Qr("qr size not a number", "size=large", "size");
        Qr("qr size as SQL", "size=300;DROP%20TABLE%20links", "size");
        Qr("qr size given twice", "size=300&size=400", "size");
        data.Add("qr of a path traversal", "GET", "/..%2f..%2fetc%2fpasswd/qr", null, 404, null);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_refused_input_answers_a_clear_4xx_and_changes_nothing(string name, string method, string path, string? body, int expectedStatus, string? field)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var ownCode = (await user.CreateLinkAsync(api, "https://example.com/unchanged", Cancellation)).GetProperty("code").GetString()!;
        var ownHost = api.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var request = user.Request(new HttpMethod(method), path.Replace(OwnLinkCode, ownCode, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace(OwnShortHost, ownHost, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }
        using var response = await api.SendAsync(request, Cancellation);

        Assert.True(expectedStatus == (int)response.StatusCode, $"{name}: expected {expectedStatus}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancellation)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{name}: no error for '{field}' in {problem}");
            Assert.NotEmpty(messages.EnumerateArray());
        }
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
        using var redirect = await api.GetAsync("/" + ownCode, Cancellation);
        Assert.Equal("https://example.com/unchanged", redirect.Headers.Location?.AbsoluteUri);
    }
}
