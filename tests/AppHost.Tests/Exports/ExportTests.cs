using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;
using CsvHelper;
using Npgsql;

namespace AppHost.Tests.Exports;

// The CSV exports on the real stack: the caller's links with every field, and a link's raw clicks in a range, read
// back with a CSV parser. Rows written straight into Postgres are read with the primary's position as the
// consistency token, so the replica has them before the export reads.
public sealed class ExportTests(SharedStack shared)
{
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_links_export_has_the_callers_links_with_every_field_formulas_escaped_and_quotes_commas_and_newlines_kept()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var other = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var otherCode = (await other.CreateLinkAsync(api, "https://example.com/export/not-yours", Cancellation)).GetProperty("code").GetString()!;
        string[] titles = ["=HYPERLINK(\"https://evil.example/\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "Commas, \"quotes\", all kept", "Plain title"];
        var created = new List<JsonElement>();
        foreach (var (title, i) in titles.Select((title, i) => (title, i)))
        {
            created.Add(await CreateAsync(api, owner, i == 0
                ? (object)new { url = "https://example.com/export/0?a=1,b=2", title, tags = new[] { "spring", "news" }, validSince = "2026-01-01T00:00:00Z", validUntil = "2099-01-01T12:30:00Z", maxVisits = 7 }
                : new { url = $"https://example.com/export/{i}", title, tags = Array.Empty<string>(), validSince = (string?)null, validUntil = (string?)null, maxVisits = (int?)null }));
        }
        // The Api refuses control characters in a title; a newline written some other way must still round-trip.
        var multiline = "Two lines\r\nof title";
        var afterUpdate = await OnPrimaryAsync("UPDATE links SET title = @title WHERE code = @code", ("title", multiline), ("code", Code(created[^1])));

        var rows = await ExportAsync(api, owner.Request(HttpMethod.Get, "/api/links/export"), afterUpdate);

        Assert.Equal(["code", "shortUrl", "url", "title", "tags", "validSince", "validUntil", "maxVisits", "clicks", "createdAt"], rows[0]);
        Assert.Equal(created.Select(Code), rows.Skip(1).Select(row => row[0]));
        Assert.DoesNotContain(rows, row => row[0] == otherCode);
        var first = rows[1];
        Assert.Equal(created[0].GetProperty("shortUrl").GetString(), first[1]);
        Assert.Equal("https://example.com/export/0?a=1,b=2", first[2]);
        Assert.Equal("'" + titles[0], first[3]);
        Assert.Equal("spring|news", first[4]);
        Assert.Equal(["2026-01-01T00:00:00Z", "2099-01-01T12:30:00Z", "7", "0"], first[5..9]);
        Assert.Equal(created[0].GetProperty("createdAt").GetDateTime(), DateTime.Parse(first[9], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
        Assert.EndsWith("Z", first[9], StringComparison.Ordinal);
        Assert.Equal(["'+1+1", "'-2+3", "'@SUM(A1:A2)", "Commas, \"quotes\", all kept", multiline], rows.Skip(2).Select(row => row[3]));
        Assert.Equal(["", "", "", ""], rows[2][4..8]);
    }

    [Fact]
    public async Task The_clicks_export_has_a_row_per_click_in_the_range_and_no_visitor_hash_for_the_owner_only_and_by_api_key()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var other = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = Code(await CreateAsync(api, owner, new { url = "https://example.com/export/clicked" }));
        foreach (var (userAgent, referrer) in new[] { ("Mozilla/5.0 Firefox/130", "https://a.example/x"), ("Googlebot/2.1", (string?)null), ("Mozilla/5.0 Safari/17", "https://b.example/") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + code);
            request.Headers.UserAgent.ParseAdd(userAgent);
            if (referrer is not null)
            {
                request.Headers.Referrer = new Uri(referrer);
            }
            using var redirect = await api.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        }
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), stored => stored == 3, PipelineTimeout, "the 3 clicks stored");
        // Two older clicks, 10 and 40 days ago: inside and outside the default 30 days.
        var now = DateTime.UtcNow;
        var tenDaysAgo = now.AddDays(-10);
        var fortyDaysAgo = new DateTime(now.AddDays(-40).Ticks / 10 * 10, DateTimeKind.Utc);
        var stored = await OnPrimaryAsync(
            """
            INSERT INTO clicks (event_id, code, occurred_at, referrer_host, user_agent_class, visitor_hash)
            VALUES (gen_random_uuid(), @code, @tenDaysAgo, 'old.example', 'browser', 'feedfacefeedfacefeedfacefeedface'),
                   (gen_random_uuid(), @code, @fortyDaysAgo, NULL, 'unknown', 'feedfacefeedfacefeedfacefeedface')
            """, ("code", code), ("tenDaysAgo", tenDaysAgo), ("fortyDaysAgo", fortyDaysAgo));

        var recent = await ExportAsync(api, owner.Request(HttpMethod.Get, $"/api/links/{code}/clicks.csv"), stored);
        Assert.Equal(["time", "referrerHost", "agentClass"], recent[0]);
        Assert.Equal(4, recent.Count - 1);
        Assert.Equal(["old.example", "a.example", "", "b.example"], recent.Skip(1).Select(row => row[1]));
        Assert.Equal(["browser", "browser", "bot", "browser"], recent.Skip(1).Select(row => row[2]));
        Assert.All(recent.Skip(1), row => Assert.Equal(3, row.Length));
        Assert.DoesNotContain(recent.SelectMany(row => row), cell => cell.Contains("feedface", StringComparison.Ordinal));

        var from = Uri.EscapeDataString(now.AddDays(-45).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(now.AddDays(-20).ToString("O", CultureInfo.InvariantCulture));
        var older = await ExportAsync(api, owner.Request(HttpMethod.Get, $"/api/links/{code}/clicks.csv?from={from}&to={to}"), stored);
        Assert.Equal([fortyDaysAgo.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture), "", "unknown"], Assert.Single(older.Skip(1)));
        var all = await ExportAsync(api, owner.Request(HttpMethod.Get, $"/api/links/{code}/clicks.csv?from={from}"), stored);
        Assert.Equal(5, all.Count - 1);

        foreach (var (query, field) in new[] { ("from=last%20week", "from"), ("to=soon", "to"), ($"from={to}&to={from}", "from"), ("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from") })
        {
            using var refused = await api.SendAsync(owner.Request(HttpMethod.Get, $"/api/links/{code}/clicks.csv?{query}"), Cancellation);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty(field, out _), query);
        }
        using var notTheirs = await api.SendAsync(other.Request(HttpMethod.Get, $"/api/links/{code}/clicks.csv"), Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal("application/problem+json", notTheirs.Content.Headers.ContentType?.MediaType);
        using var anonymous = await api.GetAsync($"/api/links/{code}/clicks.csv", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var key = await CreateKeyAsync(api, owner);
        using var byKey = new HttpRequestMessage(HttpMethod.Get, $"/api/links/{code}/clicks.csv");
        byKey.Headers.Add(ContractHeaders.ApiKey, key);
        Assert.Equal(5, (await ExportAsync(api, byKey, stored)).Count);
        using var linksByKey = new HttpRequestMessage(HttpMethod.Get, "/api/links/export");
        linksByKey.Headers.Add(ContractHeaders.ApiKey, key);
        Assert.Equal([code], (await ExportAsync(api, linksByKey, stored)).Skip(1).Select(row => row[0]));
    }

    [Fact]
    public async Task Both_exports_are_in_the_openapi_document_as_csv_with_their_parameters()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);

        var paths = (await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation)).GetProperty("paths");

        var links = paths.GetProperty("/api/links/export").GetProperty("get");
        var clicks = paths.GetProperty("/api/links/{code}/clicks.csv").GetProperty("get");
        foreach (var export in new[] { links, clicks })
        {
            Assert.True(export.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _), export.ToString());
            Assert.True(export.GetProperty("responses").TryGetProperty("401", out _));
            Assert.True(export.GetProperty("responses").TryGetProperty("503", out _));
            Assert.True(export.TryGetProperty("security", out _));
        }
        Assert.Equal(["code", "from", "to"], clicks.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        Assert.True(clicks.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(clicks.GetProperty("responses").TryGetProperty("404", out _));
    }

    // Sends the export request with the given consistency token and parses the whole CSV (these exports are small).
    private async Task<List<string[]>> ExportAsync(HttpClient api, HttpRequestMessage request, string consistencyToken)
    {
        request.Headers.Remove(ContractHeaders.ConsistencyToken);
        request.Headers.Add(ContractHeaders.ConsistencyToken, consistencyToken);
        using var response = await api.SendAsync(request, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{request.RequestUri} answered {response.StatusCode}: {text}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var rows = new List<string[]>();
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false });
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(field => reader.GetString(field))]);
        }
        return rows;
    }

    // Runs a statement on the primary and returns its WAL position after, as a consistency token.
    private async Task<string> OnPrimaryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await connection.OpenAsync(Cancellation);
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            await command.ExecuteNonQueryAsync(Cancellation);
        }
        await using var position = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", connection);
        return (string)(await position.ExecuteScalarAsync(Cancellation))!;
    }

    private async Task<JsonElement> CreateAsync(HttpClient api, TestUser user, object link)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", link), Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a link answered {response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private async Task<string> CreateKeyAsync(HttpClient api, TestUser user)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Post, "/api/keys", new { name = "exporter" }), Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
    }

    private static string Code(JsonElement link) => link.GetProperty("code").GetString()!;
}
