using Npgsql;

namespace Benchmarks.Drills;

// Where a drill's clicks end up, read on the primary: the click rows of its code and their rollup total.
public sealed class ClickLedger(string primaryConnectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource primary = NpgsqlDataSource.Create(primaryConnectionString);

    public Task<long> RecordedAsync(string code, CancellationToken cancellationToken) =>
        CountAsync("SELECT count(*) FROM clicks WHERE code = @code", code, cancellationToken);

    public Task<long> RollupTotalAsync(string code, CancellationToken cancellationToken) =>
        CountAsync("SELECT coalesce(sum(clicks), 0)::bigint FROM link_click_totals WHERE code = @code", code, cancellationToken);

    private async Task<long> CountAsync(string sql, string code, CancellationToken cancellationToken)
    {
        await using var command = primary.CreateCommand(sql);
        command.Parameters.AddWithValue("code", code);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => primary.DisposeAsync();
}
