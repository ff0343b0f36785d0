using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ApiContract;
using Benchmarks.Stack;

namespace Benchmarks.Scenarios;

// Uploads one CSV of new links and polls the import until the Worker has finished it.
public static class ImportBenchmark
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<ImportResult> RunAsync(BenchmarkStack stack, string accessToken, int rows, CancellationToken cancellationToken)
    {
        using var api = new HttpClient { BaseAddress = stack.ApiThroughProxy };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var batch = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("url\n");
        for (var row = 0; row < rows; row++)
        {
            csv.Append("https://bench.example/import/").Append(batch).Append('/').Append(row).Append('\n');
        }

        var clock = Stopwatch.StartNew();
        using var upload = await api.PostAsync("/api/imports", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), cancellationToken);
        var accepted = clock.Elapsed;
        if (!upload.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The import upload answered {(int)upload.StatusCode}: {await upload.Content.ReadAsStringAsync(cancellationToken)}");
        }
        var location = upload.Headers.Location ?? throw new InvalidOperationException("The import upload answered without a Location.");
        var consistency = upload.Headers.TryGetValues(ContractHeaders.ConsistencyToken, out var values) ? values.First() : null;

        while (clock.Elapsed < Limit)
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, location);
            if (consistency is not null)
            {
                poll.Headers.Add(ContractHeaders.ConsistencyToken, consistency);
            }
            using var response = await api.SendAsync(poll, cancellationToken);
            response.EnsureSuccessStatusCode();
            var import = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var status = import.GetProperty("status").GetString()!;
            if (status is "completed" or "failed")
            {
                var seconds = clock.Elapsed.TotalSeconds;
                return new ImportResult(rows, Math.Round(accepted.TotalMilliseconds, 1), Math.Round(seconds, 2), Math.Round(rows / seconds, 1), status,
                    import.GetProperty("succeeded").GetInt32(), import.GetProperty("failed").GetInt32());
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        throw new TimeoutException($"The import of {rows} rows did not complete within {Limit}.");
    }
}
